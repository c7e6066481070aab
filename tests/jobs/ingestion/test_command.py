"""The ingest_postings command: its output contract, progress and exit status."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jobs.domain import PostingStatus
from jobs.ingestion import run
from jobs.management.commands import ingest_postings
from jobs.models import FeedSource, JobPosting

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


def ingest(*args: str) -> tuple[list[str], str]:
    """Run the command; return its stdout lines and its stderr."""
    out, err = StringIO(), StringIO()
    call_command("ingest_postings", *args, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue()


def test_prints_the_counts_then_one_line_per_rejected_record():
    lines, _ = ingest(str(FIXTURES / "postings.csv"), "--source", "silverstone")
    assert lines == [
        "created 2, updated 0, unchanged 0, duplicates 0, rejected 3, closed 0",
        "record 3: unknown salary unit 'fortnightly'",
        "record 4: unparseable date posted 'sometime soon'",
        "record 5: has 18 fields where the header has 22",
    ]
    assert set(JobPosting.objects.values_list("source", flat=True)) == {"silverstone"}


def test_a_second_run_of_the_same_file_finds_everything_unchanged():
    path = str(FIXTURES / "jsonld_graph.json")
    ingest(path, "--source", "bluefield")
    lines, _ = ingest(path, "--source", "bluefield")
    assert lines == ["created 0, updated 0, unchanged 2, duplicates 0, rejected 0, closed 0"]


def test_the_source_defaults_to_the_file_name(tmp_path):
    path = tmp_path / "Kite Learning.jsonl"
    shutil.copy(FIXTURES / "postings.jsonl", path)
    ingest(str(path))
    assert set(JobPosting.objects.values_list("source", flat=True)) == {"kite-learning"}


def test_format_and_company_options_are_passed_on():
    lines, _ = ingest(
        str(FIXTURES / "lever.json"), "--format", "lever", "--company", "Pinewave", "--source", "lv"
    )
    assert lines[0] == "created 2, updated 0, unchanged 0, duplicates 0, rejected 1, closed 0"


def test_progress_goes_to_stderr_as_batches_are_stored(monkeypatch):
    """Large files report progress on stderr, so stdout stays the summary and rejections."""
    monkeypatch.setattr(run, "BATCH_SIZE", 1)
    monkeypatch.setattr(ingest_postings, "PROGRESS_EVERY", 1)
    lines, err = ingest(str(FIXTURES / "jsonld_graph.json"), "--source", "bluefield")
    assert lines == ["created 2, updated 0, unchanged 0, duplicates 0, rejected 0, closed 0"]
    assert "1 records read" in err
    assert "2 records read" in err


def test_a_missing_file_cannot_be_read():
    with pytest.raises(CommandError, match="Cannot read"):
        ingest(str(FIXTURES / "missing.json"))


def test_a_file_that_is_not_json_cannot_be_read_and_exits_non_zero(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text('{"@type": "JobPosting", "title": ')
    with pytest.raises(CommandError, match="not valid JSON"):
        ingest(str(path), "--format", "jsonld")


def test_a_source_name_longer_than_postings_hold_is_refused():
    with pytest.raises(CommandError, match="--source"):
        ingest(str(FIXTURES / "jsonld_single.json"), "--source", "x" * 61)


def jsonl_jobs(tmp_path, numbers) -> str:
    path = tmp_path / f"export-{len(numbers)}.jsonl"
    path.write_text(
        "\n".join(
            f'{{"@type": "JobPosting", "identifier": "J{n}", "title": "Product Manager {n}", '
            f'"description": "Own it.", "jobLocation": {{"address": {{"addressCountry": "GB"}}}}}}'
            for n in numbers
        )
    )
    return str(path)


def test_snapshot_closes_what_a_registered_feeds_file_leaves_out(tmp_path):
    """--snapshot makes one run of an incremental feed a snapshot: the summary counts it."""
    FeedSource.objects.create(name="export", company_name="Atlasworks", trusted=True)
    ingest(jsonl_jobs(tmp_path, range(4)), "--source", "export")
    lines, _ = ingest(jsonl_jobs(tmp_path, range(1, 4)), "--source", "export", "--snapshot")
    assert lines == ["created 0, updated 0, unchanged 3, duplicates 0, rejected 0, closed 1"]
    assert JobPosting.objects.get(external_id="J0").status == PostingStatus.EXPIRED


def test_no_snapshot_closes_nothing_even_for_a_snapshot_feed(tmp_path):
    FeedSource.objects.create(name="export", company_name="Atlasworks", trusted=True, snapshot=True)
    ingest(jsonl_jobs(tmp_path, range(4)), "--source", "export")
    lines, _ = ingest(jsonl_jobs(tmp_path, range(1, 4)), "--source", "export", "--no-snapshot")
    assert lines[0].endswith("closed 0")
    assert set(JobPosting.objects.values_list("status", flat=True)) == {PostingStatus.PUBLISHED}


@pytest.mark.parametrize("option", ["--snapshot", "--no-snapshot"])
def test_snapshot_options_need_a_registered_source(tmp_path, option):
    """Without a registered feed there is nothing to record a closing on: the command says so."""
    with pytest.raises(CommandError, match="need --source to name a registered feed"):
        ingest(jsonl_jobs(tmp_path, range(2)), "--source", "unregistered", option)
    assert not JobPosting.objects.exists()
