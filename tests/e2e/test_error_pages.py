"""Error pages in a browser: the site's layout, and a way forward a person can follow."""

import pytest
from playwright.sync_api import expect

from accounts.models import RecruiterRequest
from tests.accounts.factories import PASSWORD, UserFactory
from tests.jobs.factories import CompanyFactory

pytestmark = pytest.mark.e2e


def sign_in(tab, email: str) -> None:
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign In").click()
    expect(tab.get_by_role("navigation", name="Account")).to_contain_text("Sign out")


def styled(tab) -> bool:
    """Whether the site's stylesheet applies: its brand is drawn extra bold."""
    return tab.evaluate("getComputedStyle(document.querySelector('.brand')).fontWeight") == "800"


def test_a_candidate_refused_the_post_page_asks_to_become_a_recruiter(open_page):
    """/jobs/post/ answers 403 in the layout with the reason; its button leads to the request."""
    candidate = UserFactory.create(email="casey@example.com", name="Casey Candidate")
    company = CompanyFactory.create(name="Acme Analytics")
    tab = open_page("/accounts/login/")
    sign_in(tab, candidate.email)

    response = tab.goto("/jobs/post/")
    assert response is not None and response.status == 403
    expect(tab.get_by_role("heading", level=1)).to_have_text("This page is for recruiters")
    expect(tab.get_by_text("Only recruiters post jobs.")).to_be_visible()
    expect(tab.get_by_role("navigation", name="Main")).to_be_visible()
    assert styled(tab)
    tab.get_by_role("link", name="Become a recruiter").click()

    expect(tab.get_by_role("heading", level=1)).to_have_text("Become a recruiter")
    tab.get_by_label("Company on pmportal").select_option(label="Acme Analytics")
    tab.get_by_label("Work e-mail address").fill("casey@acme.example")
    tab.get_by_label("Your role").fill("Talent partner for the product team")
    tab.get_by_role("button", name="Send request").click()

    expect(tab.get_by_role("status")).to_contain_text("Your request is sent")
    expect(tab.get_by_text("waiting for review")).to_be_visible()
    recruiter_request = RecruiterRequest.objects.get()
    assert (recruiter_request.user, recruiter_request.company) == (candidate, company)


def test_a_missing_page_offers_the_layout_and_a_job_search(open_page):
    """A 404 keeps the styled header and offers a search that runs on the job board."""
    tab = open_page("/")
    response = tab.goto("/jobs/no-such-role-here/")
    assert response is not None and response.status == 404
    expect(tab.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(tab.get_by_role("navigation", name="Main")).to_be_visible()
    expect(tab.get_by_role("link", name="Go to Jobs")).to_be_visible()
    assert styled(tab)

    search = tab.get_by_role("search")
    search.get_by_label("Search product roles").fill("growth")
    search.get_by_role("button", name="Search jobs").click()
    tab.wait_for_url("**/jobs/?q=growth")
