"""The sign-in, sign-up, password reset and e-mail confirmation pages speak in sentence case."""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def heading_and_buttons(response) -> tuple[str, list[str]]:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    heading = re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", main, re.S)
    buttons = re.findall(r"<button[^>]*>\s*(.*?)\s*</button>", main, re.S)
    assert heading is not None
    return heading.group(1), buttons


@pytest.mark.parametrize(
    ("url", "heading", "buttons"),
    [
        (reverse("account_login"), "Sign in", ["Sign in"]),
        (reverse("account_signup"), "Create an account", ["Sign up"]),
        (reverse("account_reset_password"), "Forgot your password?", ["Reset password"]),
        (reverse("account_reset_password_done"), "Check your e-mail", []),
        (reverse("account_email_verification_sent"), "Confirm your e-mail address", []),
        (
            reverse("account_confirm_email", args=["not-a-key"]),
            "Confirm your e-mail address",
            [],
        ),
        (
            reverse("account_reset_password_from_key", args=["1", "not-a-key"]),
            "Link no longer valid",
            [],
        ),
    ],
)
def test_entrance_pages_use_sentence_case(client, url, heading, buttons):
    """Each page's heading and buttons capitalize only their first word."""
    assert heading_and_buttons(client.get(url)) == (heading, buttons)


def test_sign_in_page_links_to_reset_and_sign_up_in_sentence_case(client):
    """The sign-in form offers 'Forgot your password?', 'Create an account' and 'Remember me'."""
    html = client.get(reverse("account_login")).content.decode()
    assert f'<a href="{reverse("account_reset_password")}">Forgot your password?</a>' in html
    assert f'<a href="{reverse("account_signup")}">Create an account</a>' in html
    assert ">Remember me</label>" in html
    assert "Sign In" not in html


def test_confirmation_link_page_asks_to_confirm_in_sentence_case(client):
    """A valid confirmation link shows the address and a Confirm button."""
    user = UserFactory.create(email="new@example.com")
    address, _ = EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": False}
    )
    key = EmailConfirmationHMAC(address).key
    response = client.get(reverse("account_confirm_email", args=[key]))
    assert heading_and_buttons(response) == ("Confirm your e-mail address", ["Confirm"])
    assert "new@example.com" in response.content.decode()
