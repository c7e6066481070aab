"""Registered feeds: downloads, schedules, run records, uploads, the tasks and the admin."""

import io
from datetime import timedelta
from email.message import Message
from urllib.error import HTTPError, URLError

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jobs import tasks
from jobs.domain import PostingStatus
from jobs.ingestion import fetch
from jobs.ingestion.records import FeedError
from jobs.models import FeedRunStatus, FeedSource, JobPosting, private_storage
from jobs.services import ingestion

from .boards import GREENHOUSE_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(db):
    return FeedSource.objects.create(
        name="atlasworks",
        format="greenhouse",
        url=GREENHOUSE_URL,
        company_name="Atlasworks",
        interval_minutes=60,
        trusted=True,
    )


def test_a_feed_run_downloads_ingests_and_records_its_counts(feed, serve_feed, fixture_bytes):
    """The run reads the URL with a timeout, publishes a trusted feed and records the run."""
    requested = serve_feed(fixture_bytes("greenhouse.json"))
    report = ingestion.feed_source_run(feed_id=feed.pk)
    assert report is not None, "the run failed"
    assert requested == [(GREENHOUSE_URL, fetch.FETCH_TIMEOUT_SECONDS)]
    assert (report.created, report.rejected) == (3, 1)
    feed.refresh_from_db()
    assert feed.last_run_status == FeedRunStatus.SUCCEEDED
    assert (feed.last_created, feed.last_rejected) == (3, 1)
    assert feed.last_report.splitlines() == [
        "created 3, updated 0, unchanged 0, duplicates 0, rejected 1, closed 0",
        "record 4: missing country",
    ]
    assert set(JobPosting.objects.values_list("status", "source").distinct()) == {
        (PostingStatus.PUBLISHED, "atlasworks")
    }


def test_a_feed_that_cannot_be_downloaded_is_marked_failed(feed, serve_feed):
    serve_feed(error=URLError("Name or service not known"))
    assert ingestion.feed_source_run(feed_id=feed.pk) is None
    feed.refresh_from_db()
    assert feed.last_run_status == FeedRunStatus.FAILED
    assert "Name or service not known" in feed.last_report


def test_a_feed_answering_an_http_error_is_marked_failed(feed, serve_feed):
    serve_feed(error=HTTPError(GREENHOUSE_URL, 404, "Not Found", Message(), None))
    ingestion.feed_source_run(feed_id=feed.pk)
    feed.refresh_from_db()
    assert feed.last_run_status == FeedRunStatus.FAILED
    assert "Not Found" in feed.last_report


def test_a_feed_that_cannot_be_read_is_marked_failed_and_stores_nothing(feed, serve_feed):
    serve_feed(b"<html>Service unavailable</html>")
    assert ingestion.feed_source_run(feed_id=feed.pk) is None
    feed.refresh_from_db()
    assert feed.last_run_status == FeedRunStatus.FAILED
    assert feed.last_report.startswith("The feed could not be read: not valid JSON")
    assert not JobPosting.objects.exists()


def test_a_feed_larger_than_the_limit_is_refused(feed, serve_feed, monkeypatch):
    """A declared or an actual size over the limit stops the download."""
    monkeypatch.setattr(fetch, "FETCH_MAX_BYTES", 10)
    serve_feed(b"x" * 5, headers={"Content-Length": "11"})
    with pytest.raises(FeedError, match="larger than"):
        fetch.download(GREENHOUSE_URL, io.BytesIO())
    monkeypatch.setattr(fetch, "CHUNK_BYTES", 4)
    serve_feed(b"x" * 11)
    with pytest.raises(FeedError, match="larger than"):
        fetch.download(GREENHOUSE_URL, io.BytesIO())


def test_only_web_addresses_are_downloaded():
    with pytest.raises(FeedError, match="not an http or https address"):
        fetch.download("file:///etc/passwd", io.BytesIO())


def test_a_scheduled_run_waits_until_the_interval_has_passed(feed, serve_feed, fixture_bytes):
    serve_feed(fixture_bytes("greenhouse.json"))
    now = timezone.now()
    FeedSource.objects.filter(pk=feed.pk).update(
        last_run_at=now - timedelta(minutes=30), last_run_status=FeedRunStatus.SUCCEEDED
    )
    assert ingestion.feeds_due(now=now) == []
    assert ingestion.feed_source_run(feed_id=feed.pk, scheduled=True, now=now) is None
    later = now + timedelta(minutes=31)
    assert ingestion.feeds_due(now=later) == [feed.pk]
    assert ingestion.feed_source_run(feed_id=feed.pk, scheduled=True, now=later) is not None


def test_feeds_without_a_schedule_url_or_activity_are_never_due(feed):
    FeedSource.objects.create(name="manual", url=GREENHOUSE_URL)
    FeedSource.objects.create(name="paused", url=GREENHOUSE_URL, interval_minutes=60, active=False)
    FeedSource.objects.create(name="uploads", interval_minutes=None)
    assert ingestion.feeds_due() == [feed.pk]


def test_a_feed_already_running_is_not_run_again(feed, serve_feed):
    requested = serve_feed(b"{}")
    FeedSource.objects.filter(pk=feed.pk).update(
        last_run_at=timezone.now() - timedelta(minutes=5), last_run_status=FeedRunStatus.RUNNING
    )
    assert ingestion.feed_source_run(feed_id=feed.pk) is None
    assert requested == []


