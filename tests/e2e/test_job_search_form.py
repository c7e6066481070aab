"""The job board's salary filter in the browser: a salary alone searches, a bad one says why."""

import re

import pytest
from playwright.sync_api import expect

from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def salaries(settings):
    settings.JOBS_BOARD_CACHE_SECONDS = 0
    PostingFactory.create(title="Well paid PM", salary_min=9_000_000, salary_max=11_000_000)
    PostingFactory.create(title="Modestly paid PM", salary_min=4_000_000, salary_max=5_000_000)


def test_a_salary_typed_without_a_currency_searches_in_the_default_one(open_page, salaries):
    """Leaving the salary box searches at once, in the currency most postings pay in (the
    browser's country, the US, has none), and the form shows that currency."""
    tab = open_page("/jobs/")
    results = tab.locator("#results")
    expect(results).to_contain_text("Modestly paid PM")
    tab.get_by_text("Filters", exact=True).click()
    salary = tab.get_by_label("Salary at least (per year)")
    salary.fill("80000")
    salary.press("Tab")
    expect(results).not_to_contain_text("Modestly paid PM")
    expect(results).to_contain_text("Well paid PM")
    expect(tab.get_by_label("Currency")).to_have_value("GBP")
    expect(tab.get_by_label("Currency")).to_be_focused()
    expect(tab).to_have_url(re.compile(r"/jobs/\?.*salary_at_least=80000"))


def test_an_invalid_salary_says_why_next_to_the_field_and_keeps_the_page(
    open_page, salaries, console_errors
):
    tab = open_page("/jobs/")
    tab.get_by_text("Filters", exact=True).click()
    salary = tab.get_by_label("Salary at least (per year)")
    salary.fill("-5")
    salary.press("Tab")
    error = tab.locator("#id_salary_at_least_error")
    expect(error).to_have_text("Ensure this value is greater than or equal to 0.")
    expect(salary).to_have_attribute("aria-invalid", "true")
    expect(tab.locator("#results")).to_contain_text("Some filters need fixing")
    expect(tab.locator("#results")).not_to_contain_text("Modestly paid PM")
    expect(tab.get_by_role("heading", name="Product manager jobs")).to_be_visible()
    salary.fill("40000")
    salary.press("Tab")
    expect(error).to_have_count(0)
    expect(tab.locator("#results")).to_contain_text("Modestly paid PM")
    assert console_errors == []
