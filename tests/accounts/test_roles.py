"""Who may act for a company, and who may open the admin site."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_recruiter_can_recruit_for_own_company(recruiter, company):
    """A recruiter listed on a company acts for it."""
    assert recruiter.can_recruit_for(company)


def test_recruiter_cannot_recruit_for_another_company(recruiter, other_company):
    """Being a recruiter somewhere gives no rights at a company one is not listed on."""
    assert not recruiter.can_recruit_for(other_company)


def test_candidate_listed_on_company_cannot_recruit(candidate, company):
    """Membership alone is not enough: the user must also have the recruiter role."""
    company.recruiters.add(candidate)

    assert not candidate.can_recruit_for(company)


def test_staff_can_recruit_for_any_company(staff_user, company, other_company):
    """Staff act for every company without being listed on it."""
    assert staff_user.can_recruit_for(company)
    assert staff_user.can_recruit_for(other_company)


def test_inactive_recruiter_cannot_recruit(recruiter, company):
    """A deactivated account loses its company rights even while still listed."""
    recruiter.is_active = False
    recruiter.save()

    assert not recruiter.can_recruit_for(company)


def test_inactive_staff_cannot_recruit(company):
    """Deactivation wins over the staff flag too."""
    user = UserFactory.create(is_staff=True, is_active=False)

    assert not user.can_recruit_for(company)


def test_staff_can_open_admin(client, staff_user):
    """The admin index answers 200 for staff."""
    client.force_login(staff_user)

    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("role_fixture", ["candidate", "recruiter"])
def test_non_staff_are_sent_to_admin_login(client, request, role_fixture):
    """Candidates and recruiters get the admin login page, never the admin itself."""
    client.force_login(request.getfixturevalue(role_fixture))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_can_open_user_list_in_admin(client, staff_user, candidate):
    """The user admin lists accounts by e-mail, with their links inline on the change page."""
    client.force_login(staff_user)

    listing = client.get(reverse("admin:accounts_user_changelist"))
    change = client.get(reverse("admin:accounts_user_change", args=[candidate.pk]))

    assert listing.status_code == 200
    assert candidate.email in listing.text
    assert change.status_code == 200
    assert 'name="links-TOTAL_FORMS"' in change.text


def test_staff_can_add_user_in_admin(client, staff_user):
    """The admin's add-user form creates an account from an e-mail, role and password."""
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.recruiter@example.com",
            "role": "recruiter",
            "password1": "hiring-lantern-3390",
            "password2": "hiring-lantern-3390",
            "usable_password": "true",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.recruiter@example.com")
    assert user.role == Role.RECRUITER
    assert user.check_password("hiring-lantern-3390")
