"""Companies: a recruiter creates theirs on first post; staff verify and link recruiters."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from jobs.models import Company


def _free_slug(name: str) -> str:
    base = slugify(name)[:180] or "company"
    slug, suffix = base, 2
    taken = set(Company.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def company_create(*, user: User, fields: dict[str, Any]) -> Company:
    """Create an unverified company with ``user`` as its first recruiter."""
    if not (user.is_recruiter or user.is_staff):
        raise PermissionDenied("Only recruiters add companies.")
    company = Company(**fields, verified=False)
    company.slug = _free_slug(company.name)
    company.full_clean()
    company.save()
    company.recruiters.add(user)
    return company
