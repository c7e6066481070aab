"""Each role signs in through the form and lands on its own page, named first in the menu."""

import re

import pytest
from playwright.sync_api import expect

from jobs.domain import PostingStatus
from tests.accounts.factories import PASSWORD, UserFactory
from tests.jobs.factories import ApplicationFactory, CompanyFactory, PostingFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def sign_in(open_page, email: str, viewport=None):
    tab = open_page("/accounts/login/", **({"viewport": viewport} if viewport else {}))
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign In").click()
    return tab


def first_menu_item(tab):
    """Open the account menu and return its first link."""
    tab.get_by_role("navigation", name="Account").locator("summary").click()
    return tab.get_by_role("navigation", name="Account").get_by_role("link").first


def test_candidate_lands_on_home_with_applications_and_next_step(open_page):
    """A candidate arrives on Home: their application with its status and a next step."""
    candidate = UserFactory.create(email="casey@example.com", name="Casey Candidate")
    application = ApplicationFactory.create(candidate=candidate)
    tab = sign_in(open_page, candidate.email)

    expect(tab.get_by_role("heading", level=1)).to_have_text("Welcome back, Casey")
    expect(tab.get_by_role("link", name=application.posting.title)).to_be_visible()
    expect(tab.get_by_role("heading", name="Your next step")).to_be_visible()
    expect(first_menu_item(tab)).to_have_text("Home")


def test_recruiter_lands_on_the_dashboard_with_its_counts(open_page):
    """A recruiter arrives on the dashboard of their postings, which the menu names first."""
    recruiter = UserFactory.create(email="rosa@example.com", name="Rosa", role="recruiter")
    company = CompanyFactory.create()
    company.recruiters.add(recruiter)
    PostingFactory.create(company=company, status=PostingStatus.PENDING)
    tab = sign_in(open_page, recruiter.email)

    expect(tab).to_have_url(re.compile(r"/jobs/dashboard/$"))
    expect(tab.get_by_role("list", name="At a glance")).to_contain_text("1 waiting for review")
    expect(first_menu_item(tab)).to_have_text("Dashboard")


def test_staff_land_on_moderation_and_the_menu_fits_a_phone(open_page):
    """Staff arrive on the moderation queue; on a phone the opened menu stays on screen."""
    staff = UserFactory.create(
        email="ada@example.com", name="Ada", is_staff=True, is_superuser=True
    )
    PostingFactory.create_batch(2, status=PostingStatus.PENDING)
    tab = sign_in(open_page, staff.email, viewport=PHONE)

    expect(tab.get_by_role("heading", level=1)).to_have_text("Moderation")
    queue = tab.get_by_role("link", name="2 Postings waiting for review")
    expect(queue).to_be_visible()
    expect(first_menu_item(tab)).to_have_text("Moderation")
    for item in tab.locator(".account-menu li").all():
        box = item.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    widths = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]

    tab.keyboard.press("Escape")
    expect(tab.locator(".account-menu li").first).to_be_hidden()
    queue.click()
    expect(tab).to_have_url(re.compile(r"/admin/jobs/jobposting/\?status__exact=pending$"))
