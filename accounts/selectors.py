"""Reads for account pages and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import RecruiterRequest, RecruiterRequestStatus, User

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from jobs.models import Company


def profile_for_edit(*, user_id: int) -> User:
    """Return a separate copy of the signed-in user for a profile form to bind to.

    A form that fails validation has already written the rejected values onto its
    instance; binding to a copy keeps the signed-in user (shown in the page header)
    as stored.
    """
    return User.objects.get(pk=user_id)


def companies_recruited_for(*, user: User) -> QuerySet[Company]:
    return user.companies.all()


def recruiter_request_latest(*, user: User) -> RecruiterRequest | None:
    """The user's newest request to become a recruiter: waiting, or how it was decided."""
    return RecruiterRequest.objects.select_related("company").filter(user=user).first()


def pending_recruiter_request_count() -> int:
    """How many requests to become a recruiter wait for staff."""
    return RecruiterRequest.objects.filter(status=RecruiterRequestStatus.PENDING).count()