def test_a_run_that_died_long_ago_does_not_block_the_feed(feed, serve_feed, fixture_bytes):
    serve_feed(fixture_bytes("greenhouse.json"))
    FeedSource.objects.filter(pk=feed.pk).update(
        last_run_at=timezone.now() - timedelta(hours=7), last_run_status=FeedRunStatus.RUNNING
    )
    assert ingestion.feed_source_run(feed_id=feed.pk) is not None


def test_a_scheduled_feed_needs_a_url():
    with pytest.raises(ValidationError, match="URL"):
        FeedSource(name="nowhere", interval_minutes=60).full_clean()


@pytest.mark.parametrize(
    ("format_name", "ticked"),
    [("greenhouse", True), ("lever", True), ("jsonl", False), ("auto", False)],
)
def test_a_greenhouse_or_lever_feed_is_saved_as_a_snapshot(format_name, ticked):
    """The form shows the flag as runs take it: always on for formats that list every job."""
    feed = FeedSource(name="board", format=format_name, url=GREENHOUSE_URL, snapshot=False)
    feed.full_clean()
    assert feed.snapshot is ticked


def test_the_periodic_task_queues_each_due_feed(feed, serve_feed, fixture_bytes):
    """run_due_feeds queues ingest_feed per due feed (inline here), which runs it."""
    serve_feed(fixture_bytes("greenhouse.json"))
    assert tasks.run_due_feeds.delay().get() == 1
    feed.refresh_from_db()
    assert feed.last_run_status == FeedRunStatus.SUCCEEDED
    assert tasks.run_due_feeds.delay().get() == 0


def test_the_feed_task_answers_its_counts(feed, serve_feed, fixture_bytes):
    serve_feed(fixture_bytes("greenhouse.json"))
    result = tasks.ingest_feed.delay(feed.pk).get()
    assert result["created"] == 3
    assert result["rejections"] == [{"record": 4, "reason": "missing country"}]


def test_a_run_for_a_registered_name_is_recorded_on_the_feed(feed, fixture_bytes):
    """Runs from the command or the API under a feed's name count as the feed's runs."""
    ingestion.postings_ingest(stream=io.BytesIO(fixture_bytes("greenhouse.json")), source=feed.name)
    feed.refresh_from_db()
    assert (feed.last_run_status, feed.last_created) == (FeedRunStatus.SUCCEEDED, 3)
    assert feed.last_run_at is not None


def test_a_report_keeps_a_bounded_number_of_rejections(feed, monkeypatch):
    monkeypatch.setattr(ingestion, "REPORT_MAX_REJECTIONS", 2)
    lines = b"\n".join(b"[]" for _ in range(5))
    ingestion.postings_ingest(stream=io.BytesIO(lines), source=feed.name, format_name="jsonl")
    feed.refresh_from_db()
    assert feed.last_rejected == 5
    assert feed.last_report.splitlines()[1:] == [
        "record 1: not an object",
        "record 2: not an object",
        "... and 3 more rejected records",
    ]


def test_an_upload_is_ingested_by_a_worker_then_deleted(fixture_bytes):
    name = ingestion.upload_store(
        content=io.BytesIO(fixture_bytes("lever.json")), filename="../../lever.json"
    )
    assert name.startswith("ingest/") and name.endswith("-lever.json")
    result = tasks.ingest_upload.delay(name, "pinewave", "auto", "Pinewave").get()
    assert (result["created"], result["rejected"]) == (2, 1)
    assert not private_storage().exists(name)


def test_an_unreadable_upload_is_deleted_too():
    name = ingestion.upload_store(content=io.BytesIO(b"not a feed"), filename="feed.json")
    assert tasks.ingest_upload.delay(name, "feed", "jsonld").get() is None
    assert not private_storage().exists(name)


def test_run_now_in_admin_queues_feeds_with_a_url(
    client, staff_user, feed, serve_feed, fixture_bytes, django_capture_on_commit_callbacks
):
    serve_feed(fixture_bytes("greenhouse.json"))
    upload_only = FeedSource.objects.create(name="uploads")
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:jobs_feedsource_changelist"),
            {"action": "run_now", "_selected_action": [feed.pk, upload_only.pk]},
            follow=True,
        )
    text = response.content.decode()
    assert "Queued 1 feed" in text
    assert "Skipped 1 feed without a URL" in text
    feed.refresh_from_db()
    assert (feed.last_run_status, feed.last_created) == (FeedRunStatus.SUCCEEDED, 3)


def test_the_feed_admin_shows_the_last_run(client, staff_user, feed):
    FeedSource.objects.filter(pk=feed.pk).update(
        last_run_at=timezone.now(),
        last_run_status=FeedRunStatus.SUCCEEDED,
        last_created=3,
        last_rejected=1,
        last_report="created 3, updated 0, unchanged 0, duplicates 0, rejected 1\nrecord 4: <x>",
    )
    client.force_login(staff_user)
    listing = client.get(reverse("admin:jobs_feedsource_changelist")).content.decode()
    assert "3 created, 0 updated, 0 unchanged, 0 duplicates, 1 rejected" in listing
    page = client.get(reverse("admin:jobs_feedsource_change", args=[feed.pk])).content.decode()
    assert "record 4: &lt;x&gt;" in page
