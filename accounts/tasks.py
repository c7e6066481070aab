"""Periodic account housekeeping."""

from celery import shared_task
from django.conf import settings

from .services import accounts_purge_unverified


@shared_task
def purge_unverified_accounts() -> int:
    return accounts_purge_unverified(older_than=settings.ACCOUNTS_UNVERIFIED_TTL)
