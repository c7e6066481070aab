"""Signing up through the real allauth pages: roles, verification e-mail, bad input."""

from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib import auth
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "roadmap-kite-4417"


def signup_data(**overrides):
    data = {
        "email": "newcomer@example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "name": "Nia Newcomer",
    }
    data.update(overrides)
    return data


def test_signup_page_offers_name_and_hiring_fields(client):
    """The sign-up page shows the portal's own fields next to e-mail and password."""
    response = client.get(reverse("account_signup"))

    assert response.status_code == 200
    assert 'name="name"' in response.text
    assert 'name="hiring"' in response.text


def test_signup_creates_candidate_by_default(client):
    """Without the hiring box ticked the new account is a candidate with the given name."""
    response = client.post(reverse("account_signup"), signup_data())

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="newcomer@example.com")
    assert user.role == Role.CANDIDATE
    assert user.name == "Nia Newcomer"
    assert not user.is_staff


def test_signup_with_hiring_checkbox_creates_recruiter(client):
    """Ticking "I'm hiring" makes the new account a recruiter."""
    client.post(reverse("account_signup"), signup_data(hiring="on"))

    assert User.objects.get(email="newcomer@example.com").role == Role.RECRUITER


def test_signup_sends_verification_email_and_leaves_address_unverified(client, mailed_path):
    """A verification link is mailed to the new address, which stays unverified until used."""
    client.post(reverse("account_signup"), signup_data())

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["newcomer@example.com"]
    assert mailed_path("/accounts/confirm-email/")
    address = EmailAddress.objects.get(email="newcomer@example.com")
    assert not address.verified
    assert not auth.get_user(client).is_authenticated


def test_unverified_user_cannot_log_in(client, log_in):
    """With mandatory verification, the right password alone does not open a session."""
    client.post(reverse("account_signup"), signup_data())
    client.logout()

    response = log_in(client, "newcomer@example.com", NEW_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not auth.get_user(client).is_authenticated


def test_confirmation_link_needs_post_to_verify(client, mailed_path):
    """Opening the link only shows a confirm button; the address is still unverified."""
    client.post(reverse("account_signup"), signup_data())

    response = client.get(mailed_path("/accounts/confirm-email/"))

    assert response.status_code == 200
    assert not EmailAddress.objects.get(email="newcomer@example.com").verified


def test_posting_confirmation_link_verifies_address_and_allows_login(client, mailed_path, log_in):
    """Confirming the link verifies the address; afterwards the password signs the user in."""
    client.post(reverse("account_signup"), signup_data())
    client.post(mailed_path("/accounts/confirm-email/"))
    client.logout()

    response = log_in(client, "newcomer@example.com", NEW_PASSWORD)

    assert EmailAddress.objects.get(email="newcomer@example.com").verified
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")
    assert auth.get_user(client) == User.objects.get(email="newcomer@example.com")


def test_mismatched_passwords_are_refused(client):
    """Two different passwords give a password2 error and no account."""
    response = client.post(reverse("account_signup"), signup_data(password2="something-else-99"))

    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not User.objects.exists()


@pytest.mark.parametrize("weak", ["password", "pm1", "12345678901"])
def test_weak_password_is_refused(client, weak):
    """Common, short or all-numeric passwords fail Django's validators; no account is made."""
    response = client.post(reverse("account_signup"), signup_data(password1=weak, password2=weak))

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.exists()


def test_malformed_email_is_refused(client):
    """An address without a domain gives an e-mail error and no account."""
    response = client.post(reverse("account_signup"), signup_data(email="not-an-address"))

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not User.objects.exists()


def test_registered_email_does_not_create_second_account(client, candidate):
    """Signing up with a taken address neither crashes nor makes a second account.

    The answer looks like a successful sign-up so that the page does not reveal who
    has an account; the owner of the address is told by e-mail instead.
    """
    response = client.post(reverse("account_signup"), signup_data(email="CASEY@example.com"))

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="casey@example.com").count() == 1
    assert User.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["casey@example.com"]]


def signup_hashings(client, email):
    """Post a sign-up and return how many times a password was hashed while answering it."""
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode:
        response = client.post(reverse("account_signup"), signup_data(email=email))
    assert response.status_code == 302
    return encode.call_count


def test_signup_with_registered_email_hashes_the_password_like_a_new_one(client, candidate):
    """A taken address costs the same hashing as a new sign-up, so timing cannot tell them apart."""
    new = signup_hashings(client, "newcomer@example.com")
    registered = signup_hashings(client, candidate.email)

    assert new >= 1
    assert registered == new


def test_signup_with_registered_email_sends_one_mail_like_a_new_one(client, candidate):
    """Both answers schedule one e-mail: the verification link, or the account-exists notice."""
    client.post(reverse("account_signup"), signup_data(email="newcomer@example.com"))
    client.post(reverse("account_signup"), signup_data(email=candidate.email))

    assert [message.to for message in mail.outbox] == [
        ["newcomer@example.com"],
        [candidate.email],
    ]


def test_signup_behind_proxies_with_a_short_forwarded_for_is_not_a_server_error(client, settings):
    """A request that skipped a proxy carries fewer X-Forwarded-For entries than there are
    trusted proxies; its address is found by the throttles' rule, and it signs up."""
    settings.TRUSTED_PROXY_COUNT = 2
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 2}
    response = client.post(
        reverse("account_signup"), signup_data(), HTTP_X_FORWARDED_FOR="198.51.100.4"
    )
    assert response.status_code == 302
    assert User.objects.filter(email="newcomer@example.com").exists()
