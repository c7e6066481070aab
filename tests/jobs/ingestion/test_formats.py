"""Each feed format's parser, and telling the formats apart."""

import io
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jobs.ingestion.formats import PARSERS, detect
from jobs.ingestion.records import FeedError, FeedRecord, Rejection

FIXTURES = Path(__file__).parent / "fixtures"


def parse(format_name: str, name: str) -> list[Any]:
    """The parser's items: records and rejections, in feed order."""
    with open(FIXTURES / name, "rb") as stream:
        return list(PARSERS[format_name](stream))


def records(items: Iterable[FeedRecord | Rejection]) -> list[FeedRecord]:
    return [item for item in items if isinstance(item, FeedRecord)]


def only_records(items: Iterable[FeedRecord | Rejection]) -> list[FeedRecord]:
    """The items, which must all be records: a rejection fails the test."""
    found = list(items)
    assert rejections(found) == []
    return records(found)


def rejections(items: Iterable[FeedRecord | Rejection]) -> list[tuple[int, str]]:
    return [(item.number, item.reason) for item in items if isinstance(item, Rejection)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("jsonld_single.json", "jsonld"),
        ("jsonld_graph.json", "jsonld"),
        ("jsonld_array.json", "jsonld"),
        ("postings.jsonl", "jsonl"),
        ("greenhouse.json", "greenhouse"),
        ("lever.json", "lever"),
        ("postings.csv", "csv"),
    ],
)
def test_detect_tells_each_format_from_its_content(name, expected):
    """Auto-detection reads the content, not the file name, and leaves the stream at its start."""
    with open(FIXTURES / name, "rb") as stream:
        assert detect(stream) == expected
        assert stream.tell() == 0


def test_detect_trusts_a_jsonl_or_csv_file_name():
    """A .jsonl or .csv name decides, even when the first line alone would not."""
    assert detect(io.BytesIO(b'{"@type": "JobPosting"}\n'), "feed.jsonl") == "jsonl"
    assert detect(io.BytesIO(b"title\n"), "postings.CSV") == "csv"


def test_detect_gives_up_on_content_it_cannot_place():
    """Text that is neither JSON nor CSV is a feed that cannot be read."""
    with pytest.raises(FeedError, match="cannot tell"):
        detect(io.BytesIO(b"hello there"))


def test_jsonld_single_object_maps_every_field():
    """A single JobPosting maps title, organization, place, salary, dates, identifier and skills."""
    [record] = parse("jsonld", "jsonld_single.json")
    assert record.external_id == "NWB-2291"
    assert record.title == "Senior Product Manager, Payments"
    assert record.company == "Northwind Bank"
    assert record.company_url[0] == "https://www.northwind-bank.example"
    assert record.company_employees == 10000
    assert record.industry == "Banking and financial services"
    assert (record.city, record.region, record.country) == ("London", "England", "GB")
    assert (record.salary_min, record.salary_max) == (85000, 105000)
    assert (record.salary_currency, record.salary_unit) == ("GBP", "YEAR")
    assert record.date_posted == "2026-11-02T09:30:00+00:00"
    assert record.valid_through == "2099-01-31T23:59:59Z"
    assert record.employment_type == ["FULL_TIME"]
    assert record.skills == ["SQL", "Roadmapping", "Underwater basket weaving"]
    assert record.url == "https://careers.northwind-bank.example/jobs/NWB-2291"


def test_jsonld_graph_takes_job_postings_and_resolves_references():
    """In an @graph, JobPosting nodes are the records and @id references reach other nodes."""
    scheduling, platform = parse("jsonld", "jsonld_graph.json")
    assert scheduling.number == 1 and platform.number == 2
    assert scheduling.company == platform.company == "Bluefield Health"
    assert scheduling.company_employees == 320
    assert scheduling.country == "Germany"
    assert scheduling.industry == "Healthcare"
    assert (scheduling.salary_min, scheduling.salary_max, scheduling.salary_unit) == (
        6500,
        6500,
        "MONTH",
    )
    assert platform.external_id == 105
    assert platform.remote == "remote"
    assert platform.applicant_countries == ["Germany", "Netherlands", "IE"]
    assert platform.skills == "SQL, A/B testing"


def test_jsonld_array_rejects_entries_that_are_not_job_postings():
    """Array entries that are not objects, or objects of another @type, are rejected by number."""
    items = parse("jsonld", "jsonld_array.json")
    assert len(items) == 13
    assert rejections(items) == [
        (2, "not an object"),
        (3, "wrong @type 'Organization' (expected JobPosting)"),
    ]


def test_jsonld_accepts_prefixed_and_full_type_names():
    """'schema:JobPosting' and the full IRI name the same type as 'JobPosting'."""
    document = [
        {"@type": "schema:JobPosting", "title": "A"},
        {"@type": ["http://schema.org/JobPosting"], "title": "B"},
    ]
    items = only_records(PARSERS["jsonld"](io.BytesIO(json.dumps(document).encode())))
    assert [item.title for item in items] == ["A", "B"]


def test_jsonld_that_is_not_json_cannot_be_read():
    """A JSON-LD feed that does not parse as JSON is an unreadable feed."""
    with pytest.raises(FeedError, match="not valid JSON"):
        list(PARSERS["jsonld"](io.BytesIO(b'{"@type": "JobPosting",')))


def test_jsonl_reads_a_posting_per_line_and_numbers_records_by_line():
    """Blank lines are skipped; broken JSON, non-objects and other types are rejected by line."""
    items = parse("jsonl", "postings.jsonl")
    assert [record.external_id for record in records(items)] == ["KL-1", "KL-2", "KL-3"]
    assert [record.number for record in records(items)] == [1, 2, 7]
    reasons = rejections(items)
    assert [number for number, _ in reasons] == [4, 5, 6]
    assert reasons[0][1].startswith("not valid JSON")
    assert reasons[1:] == [(5, "not an object"), (6, "wrong @type 'Event' (expected JobPosting)")]


