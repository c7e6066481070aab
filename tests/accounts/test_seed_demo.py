"""The seed_demo command's accounts: who it creates, that they can sign in, re-runs, refusal."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import auth
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_PASSWORD
from accounts.models import Role, User
from jobs.models import Company

pytestmark = pytest.mark.django_db

DEMO_EMAILS = [
    "admin@example.com",
    "candidate@example.com",
    "recruiter1@example.com",
    "recruiter2@example.com",
]


def seed():
    """Run seed_demo; the test database is only "production" when it is PostgreSQL."""
    out = io.StringIO()
    call_command("seed_demo", allow_production=not settings.EMBEDDED, stdout=out)
    return out.getvalue()


def counts():
    return (User.objects.count(), Company.objects.count(), EmailAddress.objects.count())


def test_seed_creates_the_demo_accounts():
    """The four demo accounts exist afterwards, each with a verified address."""
    seed()

    assert set(DEMO_EMAILS) <= set(User.objects.values_list("email", flat=True))
    assert EmailAddress.objects.filter(email__in=DEMO_EMAILS, verified=True).count() == 4


def test_seed_admin_is_staff_and_superuser():
    """admin@example.com opens the admin with every permission."""
    seed()

    admin = User.objects.get(email="admin@example.com")
    assert admin.is_staff
    assert admin.is_superuser


def test_seed_candidate_has_a_profile():
    """The demo candidate is a candidate, not staff, with a filled-in profile."""
    seed()

    candidate = User.objects.get(email="candidate@example.com")
    assert candidate.role == Role.CANDIDATE
    assert not candidate.is_staff
    assert candidate.headline


def test_seed_recruiters_act_for_two_different_companies():
    """Each demo recruiter recruits for one company, and not for the other's."""
    seed()

    first = User.objects.get(email="recruiter1@example.com")
    second = User.objects.get(email="recruiter2@example.com")
    assert (first.role, second.role) == (Role.RECRUITER, Role.RECRUITER)
    [first_company] = first.companies.all()
    [second_company] = second.companies.all()
    assert first_company != second_company
    assert first.can_recruit_for(first_company)
    assert not first.can_recruit_for(second_company)
    assert second.can_recruit_for(second_company)


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_seed_accounts_sign_in_with_the_demo_password(client, log_in, email):
    """Every demo account signs in through the login form with the published password."""
    seed()

    log_in(client, email, DEMO_PASSWORD)

    assert auth.get_user(client) == User.objects.get(email=email)


def test_seed_prints_the_accounts_and_password():
    """The output lists each demo login and the password to use."""
    out = seed()

    assert DEMO_PASSWORD in out
    assert all(email in out for email in DEMO_EMAILS)


def test_seed_twice_changes_nothing():
    """A second run adds no users, companies or addresses and keeps edited profiles."""
    seed()
    before = counts()
    User.objects.filter(email="candidate@example.com").update(headline="Edited by the user")

    seed()

    assert counts() == before
    assert User.objects.get(email="candidate@example.com").headline == "Edited by the user"


def test_seed_refuses_a_production_database_without_the_flag(settings):
    """With DATABASE_URL set the command stops before writing anything."""
    settings.EMBEDDED = False

    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo", stdout=io.StringIO())

    assert not User.objects.exists()


def test_seed_on_a_production_database_runs_with_the_flag(settings):
    """--allow-production lets an operator seed a demo deployment on PostgreSQL."""
    settings.EMBEDDED = False

    call_command("seed_demo", allow_production=True, stdout=io.StringIO())

    assert User.objects.filter(email__in=DEMO_EMAILS).count() == 4
