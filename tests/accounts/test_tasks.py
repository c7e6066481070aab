"""Nightly removal of sign-ups that never verified their e-mail address."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.tasks import purge_unverified_accounts
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ttl(settings):
    settings.ACCOUNTS_UNVERIFIED_TTL = timedelta(days=14)
    return settings.ACCOUNTS_UNVERIFIED_TTL


def joined(age, **kwargs):
    return UserFactory.create(date_joined=timezone.now() - age, **kwargs)


def test_purge_deletes_old_unverified_accounts_and_returns_count(ttl):
    """Accounts past the TTL with no verified address are deleted and counted."""
    joined(ttl + timedelta(days=1), verified=False)
    joined(ttl + timedelta(days=30), verified=False)

    assert purge_unverified_accounts.apply().get() == 2
    assert not User.objects.exists()


def test_purge_deletes_old_accounts_that_never_had_an_address_record(ttl):
    """An old account without any e-mail address record counts as unverified."""
    joined(ttl + timedelta(days=1), verified=False)

    assert purge_unverified_accounts() == 1


def test_purge_keeps_verified_accounts(ttl, candidate):
    """An old account with a verified address stays."""
    User.objects.filter(pk=candidate.pk).update(date_joined=timezone.now() - ttl * 3)

    assert purge_unverified_accounts() == 0
    assert User.objects.filter(pk=candidate.pk).exists()


def test_purge_keeps_recent_unverified_accounts(ttl):
    """A sign-up still inside the TTL has time left to verify."""
    user = joined(ttl - timedelta(hours=1), verified=False)

    assert purge_unverified_accounts() == 0
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_superuser": True}])
def test_purge_keeps_staff_without_verified_address(ttl, flags):
    """Staff and superusers made from the command line are never removed."""
    user = joined(ttl * 2, verified=False, **flags)

    assert purge_unverified_accounts() == 0
    assert User.objects.filter(pk=user.pk).exists()


def test_purge_follows_the_configured_ttl(settings):
    """The age limit comes from ACCOUNTS_UNVERIFIED_TTL."""
    settings.ACCOUNTS_UNVERIFIED_TTL = timedelta(days=2)
    joined(timedelta(days=3), verified=False)
    kept = joined(timedelta(days=1), verified=False)

    assert purge_unverified_accounts() == 1
    assert list(User.objects.all()) == [kept]


def test_purge_twice_removes_nothing_more(ttl, candidate):
    """A second run right after the first finds nothing to delete."""
    joined(ttl * 2, verified=False)
    joined(timedelta(days=1), verified=False)

    assert purge_unverified_accounts() == 1
    remaining = set(User.objects.values_list("pk", flat=True))

    assert purge_unverified_accounts() == 0
    assert set(User.objects.values_list("pk", flat=True)) == remaining
