"""Logging in and out with an e-mail address and password, and the failed-login limit."""

import pytest
from django.contrib import auth
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY_ATTEMPTS = "Too many failed sign-in attempts"


def test_login_with_email_and_password_opens_session(client, candidate, log_in):
    """The right e-mail and password sign the user in and land on their landing page."""
    response = log_in(client, candidate.email)

    assert response.status_code == 302
    assert response.url == reverse("accounts:home")
    assert auth.get_user(client) == candidate


def test_login_ignores_email_case(client, candidate, log_in):
    """An address typed in another case still finds the account."""
    log_in(client, "Casey@EXAMPLE.com")

    assert auth.get_user(client) == candidate


def test_wrong_password_shows_error(client, candidate, log_in):
    """A wrong password re-shows the form with an error and opens no session."""
    response = log_in(client, candidate.email, "not-my-password")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not auth.get_user(client).is_authenticated


def test_unknown_email_shows_the_same_error_as_a_wrong_password(client, candidate, log_in):
    """An address nobody registered is refused with the same message as a bad password."""
    unknown = log_in(client, "nobody@example.com", "whatever-password-1")
    wrong = log_in(client, candidate.email, "whatever-password-1")

    assert unknown.status_code == 200
    assert unknown.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()
    assert not auth.get_user(client).is_authenticated


def test_inactive_user_cannot_log_in(client, log_in):
    """A deactivated account is sent to the inactive-account page, not signed in."""
    user = UserFactory.create(is_active=False)

    response = log_in(client, user.email)

    assert response.status_code == 302
    assert response.url == reverse("account_inactive")
    assert not auth.get_user(client).is_authenticated


def test_failed_logins_lock_out_the_account_even_with_right_password(client, candidate, log_in):
    """After five failures on one address the right password is refused with a clear error."""
    for _ in range(5):
        log_in(client, candidate.email, "guessing-again-1")

    response = log_in(client, candidate.email)

    assert response.status_code == 429
    assert TOO_MANY_ATTEMPTS in response.text
    assert not auth.get_user(client).is_authenticated


def test_four_failed_logins_do_not_lock_out(client, candidate, log_in):
    """The limit is five failures: after four, the right password still works."""
    for _ in range(4):
        log_in(client, candidate.email, "guessing-again-1")

    log_in(client, candidate.email)

    assert auth.get_user(client) == candidate


def test_lockout_of_one_account_leaves_others_alone(client, candidate, recruiter, log_in):
    """A locked account does not stop a different account signing in from another address."""
    for _ in range(5):
        log_in(client, candidate.email, "guessing-again-1")

    client.defaults["REMOTE_ADDR"] = "203.0.113.20"
    log_in(client, recruiter.email)

    assert auth.get_user(client) == recruiter


def test_failed_logins_from_one_address_are_limited_across_accounts(client, log_in):
    """Five failures from one IP, spread over many accounts, block further attempts."""
    users = UserFactory.create_batch(6)
    for user in users[:5]:
        log_in(client, user.email, "guessing-again-1")

    response = log_in(client, users[5].email, PASSWORD)

    assert response.status_code == 429
    assert TOO_MANY_ATTEMPTS in response.text
    assert not auth.get_user(client).is_authenticated


def test_logout_by_post_ends_session(client, candidate):
    """Posting to the logout URL signs the user out."""
    client.force_login(candidate)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert not auth.get_user(client).is_authenticated


def test_logout_by_get_only_asks_for_confirmation(client, candidate):
    """A plain GET (a link, an image tag) cannot sign anyone out."""
    client.force_login(candidate)

    response = client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert auth.get_user(client) == candidate
