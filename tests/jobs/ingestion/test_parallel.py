"""Validation in worker processes gives what validation in one process gives, in feed order."""

import io
import json
import os
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.ingestion import parallel
from jobs.ingestion.parallel import validated
from jobs.ingestion.records import Posting, Rejected, Rejection
from jobs.ingestion.run import ingest
from jobs.models import JobPosting

NOW = timezone.now()


def job(identifier: str, **fields) -> dict:
    record = {
        "@type": "JobPosting",
        "identifier": identifier,
        "title": f"Product Manager {identifier}",
        "description": f"<p>Own the <b>roadmap</b> of team {identifier}.</p>",
        "datePosted": NOW.isoformat(),
        "validThrough": (NOW + timedelta(days=90)).isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": "Harbor Retail"},
        "jobLocation": {"address": {"addressLocality": "Leeds", "addressCountry": "GB"}},
    }
    record.update(fields)
    return record


def feed() -> bytes:
    """Eleven lines: postings, with a blank line, broken JSON, a non-UTF-8 line and a record
    that breaks a rule in the middle of what become chunks of three."""
    lines = [json.dumps(job(str(n))).encode() for n in range(1, 12)]
    lines[2] = b""
    atlantis = job("5", jobLocation={"address": {"addressCountry": "Atlantis"}})
    lines[4] = json.dumps(atlantis).encode()
    lines[7] = b'{"@type": "JobPosting", "title": '
    lines[9] = b"\xff\xfe"
    return b"\n".join(lines) + b"\n"


_safe_to_fork = parallel._safe_to_fork


@pytest.fixture(autouse=True)
def _forking_allowed(monkeypatch):
    """Earlier tests can leave idle threads behind (servers, pools), which would keep every
    validation here in-process; these tests are about the workers, so they always fork."""
    monkeypatch.setattr(parallel, "_safe_to_fork", lambda: True)


def items(workers: int, data: bytes | None = None, format_name: str = "jsonl") -> list:
    stream = io.BytesIO(feed() if data is None else data)
    with validated(stream, format_name=format_name, workers=workers, chunk_size=3) as found:
        return list(found)


def test_workers_validate_every_record_in_feed_order_with_its_line_number():
    """Chunks come back in order; blank lines drop out; each rejection keeps its number."""
    found = items(workers=2)
    assert [item.number for item in found] == [1, 2, 4, 5, 6, 7, 8, 9, 10, 11]
    rejected = [(item.number, item.reason) for item in found if isinstance(item, Rejection)]
    assert [number for number, _ in rejected] == [5, 8, 10]
    assert rejected[0][1] == "unknown country 'Atlantis'"
    assert rejected[1][1].startswith("not valid JSON")
    assert rejected[2][1] == "not UTF-8 text"
    postings = [item for item in found if isinstance(item, Posting)]
    assert [posting.external_id for posting in postings] == ["1", "2", "4", "6", "7", "9", "11"]


def reject_with_process_id(record, default_company=""):
    raise Rejected(str(os.getpid()))


def test_workers_are_other_processes(monkeypatch):
    """With workers, records are validated outside this process."""
    monkeypatch.setattr(parallel, "posting_from", reject_with_process_id)
    validators = {item.reason for item in items(workers=2) if item.reason.isdigit()}
    assert validators and str(os.getpid()) not in validators


def test_a_process_with_other_threads_validates_by_itself(monkeypatch):
    """Forking beside other threads could leave a lock held in the children for good."""
    monkeypatch.setattr(parallel, "_safe_to_fork", _safe_to_fork)
    monkeypatch.setattr(parallel, "posting_from", reject_with_process_id)
    started, finish = threading.Event(), threading.Event()

    def wait() -> None:
        started.set()
        finish.wait()

    other = threading.Thread(target=wait)
    other.start()
    started.wait()
    try:
        validators = {item.reason for item in items(workers=2) if item.reason.isdigit()}
    finally:
        finish.set()
        other.join()
    assert validators == {str(os.getpid())}


def test_workers_give_what_one_process_gives():
    """Postings validated in workers are equal, field by field, to those validated here."""
    assert items(workers=2) == items(workers=0)


def test_records_of_other_formats_are_validated_by_workers():
    """A JSON-LD array is parsed here and its records validated in chunks elsewhere."""
    array = json.dumps([job("A"), {"@type": "Event"}, job("B", title=None), job("C")])
    found = items(workers=2, data=array.encode(), format_name="jsonld")
    assert found == items(workers=0, data=array.encode(), format_name="jsonld")
    assert [(item.number, type(item).__name__) for item in found] == [
        (1, "Posting"),
        (2, "Rejection"),
        (3, "Rejection"),
        (4, "Posting"),
    ]


def test_small_feeds_are_validated_in_this_process(monkeypatch):
    """Starting workers costs more than a small feed takes to validate."""
    assert parallel._default_workers(io.BytesIO(feed())) == 0
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 10)
    assert parallel._default_workers(io.BytesIO(feed())) >= 1


@pytest.mark.django_db
def test_a_run_with_workers_stores_and_reports_as_a_run_without():
    """Same counts and rejected records, whether workers validate or not; re-running the feed
    with workers finds every posting unchanged."""
    report = ingest(io.BytesIO(feed()), source="feed", format_name="jsonl", workers=2)
    assert (
        report.lines()[0] == "created 7, updated 0, unchanged 0, duplicates 0, rejected 3, closed 0"
    )
    assert [rejection.number for rejection in report.rejections] == [5, 8, 10]
    assert JobPosting.objects.count() == 7
    again = ingest(io.BytesIO(feed()), source="feed", format_name="jsonl", workers=0)
    assert (again.unchanged, again.rejected) == (7, 3)
    third = ingest(io.BytesIO(feed()), source="feed", format_name="jsonl", workers=2)
    assert third.lines() == again.lines()
