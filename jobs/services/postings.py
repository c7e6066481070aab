"""A posting's life: create, edit, submit, moderate, close, repost, expire.

The status machine and the derived fields are jobs.domain's; these functions check who
acts, lock, write and notify.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from careers.models import Skill
from jobs import domain, notifications, permissions
from jobs.board_cache import board_changed, changes_board
from jobs.domain import PostingStatus
from jobs.models import BoardSettings, Company, JobPosting
from outbox import services as outbox

from . import dedupe

Status = PostingStatus

# Fields a recruiter sets; everything else is derived or belongs to moderation.
RECRUITER_FIELDS = (
    "title",
    "description",
    "level",
    "technical",
    "employment_type",
    "remote_policy",
    "applicant_countries",
    "city",
    "region",
    "country",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "apply_method",
    "apply_url",
    "apply_email",
)


class TransitionError(ValidationError):
    """The posting is not in a status that allows this action."""


def _require_recruiter(user: User, company: Company) -> None:
    if not permissions.can_write(user, company):
        raise PermissionDenied("You do not recruit for this company.")


def _require_status(posting: JobPosting, action: str) -> None:
    if not domain.allows(posting.status, action):
        raise TransitionError(
            f"A {posting.get_status_display().lower()} posting cannot be {action}."
        )


def _apply_fields(posting: JobPosting, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(RECRUITER_FIELDS)
    if unknown:
        raise ValueError(f"Not recruiter-editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(posting, name, value)
    posting.level = domain.level_for(posting.title, fields.get("level"))
    posting.technical = domain.technical_for(posting.title, fields.get("technical"))


def _require_salary_range(posting: JobPosting) -> None:
    errors = {}
    if posting.salary_min is None:
        errors["salary_min"] = "Give the lowest salary you would pay."
    if posting.salary_max is None:
        errors["salary_max"] = "Give the highest salary you would pay."
    if errors:
        raise ValidationError(errors)


def _set_skills(posting: JobPosting, skills: Iterable[Skill]) -> None:
    skills = list(skills)
    posting.skills.set(skills)
    posting.skills_text = domain.skills_text(skill.name for skill in skills)
    JobPosting.objects.filter(pk=posting.pk).update(skills_text=posting.skills_text)


def _validate_and_save(posting: JobPosting) -> None:
    posting.full_clean(exclude=["slug", "company", "skills"])
    _require_salary_range(posting)
    posting.dedupe_key = dedupe.key_for(posting)
    posting.save()


@changes_board
@transaction.atomic
def posting_create(
    *,
    user: User,
    company: Company,
    fields: dict[str, Any],
    skills: Iterable[Skill] = (),
    submit: bool = False,
) -> JobPosting:
    """Create a draft for ``company``; with ``submit`` send it on for review at once."""
    _require_recruiter(user, company)
    posting = JobPosting(company=company, created_by=user, status=domain.STARTING_STATUS)
    _apply_fields(posting, fields)
    posting.slug = domain.posting_slug(posting.title, company.name, secrets.token_hex(3))
    _validate_and_save(posting)
    _set_skills(posting, skills)
    if submit:
        posting = posting_submit(posting=posting, user=user)
    return posting


@changes_board
@transaction.atomic
def posting_update(
    *,
    posting: JobPosting,
    user: User,
    fields: dict[str, Any],
    skills: Iterable[Skill] | None = None,
) -> JobPosting:
    """Edit a posting. A live posting of an unverified company goes back to review."""
    posting = _lock(posting)
    _require_recruiter(user, posting.company)
    _require_status(posting, "edited")
    _apply_fields(posting, fields)
    status = domain.edited_status(posting.status, verified=posting.company.verified)
    if status != posting.status:
        posting.status = status
        _notify_on_commit("submitted", posting)
    _validate_and_save(posting)
    if skills is not None:
        _set_skills(posting, skills)
    return posting


@changes_board
@transaction.atomic
def posting_submit(*, posting: JobPosting, user: User) -> JobPosting:
    """Send a draft or rejected posting for review, or publish it for a verified company."""
    posting = _lock(posting)
    _require_recruiter(user, posting.company)
    _require_status(posting, "submitted")
    _require_salary_range(posting)
    posting.rejection_reason = ""
    posting.status = domain.submitted_status(verified=posting.company.verified)
    if posting.status == Status.PUBLISHED:
        _publish(posting)
    else:
        posting.save(update_fields=["status", "rejection_reason", "updated_at"])
        _notify_on_commit("submitted", posting)
    return posting


@changes_board
@transaction.atomic
def posting_approve(*, posting: JobPosting, moderator: User) -> JobPosting:
    posting = _lock(posting)
    _require_staff(moderator)
    _require_status(posting, "approved")
    _publish(posting)
    _notify_on_commit("approved", posting)
    return posting


@changes_board
@transaction.atomic
def posting_reject(*, posting: JobPosting, moderator: User, reason: str) -> JobPosting:
    posting = _lock(posting)
    _require_staff(moderator)
    _require_status(posting, "rejected")
    if not reason.strip():
        raise ValidationError({"rejection_reason": "Tell the recruiter what to change."})
    posting.status = Status.REJECTED
    posting.rejection_reason = reason.strip()
    posting.save(update_fields=["status", "rejection_reason", "updated_at"])
    _notify_on_commit("rejected", posting)
    return posting


@changes_board
@transaction.atomic
def posting_close(*, posting: JobPosting, user: User, filled: bool) -> JobPosting:
    """Close a posting as filled (the role is taken) or archive it (withdrawn)."""
    posting = _lock(posting)
    _require_recruiter(user, posting.company)
    _require_status(posting, "marked filled" if filled else "archived")
    posting.status = Status.FILLED if filled else Status.ARCHIVED
    posting.save(update_fields=["status", "updated_at"])
    return posting


@changes_board
@transaction.atomic
def posting_repost(*, posting: JobPosting, user: User) -> JobPosting:
    """Open a closed posting again with fresh dates; unverified companies go through review."""
    posting = _lock(posting)
    _require_recruiter(user, posting.company)
    _require_status(posting, "reposted")
    posting.posted_at = None
    posting.valid_through = None
    posting.expiry_warned_at = None
    posting.duplicate_of = None
    posting.status = domain.submitted_status(verified=posting.company.verified)
    if posting.status == Status.PUBLISHED:
        _publish(posting)
    else:
        posting.save()
        _notify_on_commit("submitted", posting)
    return posting


def postings_expire(*, now: datetime | None = None) -> int:
    """Expire every live posting past its valid-through date; return how many."""
    now = now or timezone.now()
    expired = JobPosting.objects.filter(status=Status.PUBLISHED, valid_through__lte=now).update(
        status=Status.EXPIRED, updated_at=now
    )
    if expired:
        board_changed()
    return expired


@transaction.atomic
def postings_warn_expiring(*, now: datetime | None = None) -> int:
    """Warn recruiters once about postings that expire within the warning window."""
    now = now or timezone.now()
    window = timedelta(days=BoardSettings.load().expiry_warning_days)
    due = JobPosting.objects.filter(
        status=Status.PUBLISHED,
        expiry_warned_at__isnull=True,
        valid_through__gt=now,
        valid_through__lte=now + window,
    )
    # Rows another run is warning about right now are skipped, not waited for.
    posting_ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True))
    JobPosting.objects.filter(pk__in=posting_ids).update(expiry_warned_at=now)
    for posting_id in posting_ids:
        _notify_id_on_commit("expiring", posting_id)
    return len(posting_ids)


def _publish(posting: JobPosting) -> None:
    posting.status = Status.PUBLISHED
    posting.posted_at, posting.valid_through = domain.publication_dates(
        now=timezone.now(),
        valid_through=posting.valid_through,
        validity=BoardSettings.load().validity,
    )
    posting.dedupe_key = dedupe.key_for(posting)
    posting.save()
    original_id = dedupe.find_original(posting)
    if original_id is not None:
        posting.duplicate_of_id = original_id
        posting.save(update_fields=["duplicate_of"])


def _lock(posting: JobPosting) -> JobPosting:
    return JobPosting.objects.select_for_update().select_related("company").get(pk=posting.pk)


def _require_staff(user: User) -> None:
    if not (user.is_active and user.is_staff):
        raise PermissionDenied("Only staff moderate postings.")


def _notify_on_commit(kind: str, posting: JobPosting) -> None:
    _notify_id_on_commit(kind, posting.pk)


def _notify_id_on_commit(kind: str, posting_id: int) -> None:
    outbox.message_queue(
        handler=notifications.posting_email_send, kwargs={"posting_id": posting_id, "kind": kind}
    )
