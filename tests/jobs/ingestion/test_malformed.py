"""Malformed feeds: a bad record is rejected with its number and the run goes on; a feed that
cannot be read at all is refused with one clear error, by the command and the API alike."""

import io
import json
import logging
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from jobs.ingestion import lookups
from jobs.ingestion.formats import PARSERS, detect
from jobs.ingestion.records import FeedError, FeedRecord, Rejected, Rejection
from jobs.ingestion.run import ingest
from jobs.ingestion.validate import posting_from
from jobs.models import JobPosting

# Deeper than the JSON parser follows, and short enough for format detection to read whole.
TOO_DEEP = "[" * 20_000 + "]" * 20_000


def node(title: str, **fields) -> dict:
    return {
        "@type": "JobPosting",
        "title": title,
        "hiringOrganization": {"name": "Northwind"},
        "jobLocation": {"address": {"addressCountry": "GB"}},
        **fields,
    }


def items(format_name: str, feed: bytes) -> list[FeedRecord | Rejection]:
    return list(PARSERS[format_name](io.BytesIO(feed)))


def records(found: list[FeedRecord | Rejection]) -> list[FeedRecord]:
    return [item for item in found if isinstance(item, FeedRecord)]


@pytest.mark.parametrize("bad_id", [["a", "b"], {"x": 1}, 7, None])
def test_a_graph_node_with_an_id_that_is_not_text_does_not_stop_the_feed(bad_id):
    """An @id must be an IRI: a node with a list or object @id is read, just not pointed at."""
    graph = [
        {"@type": "Organization", "@id": bad_id, "name": "Elsewhere"},
        node("Product Manager", **{"@id": bad_id}),
        node("Senior PM"),
    ]
    found = items("jsonld", json.dumps({"@graph": graph}).encode())
    assert [record.title for record in records(found)] == [
        "Product Manager",
        "Senior PM",
    ]


def test_a_reference_that_is_not_text_leaves_the_organization_unresolved():
    """{"@id": [..]} points at nothing: that record lacks an organization, the next is read."""
    graph = [
        node("Product Manager", hiringOrganization={"@id": ["n1"]}),
        {"@type": "Organization", "@id": "n2", "name": "Acme"},
        node("Senior PM", hiringOrganization={"@id": "n2"}),
    ]
    found = records(items("jsonld", json.dumps({"@graph": graph}).encode()))
    assert [record.company for record in found] == [None, "Acme"]


@pytest.mark.parametrize("format_name", ["jsonld", "greenhouse", "lever"])
def test_a_document_nested_too_deeply_is_refused_whole(format_name):
    with pytest.raises(FeedError, match="nested too deeply"):
        items(format_name, TOO_DEEP.encode())


def test_a_jsonl_line_nested_too_deeply_rejects_that_line_only():
    feed = "\n".join([json.dumps(node("Product Manager")), TOO_DEEP, json.dumps(node("CPO"))])
    found = items("jsonl", feed.encode())
    assert isinstance(found[0], FeedRecord) and isinstance(found[2], FeedRecord)
    assert found[1] == Rejection(2, "not valid JSON: arrays or objects nested too deeply")


def test_detection_reads_past_a_first_line_nested_too_deeply():
    assert detect(io.BytesIO(f"{TOO_DEEP}\n{{}}".encode())) == "jsonld"


def test_a_deeply_nested_value_is_quoted_short_in_the_reason():
    """A rejection names the value, cut short: a nested value is never written out whole."""
    value = json.loads("[" * 900 + "1" + "]" * 900)
    record = FeedRecord(
        number=1, title="PM", company="Acme", country="GB", salary_min=value, salary_currency="GBP"
    )
    with pytest.raises(Rejected, match=r"^non-numeric salary \[\[\[\[\.\.\.\]\]\]\]$"):
        posting_from(record)


def test_a_malformed_csv_row_is_rejected_and_the_rows_after_it_are_read():
    feed = b"title,company,country\nProduct Manager,Acme,GB\nCPO,Ac\rme,GB\nSenior PM,Acme,GB\n"
    found = items("csv", feed)
    assert [record.title for record in records(found)] == [
        "Product Manager",
        "Senior PM",
    ]
    assert [(item.number, item.reason[:25]) for item in found if isinstance(item, Rejection)] == [
        (2, "malformed CSV at line 3: ")
    ]


