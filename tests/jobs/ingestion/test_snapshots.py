"""Snapshot feeds: what a board no longer lists closes, what it lists again opens, what it
still lists stays open; failed runs and incremental feeds close nothing."""

import io
import re
from datetime import timedelta
from urllib.error import URLError

import pytest
from django.db import connection
from django.utils import timezone

from jobs import tasks
from jobs.domain import PostingStatus
from jobs.ingestion import formats
from jobs.ingestion.records import FeedError
from jobs.models import FeedRunStatus, FeedSource, JobPosting
from jobs.services import ingestion
from tests.jobs.factories import ApplicationFactory

from .boards import (
    GREENHOUSE_URL,
    greenhouse_board,
    greenhouse_id,
    greenhouse_job,
    lever_board,
    lever_posting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(db):
    """A trusted Greenhouse board, read from its URL."""
    return FeedSource.objects.create(
        name="atlasworks",
        format="greenhouse",
        url=GREENHOUSE_URL,
        company_name="Atlasworks",
        trusted=True,
    )


@pytest.fixture
def fetch(board, serve_feed):
    """Run the board's feed with these jobs as its response; return the run's report."""

    def run(numbers, **job_options):
        serve_feed(greenhouse_board([greenhouse_job(n, **job_options) for n in numbers]))
        report = ingestion.feed_source_run(feed_id=board.pk)
        board.refresh_from_db()
        return report

    return run


def statuses(source: str = "atlasworks") -> dict[str, str]:
    return dict(JobPosting.objects.filter(source=source).values_list("external_id", "status"))


def test_a_second_fetch_without_some_jobs_closes_exactly_those(fetch, board):
    """Three of ten jobs gone: those three expire, marked no longer listed; the rest stay."""
    assert fetch(range(10)).created == 10
    report = fetch(range(3, 10))
    assert report is not None and report.closed == 3
    assert statuses() == {
        greenhouse_id(n): PostingStatus.EXPIRED if n < 3 else PostingStatus.PUBLISHED
        for n in range(10)
    }
    gone = JobPosting.objects.filter(unlisted_at__isnull=False)
    assert sorted(gone.values_list("external_id", flat=True)) == [
        greenhouse_id(n) for n in range(3)
    ]
    assert (board.last_run_status, board.last_closed) == (FeedRunStatus.SUCCEEDED, 3)


def test_the_summary_line_ends_with_the_closed_count(fetch, board):
    fetch(range(4))
    fetch(range(1, 4))
    assert board.last_report.splitlines() == [
        "created 0, updated 0, unchanged 3, duplicates 0, rejected 0, closed 1"
    ]


def test_the_closed_posting_page_says_it_is_no_longer_listed(client, fetch):
    """The closed banner and the facts say why the role closed, not a closing date."""
    fetch(range(4))
    fetch(range(1, 4))
    posting = JobPosting.objects.get(status=PostingStatus.EXPIRED)
    page = client.get(posting.get_absolute_url()).content.decode()
    assert re.search(r"This role is closed.</strong> It is no longer listed by the source", page)
    assert "<dd>No longer listed by the source</dd>" in page
    assert "It expired on" not in page


def test_a_lever_board_detected_by_its_content_is_a_snapshot():
    """A feed registered as 'auto' is a snapshot when its content is Lever's."""
    FeedSource.objects.create(name="pinewave", company_name="Pinewave", trusted=True)
    postings = [lever_posting(n) for n in range(4)]
    ingestion.postings_ingest(stream=io.BytesIO(lever_board(postings)), source="pinewave")
    report = ingestion.postings_ingest(
        stream=io.BytesIO(lever_board(postings[1:])), source="pinewave"
    )
    assert report.closed == 1
    closed = JobPosting.objects.get(status=PostingStatus.EXPIRED)
    assert closed.external_id == postings[0]["id"]
    assert closed.is_unlisted


def test_a_job_listed_again_reopens_the_same_posting(fetch):
    """The same row opens again: same URL, its applications kept, the mark cleared."""
    fetch(range(4))
    posting = JobPosting.objects.get(external_id=greenhouse_id(0))
    url = posting.get_absolute_url()
    application = ApplicationFactory.create(posting=posting)
    fetch(range(1, 4))
    fetch(range(4))
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.unlisted_at is None
    assert posting.get_absolute_url() == url
    assert list(posting.applications.all()) == [application]
    assert JobPosting.objects.count() == 4


def test_an_old_job_still_listed_stays_open_its_closing_date_moved_on(fetch, board):
    """A job posted long ago but still listed is open until the board's validity from now."""
    long_ago = timezone.now() - timedelta(days=200)
    fetch(range(2), published=long_ago)
    assert set(statuses().values()) == {PostingStatus.PUBLISHED}
    before = timezone.now()
    fetch(range(2), published=long_ago)
    for posting in JobPosting.objects.all():
        assert posting.last_seen_at == board.last_run_at
        assert posting.valid_through is not None
        assert posting.valid_through >= before + timedelta(days=60)


def test_a_job_expired_by_time_but_still_listed_opens_again(fetch):
    """The expiry task closed it by date; the next snapshot that lists it unchanged reopens it."""
    fetch(range(2))
    JobPosting.objects.filter(external_id=greenhouse_id(0)).update(
        status=PostingStatus.EXPIRED, valid_through=timezone.now() - timedelta(days=1)
    )
    report = fetch(range(2))
    assert report is not None and report.unchanged == 2
    posting = JobPosting.objects.get(external_id=greenhouse_id(0))
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.valid_through is not None and posting.valid_through > timezone.now()


def test_a_rejected_record_of_a_known_job_does_not_close_it(fetch, board):
    """A listing with a bad field is still a listing: its posting is seen, not closed."""
    fetch(range(4))
    broken = greenhouse_job(0)
    broken["title"] = ""
    jobs = [broken, *(greenhouse_job(n) for n in range(1, 4))]
    ingestion.postings_ingest(stream=io.BytesIO(greenhouse_board(jobs)), source=board.name)
    board.refresh_from_db()
    assert (board.last_rejected, board.last_closed) == (1, 0)
    posting = JobPosting.objects.get(external_id=greenhouse_id(0))
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.last_seen_at == board.last_run_at


def test_postings_people_closed_are_never_reopened_or_touched(fetch):
    """Filled and archived postings stay so, listed or not; a rejected one stays rejected."""
    fetch(range(4))
    chosen = {0: PostingStatus.FILLED, 1: PostingStatus.ARCHIVED, 2: PostingStatus.REJECTED}
    for number, status in chosen.items():
        JobPosting.objects.filter(external_id=greenhouse_id(number)).update(status=status)
    fetch([0, 1, 2, 3])
    fetch([3])
    assert statuses() == {
        **{greenhouse_id(n): status for n, status in chosen.items()},
        greenhouse_id(3): PostingStatus.PUBLISHED,
    }


def test_postings_waiting_for_review_are_not_closed_by_absence(board, fetch):
    """Only live postings close: one a moderator has not seen yet stays in the queue."""
    FeedSource.objects.filter(pk=board.pk).update(trusted=False)
    fetch(range(4))
    fetch(range(1, 4))
    assert set(statuses().values()) == {PostingStatus.PENDING}
    assert board.last_closed == 0


def test_a_failed_fetch_closes_nothing(fetch, board, serve_feed):
    fetch(range(4))
    serve_feed(error=URLError("Name or service not known"))
    assert ingestion.feed_source_run(feed_id=board.pk) is None
    board.refresh_from_db()
    assert board.last_run_status == FeedRunStatus.FAILED
    assert set(statuses().values()) == {PostingStatus.PUBLISHED}


def test_a_parse_failure_midway_closes_nothing(fetch, board, monkeypatch):
    """Records stored before the feed broke stay stored; nothing closes for the rest."""
    fetch(range(4))
    parse = formats.PARSERS["greenhouse"]

    def breaks_after_two(stream):
        for number, item in enumerate(parse(stream), start=1):
            if number > 2:
                raise FeedError("the connection dropped mid-response")
            yield item

    monkeypatch.setitem(formats.PARSERS, "greenhouse", breaks_after_two)
    assert fetch(range(4)) is None
    assert board.last_run_status == FeedRunStatus.FAILED
    assert set(statuses().values()) == {PostingStatus.PUBLISHED}


def test_an_incremental_feed_never_closes_by_absence():
    """A JSON-lines feed that is not marked a snapshot lists changes, not the whole board."""
    FeedSource.objects.create(name="changes", company_name="Atlasworks", trusted=True)
    lines = [
        f'{{"@type": "JobPosting", "identifier": "J{n}", "title": "Product Manager {n}", '
        f'"description": "Own it.", "jobLocation": {{"address": {{"addressCountry": "GB"}}}}}}'
        for n in range(4)
    ]
    ingestion.postings_ingest(stream=io.BytesIO("\n".join(lines).encode()), source="changes")
    report = ingestion.postings_ingest(stream=io.BytesIO(lines[3].encode()), source="changes")
    assert report.closed == 0
    assert set(statuses("changes").values()) == {PostingStatus.PUBLISHED}


def test_a_feed_marked_snapshot_closes_what_its_export_leaves_out():
    """JSON-lines, CSV and JSON-LD feeds close by absence when staff mark them snapshots."""
    FeedSource.objects.create(
        name="export", company_name="Atlasworks", trusted=True, snapshot=True, format="jsonl"
    )
    lines = [
        f'{{"@type": "JobPosting", "identifier": "J{n}", "title": "Product Manager {n}", '
        f'"description": "Own it.", "jobLocation": {{"address": {{"addressCountry": "GB"}}}}}}'
        for n in range(4)
    ]
    ingestion.postings_ingest(stream=io.BytesIO("\n".join(lines).encode()), source="export")
    report = ingestion.postings_ingest(
        stream=io.BytesIO("\n".join(lines[1:]).encode()), source="export"
    )
    assert report.closed == 1
    assert statuses("export")["J0"] == PostingStatus.EXPIRED


def test_the_feed_task_closes_and_answers_the_count(fetch, board, serve_feed):
    """The worker's path: ingest_feed runs the closing and returns it with the counts."""
    fetch(range(4))
    serve_feed(greenhouse_board([greenhouse_job(n) for n in range(1, 4)]))
    result = tasks.ingest_feed.delay(board.pk).get()
    assert result["closed"] == 1


def test_an_uploaded_snapshot_closes_in_the_worker_too(fetch, board):
    """A large upload for a registered Greenhouse feed is ingested and closed by a task."""
    fetch(range(4))
    name = ingestion.upload_store(
        content=io.BytesIO(greenhouse_board([greenhouse_job(n) for n in range(1, 4)])),
        filename="board.json",
    )
    result = tasks.ingest_upload.delay(name, board.name, "auto").get()
    assert result["closed"] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
def test_seeing_a_job_again_fires_neither_search_nor_salary_trigger(fetch):
    """An unchanged listing rewrites only when it was seen and how long it stays open: the
    search vector and the salary rows are left alone."""
    fetch(range(2))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE jobs_jobposting SET search_vector = to_tsvector('simple', 'kept')")
        cursor.execute("DELETE FROM salaries_demandposting")
    fetch(range(2))
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT search_vector::text FROM jobs_jobposting")
        assert cursor.fetchall() == [("'kept':1",)]
        cursor.execute("SELECT count(*) FROM salaries_demandposting")
        assert cursor.fetchone() == (0,)