def test_jsonl_rejects_a_line_that_is_not_utf8():
    """One undecodable line is rejected; the lines around it are read."""
    feed = (
        b'{"@type": "JobPosting", "title": "A"}\n\xff\xfe\n{"@type": "JobPosting", "title": "B"}\n'
    )
    items = list(PARSERS["jsonl"](io.BytesIO(feed)))
    assert [item.title for item in records(items)] == ["A", "B"]
    assert rejections(items) == [(2, "not UTF-8 text")]


def test_greenhouse_maps_jobs_with_unescaped_content_and_pay_ranges():
    """Content is unescaped HTML; pay ranges in cents become currency units; places are read."""
    london, austin, germany, remote = parse("greenhouse", "greenhouse.json")
    assert london.external_id == 4012345006
    assert london.company == "Atlasworks"
    assert london.url == "https://boards.greenhouse.io/atlasworks/jobs/4012345006"
    assert london.description.startswith('<div class="content-intro"><p>Atlasworks builds')
    assert london.description_is_html
    assert london.date_posted == "2026-10-30T09:00:00-04:00"
    assert (london.city, london.country) == ("London", "GB")
    assert (london.salary_min, london.salary_max) == (Decimal(95000), Decimal(120000))
    assert (london.salary_currency, london.salary_unit) == ("GBP", "year")
    assert austin.company is None
    assert austin.date_posted == "2026-11-05T16:00:00-05:00"
    assert (austin.city, austin.region, austin.country, austin.remote) == (
        "Austin",
        "TX",
        "US",
        "hybrid",
    )
    assert (germany.country, germany.remote, germany.salary_min) == ("DE", "remote", None)
    assert (remote.country, remote.remote) == (None, "remote")


def test_greenhouse_without_a_jobs_list_cannot_be_read():
    with pytest.raises(FeedError, match='"jobs" list'):
        list(PARSERS["greenhouse"](io.BytesIO(b"[]")))


def test_lever_maps_postings_with_salary_ranges_and_millisecond_dates():
    """Lever's text, categories, country, workplaceType, salaryRange and createdAt are mapped."""
    growth, contract, onboarding = parse("lever", "lever.json")
    assert growth.external_id == "5b1e4c2a-7d3f-4a8e-9c11-2f6a0d9e8b01"
    assert growth.title == "Product Manager, Growth"
    assert growth.description == (
        "Grow our self-serve funnel.\nRun experiments every week.\n\nWe offer a learning budget."
    )
    assert growth.date_posted == datetime(2026, 10, 31, 10, tzinfo=UTC)
    assert (growth.city, growth.country, growth.remote) == ("Amsterdam", "NL", "hybrid")
    assert growth.employment_type == "Full-time"
    assert (growth.salary_min, growth.salary_max, growth.salary_currency) == (70000, 85000, "EUR")
    assert growth.salary_unit == "per-year-salary"
    assert growth.url == "https://jobs.lever.co/pinewave/5b1e4c2a-7d3f-4a8e-9c11-2f6a0d9e8b01"
    assert (contract.remote, contract.salary_unit) == ("remote", "per-hour-wage")
    assert onboarding.salary_unit == "one-time"


def test_lever_that_is_not_a_list_cannot_be_read():
    with pytest.raises(FeedError, match="list of postings"):
        list(PARSERS["lever"](io.BytesIO(b'{"jobs": []}')))


def test_csv_maps_columns_with_quoted_fields_spanning_lines():
    """Quoted fields keep commas and line breaks; list columns split on ';' or ','."""
    items = parse("csv", "postings.csv")
    checkout, head = records(items)[:2]
    assert checkout.title == "Product Manager, Checkout"
    assert checkout.description == "Make checkout fast.\n\nWork with payments, fraud and design."
    assert checkout.skills == ["SQL", "Prioritization"]
    assert (checkout.salary_min, checkout.salary_max, checkout.salary_unit) == (
        "60000",
        "75000",
        "year",
    )
    assert head.company == "SILVERSTONE RETAIL"
    assert (head.level, head.remote, head.salary_max) == ("director", "hybrid", None)
    assert records(items)[2].applicant_countries == ["Germany", "France"]


def test_csv_numbers_data_rows_and_rejects_short_rows():
    """Record numbers count data rows; a row with too few fields is rejected."""
    items = parse("csv", "postings.csv")
    assert [record.number for record in records(items)] == [1, 2, 3, 4]
    assert rejections(items) == [(5, "has 18 fields where the header has 22")]


def test_csv_without_required_columns_cannot_be_read():
    """The header must name title, company and country."""
    with pytest.raises(FeedError, match="company, country"):
        list(PARSERS["csv"](io.BytesIO(b"title,city\nProduct Manager,London\n")))


def test_csv_rejects_a_row_that_is_not_utf8():
    feed = b"title,company,country\nA,Acme,GB\nB\xff,Acme,GB\nC,Acme,GB\n"
    items = list(PARSERS["csv"](io.BytesIO(feed)))
    assert [record.title for record in records(items)] == ["A", "C"]
    assert rejections(items) == [(2, "not UTF-8 text")]


def test_csv_reads_long_descriptions():
    description = "Own the roadmap. " * 12_000
    feed = f'title,company,country,description\nPM,Acme,GB,"{description}"\n'.encode()
    [record] = only_records(PARSERS["csv"](io.BytesIO(feed)))
    assert len(record.description) == len(description.strip())
