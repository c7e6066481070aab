"""The posting editor in the browser: fields that show for one answer only, the country filter."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, UserFactory
from tests.jobs.factories import CompanyFactory

pytestmark = pytest.mark.e2e


def csp_violations(console_errors: list[str]) -> list[str]:
    return [text for text in console_errors if "Content Security Policy" in text]


def test_remote_and_apply_method_show_only_the_fields_they_need(open_page, console_errors):
    """Applicant countries appear for a remote role only and filter as you type; the URL and
    e-mail fields follow the apply method; a verified company's button says Publish."""
    recruiter = UserFactory.create(email="rosa@example.com", role="recruiter")
    CompanyFactory.create(name="Northwind", verified=True).recruiters.add(recruiter)
    tab = open_page("/accounts/login/")
    tab.get_by_label("Email").fill("rosa@example.com")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("navigation", name="Account")).to_be_visible()
    tab.goto("/jobs/post/")

    countries = tab.get_by_role("group", name="Applicant countries")
    expect(countries).to_be_hidden()
    tab.get_by_label("Remote policy").select_option("remote")
    expect(countries).to_be_visible()
    countries.get_by_role("searchbox", name="Find a country").fill("ire")
    expect(countries.get_by_label("Ireland")).to_be_visible()
    expect(countries.get_by_label("Germany")).to_be_hidden()
    # Words match from their start: "ire" is not found inside "Bonaire".
    expect(countries.get_by_label("Bonaire")).to_be_hidden()
    countries.get_by_label("Ireland").check()
    tab.get_by_label("Remote policy").select_option("hybrid")
    expect(countries).to_be_hidden()

    apply_url, apply_email = (
        tab.get_by_label("Application URL"),
        tab.get_by_label("Application e-mail"),
    )
    expect(apply_url).to_be_hidden()
    expect(apply_email).to_be_hidden()
    tab.get_by_label("Apply method").select_option("url")
    expect(apply_url).to_be_visible()
    expect(apply_email).to_be_hidden()
    tab.get_by_label("Apply method").select_option("email")
    expect(apply_url).to_be_hidden()
    expect(apply_email).to_be_visible()

    expect(tab.get_by_role("button", name="Publish", exact=True)).to_be_visible()
    assert csp_violations(console_errors) == []
