"""Reads for account pages and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import User

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
