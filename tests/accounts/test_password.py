"""Resetting a forgotten password by e-mail, and changing it while signed in."""

import pytest
from django.contrib import auth
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "backlog-otter-5521"
RESET_LINK = "/accounts/password/reset/key/"


def request_reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def open_reset_form(client, mailed_path):
    """Follow the mailed link; allauth moves the key into the session and redirects."""
    response = client.get(mailed_path(RESET_LINK))
    assert response.status_code == 302
    return response.url


def test_reset_request_mails_a_link_to_the_account_address(client, candidate, mailed_path):
    """Asking for a reset sends one e-mail to the account holder with a reset link."""
    response = request_reset(client, candidate.email)

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert [message.to for message in mail.outbox] == [[candidate.email]]
    assert mailed_path(RESET_LINK)


def test_reset_link_sets_new_password(client, candidate, mailed_path, log_in):
    """After a reset the old password is refused and the new one signs in."""
    request_reset(client, candidate.email)
    form_url = open_reset_form(client, mailed_path)

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    log_in(client, candidate.email, PASSWORD)
    assert not auth.get_user(client).is_authenticated
    log_in(client, candidate.email, NEW_PASSWORD)
    assert auth.get_user(client) == candidate


def test_reset_link_works_only_once(client, candidate, mailed_path):
    """A used reset link cannot set the password a second time."""
    request_reset(client, candidate.email)
    link = mailed_path(RESET_LINK)
    form_url = open_reset_form(client, mailed_path)
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assert response.context["token_fail"] is True
    candidate.refresh_from_db()
    assert candidate.check_password(NEW_PASSWORD)


def test_reset_with_mismatched_passwords_keeps_old_password(client, candidate, mailed_path):
    """Two different new passwords give a field error and the old password still works."""
    request_reset(client, candidate.email)
    form_url = open_reset_form(client, mailed_path)

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": "another-one-77"})

    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    candidate.refresh_from_db()
    assert candidate.check_password(PASSWORD)


def test_reset_for_unknown_email_looks_the_same_and_sends_no_link(client, candidate, mailed_path):
    """An unknown address gets the same answer as a known one, and no reset link exists."""
    known = request_reset(client, candidate.email)
    mail.outbox.clear()

    unknown = request_reset(client, "stranger@example.com")

    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert all(RESET_LINK not in message.body for message in mail.outbox)
    assert all(message.to == ["stranger@example.com"] for message in mail.outbox)


def test_password_change_refuses_wrong_old_password(client, candidate):
    """Changing the password needs the current one; a wrong one changes nothing."""
    client.force_login(candidate)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-my-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["oldpassword"]
    candidate.refresh_from_db()
    assert candidate.check_password(PASSWORD)


def test_password_change_sets_new_password_and_keeps_session(client, candidate):
    """With the right current password the new one is stored and the user stays signed in."""
    client.force_login(candidate)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.check_password(NEW_PASSWORD)
    assert auth.get_user(client) == candidate


def test_password_change_requires_login(client):
    """Anonymous visitors are sent to the login page."""
    response = client.get(reverse("account_change_password"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
