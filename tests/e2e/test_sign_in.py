"""Signing in and out through the real forms, as a person with a browser does."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e


def test_sign_in_shows_your_name_and_sign_out_ends_it(open_page):
    """E-mail and password on the sign-in form put your name on the header's menu; its
    Sign out removes it."""
    UserFactory.create(email="casey@example.com", name="Casey Candidate")
    tab = open_page("/accounts/login/")

    tab.get_by_label("Email").fill("casey@example.com")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign In").click()

    account_nav = tab.get_by_role("navigation", name="Account")
    menu = account_nav.locator("summary")
    expect(menu).to_have_text("Casey")
    menu.click()
    account_nav.get_by_role("button", name="Sign out").click()

    expect(account_nav.get_by_role("link", name="Sign in")).to_be_visible()
    expect(account_nav.locator("summary")).to_have_count(0)


def test_wrong_password_keeps_you_signed_out_with_an_alert(open_page):
    """A wrong password re-shows the form with an alert and no name in the header."""
    UserFactory.create(email="casey@example.com", name="Casey Candidate")
    tab = open_page("/accounts/login/")

    tab.get_by_label("Email").fill("casey@example.com")
    tab.get_by_label("Password").fill("not-the-password")
    tab.get_by_role("button", name="Sign In").click()

    expect(tab.get_by_role("alert")).to_contain_text("not correct")
    account_nav = tab.get_by_role("navigation", name="Account")
    expect(account_nav.get_by_role("link", name="Sign in")).to_be_visible()
