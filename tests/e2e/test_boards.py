"""Both boards in the browser: a filter swaps the results in place, the next page follows."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.taxonomy import Level
from gigs.domain import BudgetType
from tests.gigs.factories import GigFactory
from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.e2e
PAGE_SIZE = 20


def _filter_then_next_page(tab, *, path, choice, param, kept, dropped):
    """Tick ``choice``: the results drop ``dropped``, the address carries ``param``; then the
    next page holds the oldest ``kept`` row, which the first page had no room for, and the
    address it pushed loads the same filtered page."""
    results = tab.locator("#results")
    expect(results).to_contain_text(dropped)
    tab.get_by_text("Filters", exact=True).click()
    tab.get_by_label(choice, exact=True).check()
    expect(results).not_to_contain_text(dropped)
    expect(tab).to_have_url(re.compile(re.escape(path) + r"\?.*" + re.escape(param)))
    expect(results.locator(".posting-card")).to_have_count(PAGE_SIZE)
    results.get_by_role("link", name="Next page").click()
    expect(tab).to_have_url(re.compile(r"cursor="))
    expect(results.locator(".posting-card")).to_have_count(1)
    expect(results).to_contain_text(f"{kept} {PAGE_SIZE}")
    expect(results.get_by_role("link", name="First page")).to_be_visible()
    tab.reload()
    expect(tab.get_by_text("Filters (1)")).to_be_visible()
    expect(tab.get_by_label(choice, exact=True)).to_be_checked()
    expect(tab.locator("#results .posting-card")).to_have_count(1)


def test_the_job_board_filters_in_place_and_pages_on(open_page, settings):
    settings.JOBS_BOARD_CACHE_SECONDS = 0
    now = timezone.now()
    for number in range(PAGE_SIZE + 1):
        PostingFactory.create(
            title=f"Senior product manager {number}",
            level=Level.SENIOR,
            posted_at=now - timedelta(hours=number + 1),
        )
    PostingFactory.create(title="Associate product manager", level=Level.ENTRY, posted_at=now)
    tab = open_page("/jobs/")
    _filter_then_next_page(
        tab,
        path="/jobs/",
        choice="Senior",
        param="level=senior",
        kept="Senior product manager",
        dropped="Associate product manager",
    )


def test_the_gig_board_filters_in_place_and_pages_on(open_page):
    now = timezone.now()
    for number in range(PAGE_SIZE + 1):
        GigFactory.create(
            title=f"Hourly coaching {number}",
            budget_type=BudgetType.HOURLY,
            budget_min=5_000,
            budget_max=9_000,
            posted_at=now - timedelta(hours=number + 1),
        )
    GigFactory.create(title="Fixed-price PRD", posted_at=now)
    tab = open_page("/gigs/")
    _filter_then_next_page(
        tab,
        path="/gigs/",
        choice="Hourly rate",
        param="budget_type=hourly",
        kept="Hourly coaching",
        dropped="Fixed-price PRD",
    )


def _card_titles(results):
    return results.locator(".posting-card h2, .posting-card h3").all_inner_texts()


def test_paging_lands_at_the_top_of_the_new_results_and_back(open_page, settings):
    """Next page, clicked at the bottom of the list, brings the new results' top into view and
    focus to their heading; Previous page then shows the cards the first page showed."""
    settings.JOBS_BOARD_CACHE_SECONDS = 0
    now = timezone.now()
    for number in range(2 * PAGE_SIZE + 1):
        PostingFactory.create(
            title=f"Product manager {number}", posted_at=now - timedelta(hours=number + 1)
        )
    tab = open_page("/jobs/")
    results = tab.locator("#results")
    expect(results.locator("#results-heading")).to_have_text("41 roles")
    first_page = _card_titles(results)
    assert len(first_page) == PAGE_SIZE
    next_link = results.get_by_role("link", name="Next page")
    next_link.scroll_into_view_if_needed()
    assert tab.evaluate("window.scrollY") > 0
    next_link.click()
    expect(tab).to_have_url(re.compile(r"cursor="))
    expect(results).to_contain_text(f"Product manager {PAGE_SIZE}")
    heading = tab.locator("#results-heading")
    expect(heading).to_be_focused()
    # At the top of the viewport, give or take the small margin the results scroll to.
    top = tab.evaluate("document.getElementById('results-heading').getBoundingClientRect().top")
    assert 0 <= top < 40, top
    second_page = _card_titles(results)
    assert second_page[0].startswith(f"Product manager {PAGE_SIZE}")
    previous = results.get_by_role("link", name="Previous page")
    assert previous.get_attribute("rel") == "prev"
    previous.click()
    expect(results).to_contain_text("Product manager 0")
    expect(heading).to_be_focused()
    assert _card_titles(results) == first_page
    expect(results.get_by_role("link", name="Previous page")).to_have_count(0)
