"""A feed staff register and run in admin reaches every salary page at the next refresh."""

import json
import statistics
from datetime import timedelta
from fractions import Fraction
from math import floor

import pytest
from django.urls import reverse
from django.utils import timezone

from core.taxonomy import Level
from jobs.domain import PostingStatus
from jobs.ingestion import fetch
from jobs.models import FeedRunStatus, FeedSource, JobPosting
from salaries.tasks import refresh_salary_benchmarks
from tests.jobs.ingestion.conftest import FakeResponse

from .factories import salaried

pytestmark = pytest.mark.django_db

FEED_URL = "https://careers.heilwerk.example/jobs.jsonl"
API_URL = "/api/v1/salaries/benchmarks/"
# The cell every feed posting lands in: senior roles in Germany paid in EUR.
CELL = {"level": "senior", "country": "DE"}

# Seven senior roles at a Berlin health company: pay by the year, the month and the hour,
# and one that names a single figure. (title, low, high, unit)
SALARIED = [
    ("Patient Booking", 80_000, 90_000, "YEAR"),
    ("Clinic Scheduling", 88_000, 96_000, "YEAR"),
    ("Care Teams", 7_500, 8_500, "MONTH"),
    ("Billing", 100_000, None, "YEAR"),
    ("Pharmacy", 50, 55, "HOUR"),
    ("Telehealth", 105_000, 115_000, "YEAR"),
    ("Lab Results", 118_000, 126_000, "YEAR"),
]
# DESIGN.md's annualization, written out here rather than taken from the code under test.
PER_YEAR = {"HOUR": 2080, "DAY": 260, "WEEK": 52, "MONTH": 12, "YEAR": 1}


def job_posting(title: str, salary: tuple[int, int | None, str] | None = None) -> dict:
    """A schema.org JobPosting of the feed, live for the next two months."""
    now = timezone.now()
    node = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": f"Senior Product Manager, {title}",
        "description": "Shape the tools our clinics use every day.",
        "identifier": title.lower().replace(" ", "-"),
        "datePosted": (now - timedelta(days=4)).isoformat(),
        "validThrough": (now + timedelta(days=60)).isoformat(),
        "hiringOrganization": {
            "@type": "Organization",
            "name": "Heilwerk",
            "numberOfEmployees": 400,
        },
        "industry": "Healthcare",
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Berlin",
                "addressCountry": "DE",
            },
        },
    }
    if salary is not None:
        low, high, unit = salary
        value = {"@type": "QuantitativeValue", "minValue": low, "unitText": unit}
        if high is not None:
            value["maxValue"] = high
        node["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    return node


def jsonl(nodes: list[dict]) -> bytes:
    return "\n".join(json.dumps(node) for node in nodes).encode()


def expected_cell(rows: list[tuple[str, int, int | None, str]]) -> dict[str, int]:
    """The API's figures for these salaries, computed apart from the product's code.

    Each posting is the midpoint of its range (or its one figure) times its periods a year;
    percentiles interpolate linearly between closest ranks; halves round up to whole units.
    """
    values = [
        Fraction(low + (low if high is None else high), 2) * PER_YEAR[unit]
        for _, low, high, unit in rows
    ]
    cuts = statistics.quantiles(values, n=100, method="inclusive")

    def whole(amount: Fraction) -> int:
        return floor(amount + Fraction(1, 2))

    return {
        "n": len(values),
        "mean": whole(statistics.mean(values)),
        "p10": whole(cuts[9]),
        "p25": whole(cuts[24]),
        "p50": whole(statistics.median(values)),
        "p75": whole(cuts[74]),
        "p90": whole(cuts[89]),
    }


@pytest.fixture
def feeds(monkeypatch):
    """Feed bodies by URL: what a registered feed's download answers, without the network."""
    bodies: dict[str, bytes] = {}

    def urlopen(request, timeout):
        return FakeResponse(bodies[request.full_url])

    monkeypatch.setattr(fetch, "urlopen", urlopen)
    return bodies


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def market(db):
    """The board before the feed: five mid-level GBP postings, already refreshed."""
    for pounds in (50_000, 52_000, 54_000, 56_000, 58_000):
        salaried(pounds * 100, level=Level.MID)
    refresh_salary_benchmarks.delay().get()


@pytest.fixture
def run_feed(staff_client, feeds, django_capture_on_commit_callbacks):
    """Register a trusted feed through the admin add form, then press "Run now" on it."""

    def run(body: bytes) -> FeedSource:
        feeds[FEED_URL] = body
        response = staff_client.post(
            reverse("admin:jobs_feedsource_add"),
            {
                "name": "heilwerk",
                "format": "jsonl",
                "url": FEED_URL,
                "company_name": "",
                "interval_minutes": "",
                "active": "on",
                "trusted": "on",
            },
        )
        assert response.status_code == 302
        feed = FeedSource.objects.get(name="heilwerk")
        assert feed.trusted
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                reverse("admin:jobs_feedsource_changelist"),
                {"action": "run_now", "_selected_action": [feed.pk]},
                follow=True,
            )
        assert "Queued 1 feed" in response.content.decode()
        feed.refresh_from_db()
        return feed

    return run


