"""Every write to accounts: profiles, API tokens, recruiter requests, abandoned sign-ups."""

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.forms import BaseInlineFormSet
from django.utils import timezone
from rest_framework.authtoken.models import Token

from jobs.models import Company
from jobs.services.companies import company_create
from outbox.services import message_queue

from . import notifications
from .forms import ProfileForm
from .models import RecruiterRequest, RecruiterRequestStatus, Role, User


@transaction.atomic
def profile_update(*, form: ProfileForm, links: BaseInlineFormSet) -> User:
    """Save a validated profile form and its links together, or neither."""
    user = form.save()
    user.profile_skills.set(form.cleaned_data["profile_skills"])
    links.instance = user
    links.save()
    return user


@transaction.atomic
def user_update(*, user: User, fields: dict[str, Any]) -> User:
    """Set profile fields from serializer-validated input (model validators already ran)."""
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    return user


def token_issue(*, user: User) -> Token:
    """Return the user's API token, creating it on first use."""
    token, _ = Token.objects.get_or_create(user=user)
    return token


def token_revoke(*, user: User) -> None:
    Token.objects.filter(user=user).delete()


@transaction.atomic
def accounts_purge_unverified(*, older_than: timedelta) -> int:
    """Delete sign-ups that never verified an address within ``older_than``; return how many.

    Staff and accounts with any verified address are kept whatever their age, so
    running this twice removes nothing more the second time.
    """
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    stale = User.objects.filter(
        date_joined__lt=timezone.now() - older_than, is_staff=False, is_superuser=False
    ).exclude(Exists(verified))
    _, per_model = stale.delete()
    return per_model.get(User._meta.label, 0)


class RequestDecidedError(ValidationError):
    """The recruiter request was approved or declined already."""


@transaction.atomic
def recruiter_request_create(
    *,
    user: User,
    company: Company | None,
    company_name: str = "",
    company_website: str = "",
    work_email: str,
    note: str = "",
) -> RecruiterRequest:
    """Ask staff to make ``user`` a recruiter of ``company``, or of a new company named here."""
    # The applicant's row is locked so that a form sent twice at once makes one request.
    applicant = User.objects.select_for_update().get(pk=user.pk)
    if not applicant.can_ask_to_recruit:
        raise PermissionDenied("Recruiters and staff post jobs already; only candidates ask to.")
    if company is not None and (company_name or company_website):
        raise ValidationError("Pick a company from the list or name a new one, not both.")
    if company is None and company_name and not company_website:
        raise ValidationError(
            {"company_website": "Give the new company's website, so our staff can check it."}
        )
    recruiter_request = RecruiterRequest(
        user=applicant,
        company=company,
        company_name=company_name,
        company_website=company_website,
        work_email=work_email,
        note=note,
    )
    # Also checks the one-open-request-per-user constraint, with its message for people.
    recruiter_request.full_clean()
    recruiter_request.save()
    return recruiter_request


@transaction.atomic
def recruiter_request_approve(
    *, recruiter_request: RecruiterRequest, moderator: User
) -> RecruiterRequest:
    """Make the applicant a recruiter of the company, creating it (unverified) when it is new."""
    _require_staff(moderator)
    recruiter_request = _pending(recruiter_request)
    applicant = recruiter_request.user
    applicant.role = Role.RECRUITER
    applicant.save(update_fields=["role"])
    if recruiter_request.company is None:
        fields = {
            "name": recruiter_request.company_name,
            "website": recruiter_request.company_website,
        }
        recruiter_request.company = company_create(user=applicant, fields=fields)
    else:
        recruiter_request.company.recruiters.add(applicant)
    _decide(recruiter_request, RecruiterRequestStatus.APPROVED, moderator)
    return recruiter_request


@transaction.atomic
def recruiter_request_reject(
    *, recruiter_request: RecruiterRequest, moderator: User, reason: str
) -> RecruiterRequest:
    """Decline the request; the applicant reads ``reason`` in their e-mail and on their profile."""
    _require_staff(moderator)
    if not reason.strip():
        raise ValidationError({"rejection_reason": "Tell the applicant why."})
    recruiter_request = _pending(recruiter_request)
    recruiter_request.rejection_reason = reason.strip()
    _decide(recruiter_request, RecruiterRequestStatus.REJECTED, moderator)
    return recruiter_request


def _require_staff(user: User) -> None:
    if not (user.is_active and user.is_staff):
        raise PermissionDenied("Only staff decide recruiter requests.")


def _pending(recruiter_request: RecruiterRequest) -> RecruiterRequest:
    """The request's row, locked, if it still waits for a decision."""
    # "of" keeps the lock off the nullable company's row, which PostgreSQL refuses to lock.
    locked = (
        RecruiterRequest.objects.select_for_update(of=("self",))
        .select_related("user", "company")
        .get(pk=recruiter_request.pk)
    )
    if not locked.is_pending:
        raise RequestDecidedError(f"This request was {locked.get_status_display().lower()}.")
    return locked


def _decide(recruiter_request: RecruiterRequest, status: str, moderator: User) -> None:
    recruiter_request.status = status
    recruiter_request.decided_at = timezone.now()
    recruiter_request.decided_by = moderator
    recruiter_request.full_clean()
    recruiter_request.save()
    message_queue(
        handler=notifications.recruiter_request_email_send,
        kwargs={"request_id": recruiter_request.pk},
    )
