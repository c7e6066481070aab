"""The job list as anonymous visitors see it comes from the cache until the board changes."""

import io
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jobs import board_cache
from jobs.domain import PostingStatus
from jobs.models import FeedSource, JobPosting
from jobs.services import ingestion
from jobs.services import postings as services
from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("jobs:list")
API = reverse("api-jobs-list")


def api_slugs(client, params=None):
    response = client.get(API, params or {})
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def listed():
    return PostingFactory.create(title="Product Manager, Payments")


def test_a_repeated_anonymous_request_reads_nothing_from_the_database(
    client, api, listed, django_assert_num_queries
):
    """The page, its htmx results and the API page are served from the cache."""
    first_page = client.get(PAGE, {"q": "payments"})
    first_results = client.get(PAGE, {"q": "payments"}, HTTP_HX_REQUEST="true")
    first_api = api.get(API, {"q": "payments"})

    with django_assert_num_queries(0):
        page = client.get(PAGE, {"q": "payments"})
        results = client.get(PAGE, {"q": "payments"}, HTTP_HX_REQUEST="true")
        api_page = api.get(API, {"q": "payments"})

    assert page.status_code == results.status_code == api_page.status_code == 200
    assert listed.title in page.content.decode()
    assert results.content == first_results.content
    assert api_page.json() == first_api.json()
    # The page around the cached board is built per request (its own CSRF token and nonce).
    assert page.content.decode().count('id="results"') == 1
    assert first_page.content.decode().count('id="results"') == 1


def test_parameter_order_does_not_matter_but_every_value_does(api, listed):
    PostingFactory.create(title="Product Manager, Growth", level="senior")

    first = api.get(f"{API}?q=payments&sort=newest")
    reordered = api.get(f"{API}?sort=newest&q=payments")
    other = api.get(f"{API}?sort=newest&q=growth")

    assert reordered.json() == first.json()
    assert [row["slug"] for row in first.json()["results"]] == [listed.slug]
    assert [row["slug"] for row in other.json()["results"]] != [listed.slug]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda posting, recruiter, staff: services.posting_close(
                posting=posting, user=recruiter, filled=True
            ),
            id="closed as filled",
        ),
        pytest.param(
            lambda posting, recruiter, staff: services.posting_update(
                posting=posting, user=recruiter, fields={"title": "Product Manager, Checkout"}
            ),
            id="edited",
        ),
        pytest.param(
            lambda posting, recruiter, staff: services.postings_expire(
                now=posting.valid_through + timedelta(seconds=1)
            ),
            id="expired",
        ),
    ],
)
def test_a_service_change_shows_on_the_next_request(api, recruiter, staff_user, company, change):
    posting = PostingFactory.create(company=company, title="Product Manager, Payments")
    assert api_slugs(api, {"q": "payments"}) == [posting.slug]

    change(posting, recruiter, staff_user)

    assert api_slugs(api, {"q": "payments"}) == []


def test_an_approved_posting_shows_on_the_next_request(client, api, staff_user, company):
    pending = PostingFactory.create(
        company=company, status=PostingStatus.PENDING, title="Growth PM"
    )
    assert api_slugs(api) == []
    assert "Growth PM" not in client.get(PAGE).content.decode()

    services.posting_approve(posting=pending, moderator=staff_user)

    assert api_slugs(api) == [pending.slug]
    assert "Growth PM" in client.get(PAGE).content.decode()


def test_the_version_moves_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    """A reader between the write and its commit may cache old rows: the commit drops them."""
    before = board_cache._version()

    with django_capture_on_commit_callbacks(execute=True):
        board_cache.board_changed()
        during = board_cache._version()

    assert before < during < board_cache._version()


def test_admin_edits_show_on_the_next_request(client, api, staff_user, listed):
    assert api_slugs(api) == [listed.slug]
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:jobs_jobposting_changelist"),
        {"action": "delete_selected", "_selected_action": [listed.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not JobPosting.objects.exists()
    assert api_slugs(api) == []


def test_signed_in_visitors_never_get_a_cached_page(client, recruiter, listed):
    anonymous = client.get(PAGE).content.decode()
    client.force_login(recruiter)

    signed_in = client.get(PAGE).content.decode()

    assert "Post a role" not in anonymous
    assert "Post a role" in signed_in
    assert "Save this search" in signed_in


def test_invalid_filters_answer_400_every_time(client, api):
    for _ in range(2):
        assert client.get(PAGE, {"level": "wizard"}).status_code == 400
        assert api.get(API, {"level": "wizard"}).status_code == 400


def test_a_zero_timeout_turns_the_cache_off(api, listed, settings):
    settings.JOBS_BOARD_CACHE_SECONDS = 0
    assert api_slugs(api) == [listed.slug]

    JobPosting.objects.filter(pk=listed.pk).update(status=PostingStatus.ARCHIVED)

    assert api_slugs(api) == []


def test_writes_outside_the_services_show_once_the_entry_expires(api, listed, settings):
    """A shell edit is not announced: the entry's timeout bounds how long it shows."""
    assert api_slugs(api) == [listed.slug]
    JobPosting.objects.filter(pk=listed.pk).update(status=PostingStatus.ARCHIVED)
    assert api_slugs(api) == [listed.slug]

    cache.clear()  # what the timeout does to the entry

    assert api_slugs(api) == []


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache server unreachable")

        return fail


def test_an_unreachable_cache_still_serves_the_board(client, api, listed, monkeypatch, caplog):
    monkeypatch.setattr(board_cache, "cache", BrokenCache())

    page = client.get(PAGE)
    rows = api_slugs(api)
    board_cache.board_changed()  # a write must not fail because the cache is down

    assert page.status_code == 200
    assert listed.title in page.content.decode()
    assert rows == [listed.slug]
    assert "Job board cache unavailable" in caplog.text


def test_the_version_survives_losing_its_key():
    """A lost version key restarts from a number no earlier version reached."""
    board_cache.board_changed()
    old = board_cache._version()
    cache.delete(board_cache.VERSION_KEY)

    assert board_cache._version() > old


def test_an_ingested_feed_shows_on_the_next_request(api, listed):
    assert api_slugs(api) == [listed.slug]
    feed = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "identifier": "feed-1",
        "title": "Senior Product Manager, Search",
        "description": "<p>Own search.</p>",
        "datePosted": timezone.now().isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": "Feedco"},
        "jobLocation": {"@type": "Place", "address": {"addressCountry": "GB"}},
    }
    FeedSource.objects.create(name="partner", format="jsonld", trusted=True)

    ingestion.postings_ingest(stream=io.BytesIO(json.dumps(feed).encode()), source="partner")

    assert len(api_slugs(api)) == 2


def test_a_skill_added_in_admin_is_offered_on_the_next_request(client, staff_user):
    assert "Prompt design" not in client.get(PAGE).content.decode()
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:careers_skill_add"),
        {"name": "Prompt design", "slug": "prompt-design", "category": "technical"},
    )
    client.logout()

    assert response.status_code == 302, response.content
    assert "Prompt design" in client.get(PAGE).content.decode()