@pytest.fixture
def fed(market, run_feed):
    """The feed's seven salaried roles and one without a salary, ingested but not refreshed."""
    nodes = [job_posting(title, (low, high, unit)) for title, low, high, unit in SALARIED]
    nodes.append(job_posting("Hospital Partnerships"))
    return run_feed(jsonl(nodes))


@pytest.fixture
def refreshed(fed):
    """The hourly refresh, after the feed's run."""
    refresh_salary_benchmarks.delay().get()


def test_a_feed_run_goes_live_on_the_board_but_not_in_benchmarks_until_the_refresh(
    staff_client, fed
):
    """The run publishes the trusted feed's postings; the salary pages keep the old table."""
    run = (fed.last_run_status, fed.last_created, fed.last_rejected)
    assert run == (FeedRunStatus.SUCCEEDED, 8, 0)
    assert JobPosting.objects.filter(source="heilwerk", status=PostingStatus.PUBLISHED).count() == 8
    response = staff_client.get(API_URL, {**CELL, "currency": "EUR"})
    assert response.status_code == 404
    assert (response.json()["reason"], response.json()["n"]) == ("missing", 0)
    page = staff_client.get("/salaries/", CELL).content.decode()
    assert "No posting with a salary matches these filters yet." in page
    insights = staff_client.get("/salaries/insights/", {"segment": "industry"})
    assert "Healthcare" not in [segment.label for segment in insights.context["segments"]]


def test_after_the_refresh_the_api_answers_the_feeds_figures(staff_client, refreshed):
    """n counts the salaried postings only; every figure matches one computed by hand."""
    response = staff_client.get(API_URL, {**CELL, "currency": "EUR"})
    assert response.status_code == 200
    body = response.json()
    expected = expected_cell(SALARIED)
    assert {name: body[name] for name in expected} == expected
    assert (body["n"], body["p50"]) == (7, 100_000)
    assert [body[name] for name in ("level", "country", "industry")] == ["senior", "DE", None]


def test_after_the_refresh_the_benchmark_table_and_chart_show_the_feeds_cell(
    staff_client, refreshed
):
    """Filtering to senior roles in Germany picks EUR and shows the feed's median and chart."""
    expected = expected_cell(SALARIED)
    response = staff_client.get("/salaries/", CELL)
    assert response.status_code == 200
    assert response.context["key"].currency == "EUR"
    assert (response.context["cell"].n, response.context["headline"].p50) == (7, expected["p50"])
    level_rows = response.context["breakdowns"][0].rows
    assert [(row.label, row.n, row.p50) for row in level_rows] == [("Senior", 7, expected["p50"])]
    html = response.content.decode()
    assert f"EUR {expected['p50']:,}" in html
    assert (
        f"Senior: median {expected['p50']:,}, middle half {expected['p25']:,} to "
        f"{expected['p75']:,}, 10th to 90th percentile {expected['p10']:,} to {expected['p90']:,}"
    ) in html


def test_after_the_refresh_the_calculator_places_an_offer_among_the_feeds_postings(
    staff_client, refreshed
):
    """An offer of the median sits at the 50th percentile of exactly the requested cell."""
    expected = expected_cell(SALARIED)
    response = staff_client.get(
        "/salaries/calculator/",
        {**CELL, "currency": "EUR", "offer": expected["p50"], "period": "year"},
    )
    assert response.status_code == 200
    assert response.context["fallback"].is_exact
    assert response.context["low_position"].text == "about the median"
    assert (
        f"Typical range (middle half): <strong>EUR {expected['p25']:,} - {expected['p75']:,}"
        f"</strong>, median {expected['p50']:,}, from 7 postings"
    ) in response.content.decode()


def test_after_the_refresh_insights_count_every_live_posting_of_the_feed(staff_client, refreshed):
    """Demand counts the posting without a salary too: eight healthcare postings, 13 in all."""
    response = staff_client.get("/salaries/insights/", {"segment": "industry"})
    assert response.status_code == 200
    segments = {segment.label: segment.total for segment in response.context["segments"]}
    assert segments == {"Healthcare": 8, "IT and software": 5}
    assert response.context["insights"]["total"] == 13
    assert "Healthcare" in response.content.decode()


def test_a_rejected_record_is_reported_on_the_feed_and_never_reaches_the_benchmarks(
    staff_client, run_feed
):
    """Record 4 claims a minimum above its maximum: admin names it, the cell leaves it out."""
    good = SALARIED[:6]
    nodes = [job_posting(title, (low, high, unit)) for title, low, high, unit in good]
    nodes.insert(3, job_posting("Records", (150_000, 15_000, "YEAR")))
    feed = run_feed(jsonl(nodes))
    assert (feed.last_created, feed.last_rejected) == (6, 1)
    listing = staff_client.get(reverse("admin:jobs_feedsource_changelist")).content.decode()
    assert "6 created, 0 updated, 0 unchanged, 0 duplicates, 1 rejected" in listing
    page = staff_client.get(reverse("admin:jobs_feedsource_change", args=[feed.pk]))
    assert "record 4: salary minimum 150000 is above the maximum 15000" in page.content.decode()
    assert not JobPosting.objects.filter(title="Senior Product Manager, Records").exists()

    refresh_salary_benchmarks.delay().get()
    response = staff_client.get(API_URL, {**CELL, "currency": "EUR"})
    assert response.status_code == 200
    expected = expected_cell(good)
    assert {name: response.json()[name] for name in expected} == expected