def test_a_malformed_csv_header_is_refused_whole():
    with pytest.raises(FeedError, match="malformed CSV header"):
        items("csv", b"title,comp\rany,country\nPM,Acme,GB\n")


@pytest.mark.django_db
def test_a_record_that_fails_unexpectedly_is_rejected_and_the_run_goes_on(monkeypatch, caplog):
    """Whatever goes wrong inside one record rejects that record, and is logged for developers."""

    def broken(text):
        if text == "Atlantis":
            raise LookupError("no such table")
        return "GB"

    monkeypatch.setattr(lookups, "country_code", broken)
    feed = "\n".join(
        json.dumps(node(title, jobLocation={"address": {"addressCountry": country}}))
        for title, country in (("Product Manager", "GB"), ("CPO", "Atlantis"), ("APM", "GB"))
    )
    with caplog.at_level(logging.ERROR, logger="jobs.ingestion.records"):
        report = ingest(io.BytesIO(feed.encode()), source="feed", format_name="jsonl")
    assert report.created == 2
    assert [str(rejection) for rejection in report.rejections] == [
        "record 2: cannot be read (LookupError)"
    ]
    assert "Feed record 2 could not be read" in caplog.text


@pytest.mark.django_db
def test_command_rejects_a_bad_graph_node_and_stores_the_rest(tmp_path: Path):
    graph = [node("Product Manager", **{"@id": ["x"]}), {**node("Senior PM"), "title": ["?"]}]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"@graph": graph}))
    out = io.StringIO()
    call_command("ingest_postings", str(path), "--source", "graph", stdout=out)
    assert out.getvalue().splitlines() == [
        "created 1, updated 0, unchanged 0, duplicates 0, rejected 1, closed 0",
        "record 2: title is not text",
    ]


@pytest.mark.django_db
def test_command_refuses_a_file_nested_too_deeply_with_one_clear_error(tmp_path: Path):
    path = tmp_path / "feed.json"
    path.write_text(TOO_DEEP)
    with pytest.raises(CommandError, match="Cannot read .*nested too deeply"):
        call_command("ingest_postings", str(path), "--source", "deep", stdout=io.StringIO())


@pytest.fixture
def staff_api(staff_user):
    api = APIClient()
    api.force_authenticate(staff_user)
    return api


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("feed.json", content, content_type="application/octet-stream")


@pytest.mark.django_db
def test_api_answers_400_for_a_feed_nested_too_deeply(staff_api):
    response = staff_api.post(
        "/api/v1/ingest/",
        {"file": upload(TOO_DEEP.encode()), "source": "deep"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


@pytest.mark.django_db
def test_api_reports_a_graph_with_a_bad_id_record_by_record(staff_api):
    graph = [node("Product Manager", **{"@id": {"x": 1}}), node("Senior PM")]
    response = staff_api.post(
        "/api/v1/ingest/",
        {"file": upload(json.dumps({"@graph": graph}).encode()), "source": "graph"},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2
    assert JobPosting.objects.count() == 2


@pytest.mark.django_db
def test_api_answers_400_for_a_json_body_nested_too_deeply(staff_api):
    body = '{"source": "deep", "data": ' + TOO_DEEP + "}"
    response = staff_api.post("/api/v1/ingest/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [100, 600, 900])
def test_api_reads_a_json_body_it_can_parse_however_nested(staff_api, depth):
    """A body the parser reads is a feed like any other: reported on, or refused as one."""
    body = '{"source": "deep", "data": [' + "[" * depth + "]" * depth + "]}"
    response = staff_api.post("/api/v1/ingest/", body, content_type="application/json")
    assert response.status_code in (200, 400)


def test_a_lever_workplace_type_that_is_not_text_rejects_that_posting_only():
    feed = [
        {"text": "Product Manager", "country": "GB", "workplaceType": ["remote"]},
        {"text": "Senior PM", "country": "GB", "workplaceType": "remote"},
    ]
    first, second = records(items("lever", json.dumps(feed).encode()))
    with pytest.raises(Rejected, match="remote policy is not text"):
        posting_from(first, default_company="Acme")
    assert posting_from(second, default_company="Acme").remote_policy == "remote"
