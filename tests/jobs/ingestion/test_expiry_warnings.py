"""A feed that keeps a posting open past the date its recruiters were warned about asks for
the warning again; one that leaves the date where it was leaves the warning given."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from jobs.models import FeedSource, JobPosting
from jobs.services import ingestion
from jobs.services.postings import postings_warn_expiring

from .boards import GREENHOUSE_URL, greenhouse_board, greenhouse_job
from .test_ingest import ingest_records, job

pytestmark = pytest.mark.django_db

# One moment for every record a test builds, so a record sent twice is unchanged.
NOW = timezone.now()


def warned_once_closing_soon() -> JobPosting:
    """The only posting, made to close in two days and warned about it."""
    JobPosting.objects.update(valid_through=timezone.now() + timedelta(days=2))
    assert postings_warn_expiring() == 1
    return JobPosting.objects.get()


def warned_again_before(valid_through: datetime | None) -> int:
    """How many postings the warning task warns about the day before ``valid_through``."""
    assert valid_through is not None
    return postings_warn_expiring(now=valid_through - timedelta(days=1))


@pytest.fixture
def fetch(serve_feed):
    """Run a trusted Greenhouse board (a snapshot without closing dates) with these jobs."""
    board = FeedSource.objects.create(
        name="atlasworks",
        format="greenhouse",
        url=GREENHOUSE_URL,
        company_name="Atlasworks",
        trusted=True,
    )

    def run(numbers, **job_options):
        serve_feed(greenhouse_board([greenhouse_job(n, **job_options) for n in numbers]))
        return ingestion.feed_source_run(feed_id=board.pk)

    return run


@pytest.fixture
def export():
    """Ingest records as a trusted JSON-lines snapshot: the source's closing dates stand."""
    FeedSource.objects.create(name="export", trusted=True, snapshot=True, format="jsonl")
    return lambda records: ingest_records(records, source="export")


@pytest.fixture
def changes():
    """Ingest records as a trusted incremental feed: each record says the posting's dates."""
    FeedSource.objects.create(name="changes", trusted=True)
    return lambda records: ingest_records(records, source="changes")


def closing(days: int) -> dict:
    return {"validThrough": (NOW + timedelta(days=days)).isoformat()}


def test_a_snapshot_listing_a_warned_posting_unchanged_warns_again_as_the_new_date_nears(fetch):
    """Listed again, the posting stays open the board's validity from now: the warning
    given for the old date is cleared and the task warns once more before the new one."""
    fetch(range(1))
    warned = warned_once_closing_soon()

    report = fetch(range(1))

    assert report is not None and report.unchanged == 1
    posting = JobPosting.objects.get()
    assert posting.valid_through is not None and warned.valid_through is not None
    assert posting.valid_through > warned.valid_through
    assert posting.expiry_warned_at is None
    assert postings_warn_expiring() == 0
    assert warned_again_before(posting.valid_through) == 1


def test_a_snapshot_listing_a_warned_posting_unchanged_with_its_closing_date_warns_no_more(
    export,
):
    """The source's own closing date stays where it was: so does the warning."""
    export([job("A", **closing(2))])
    assert postings_warn_expiring() == 1

    report = export([job("A", **closing(2))])

    assert report.unchanged == 1
    posting = JobPosting.objects.get()
    assert posting.expiry_warned_at is not None
    assert warned_again_before(posting.valid_through) == 0


def test_a_feed_moving_a_warned_postings_closing_date_later_warns_again_as_it_nears(changes):
    """An update that closes the posting later clears the warning given for the old date."""
    changes([job("A", **closing(2))])
    assert postings_warn_expiring() == 1

    report = changes([job("A", **closing(30))])

    assert report.updated == 1
    posting = JobPosting.objects.get()
    assert posting.valid_through == NOW + timedelta(days=30)
    assert posting.expiry_warned_at is None
    assert postings_warn_expiring() == 0
    assert warned_again_before(posting.valid_through) == 1


@pytest.mark.parametrize(
    "update",
    [
        pytest.param({"title": "Product Manager, Search Ranking", **closing(2)}, id="same date"),
        pytest.param(closing(1), id="earlier date"),
    ],
)
def test_a_feed_update_not_moving_the_closing_date_later_keeps_the_warning(changes, update):
    """A new title with the same closing date, or an earlier date: the warning stands."""
    changes([job("A", **closing(2))])
    assert postings_warn_expiring() == 1

    report = changes([job("A", **update)])

    assert report.updated == 1
    posting = JobPosting.objects.get()
    assert posting.expiry_warned_at is not None
    assert warned_again_before(posting.valid_through) == 0


def test_a_snapshot_updating_a_warned_posting_warns_again_as_the_new_date_nears(fetch):
    """A changed listing in a snapshot stays open the board's validity from now, later than
    the date the recruiters were warned about."""
    fetch(range(1))
    warned_once_closing_soon()

    report = fetch(range(1), published=NOW - timedelta(days=1))

    assert report is not None and report.updated == 1
    posting = JobPosting.objects.get()
    assert posting.expiry_warned_at is None
    assert warned_again_before(posting.valid_through) == 1
