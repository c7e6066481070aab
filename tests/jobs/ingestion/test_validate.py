"""Validation: every rejection reason, and how accepted records are normalized."""

from datetime import UTC, datetime
from typing import Any

import pytest

from core.taxonomy import CompanySize, Industry, Level, RemotePolicy, SalaryPeriod
from jobs.ingestion.records import FeedRecord, Rejected
from jobs.ingestion.validate import posting_from
from jobs.taxonomy import EmploymentType


def record(**fields: Any) -> FeedRecord:
    values: dict[str, Any] = {
        "number": 1,
        "external_id": "X-1",
        "title": "Senior Product Manager",
        "company": "Northwind",
        "country": "GB",
        "city": "London",
        "date_posted": "2026-11-01",
    }
    values.update(fields)
    return FeedRecord(**values)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": None}, "missing title"),
        ({"title": "   "}, "missing title"),
        ({"title": {"en": "PM"}}, "title is not text"),
        ({"company": None}, "missing organization (the hiring organization's name)"),
        ({"country": "Atlantis"}, "unknown country 'Atlantis'"),
        ({"country": None}, "missing country"),
        (
            {"remote": "remote", "applicant_countries": ["Narnia"]},
            "unknown country 'Narnia'",
        ),
        (
            {"salary_min": 1, "salary_max": 2, "salary_currency": "XYZ"},
            "unknown currency code 'XYZ'",
        ),
        ({"salary_min": 50000}, "salary has no currency"),
        (
            {"salary_min": 1, "salary_currency": "GBP", "salary_unit": "FORTNIGHT"},
            "unknown salary unit 'FORTNIGHT'",
        ),
        (
            {"salary_min": 90000, "salary_max": 80000, "salary_currency": "GBP"},
            "salary minimum 90000 is above the maximum 80000",
        ),
        ({"salary_min": -1, "salary_currency": "GBP"}, "negative salary -1"),
        ({"salary_max": "-70000", "salary_currency": "GBP"}, "negative salary '-70000'"),
        ({"salary_min": "60k", "salary_currency": "GBP"}, "non-numeric salary '60k'"),
        ({"salary_min": True, "salary_currency": "GBP"}, "non-numeric salary True"),
        ({"salary_min": "NaN", "salary_currency": "GBP"}, "non-numeric salary 'NaN'"),
        ({"salary_min": 10**13, "salary_currency": "GBP"}, "salary 10000000000000 GBP"),
        ({"salary_max": "1e40", "salary_currency": "GBP"}, "salary 1E+40 GBP is out of range"),
        ({"date_posted": "next Tuesday"}, "unparseable date posted 'next Tuesday'"),
        ({"date_posted": 20261101}, "unparseable date posted 20261101"),
        ({"date_posted": "9999-12-31"}, "date posted '9999-12-31' is out of range"),
        ({"valid_through": "31/12/2026"}, "unparseable closing date (validThrough) '31/12/2026'"),
        ({"valid_through": "2026-10-01"}, "closing date 2026-10-01T00:00:00+00:00 is not after"),
        ({"remote": "sometimes"}, "unknown remote policy 'sometimes'"),
        ({"level": "wizard"}, "unknown level 'wizard'"),
        ({"url": "javascript:alert(1)"}, "url 'javascript:alert(1)' is not a web address"),
        ({"title": "P" * 201}, "title is longer than 200 characters"),
    ],
)
def test_bad_records_are_rejected_with_a_reason(fields, reason):
    """Each rule a record can break is named in the rejection, with the offending value."""
    with pytest.raises(Rejected) as rejected:
        posting_from(record(**fields))
    assert str(rejected.value).startswith(reason)


def test_a_good_record_is_normalized_onto_the_boards_vocabularies():
    """Country names become codes, salaries minor units, the level and flags are inferred."""
    posting = posting_from(
        record(
            title="Senior Technical Product Manager",
            country="United Kingdom",
            salary_min="85000",
            salary_max=105000.5,
            salary_currency="gbp",
            salary_unit="YEAR",
            employment_type=["VOLUNTEER", "CONTRACTOR"],
            company_employees="12000",
            industry="Online retail and e-commerce",
            company_url=["not a url", "https://northwind.example"],
            skills="SQL, Roadmapping, SQL",
            valid_through="2099-01-01T00:00:00",
        )
    )
    assert posting.country == "GB"
    assert (posting.salary_min, posting.salary_max) == (8_500_000, 10_500_050)
    assert (posting.salary_currency, posting.salary_period) == ("GBP", SalaryPeriod.YEAR)
    assert posting.level == Level.SENIOR and posting.technical
    assert posting.employment_type == EmploymentType.CONTRACT
    assert posting.company_size == CompanySize.ENTERPRISE
    assert posting.company_industry == Industry.RETAIL
    assert posting.company_website == "https://northwind.example"
    assert posting.skills == ["SQL", "Roadmapping"]
    assert posting.posted_at == datetime(2026, 11, 1, tzinfo=UTC)
    assert posting.valid_through == datetime(2099, 1, 1, tzinfo=UTC)


def test_salary_in_a_currency_without_cents_keeps_whole_units():
    posting = posting_from(record(salary_min=9_000_000, salary_currency="JPY", country="JP"))
    assert (posting.salary_min, posting.salary_max) == (9_000_000, None)


def test_html_descriptions_are_sanitized():
    """Scripts and event handlers go; formatting stays; Markdown source and HTML agree."""
    posting = posting_from(
        record(description='<p onclick="x()">Own <b>payments</b></p><script>alert(1)</script>')
    )
    assert posting.description_html == "<p>Own <b>payments</b></p>"
    assert posting.description == posting.description_html


def test_plain_descriptions_become_escaped_paragraphs():
    posting = posting_from(record(description="Ship <fast>.\nLearn often.\n\nSecond part."))
    assert posting.description == "Ship <fast>.\nLearn often.\n\nSecond part."
    assert posting.description_html == (
        "<p>Ship &lt;fast&gt;.<br>\nLearn often.</p>\n<p>Second part.</p>"
    )


def test_remote_roles_keep_applicant_countries_and_may_take_their_country_from_them():
    """A remote role without an office takes its country from the first applicant country."""
    posting = posting_from(
        record(country=None, city=None, remote="TELECOMMUTE", applicant_countries=["USA", "CA"])
    )
    assert posting.remote_policy == RemotePolicy.REMOTE
    assert posting.applicant_countries == ["CA", "US"]
    assert posting.country == "US"


def test_onsite_roles_drop_applicant_countries():
    posting = posting_from(record(applicant_countries=["US"]))
    assert posting.applicant_countries == []


def test_the_feed_company_stands_in_when_a_record_names_none():
    posting = posting_from(record(company=None), default_company="Pinewave")
    assert posting.company_name == "Pinewave"


def test_the_identity_falls_back_to_the_url_then_to_the_content():
    """Without an identifier the URL identifies a posting; without either, its content does."""
    by_url = posting_from(record(external_id=None, url="https://jobs.example/1"))
    assert by_url.external_id == "https://jobs.example/1"
    by_content = posting_from(record(external_id=None))
    assert by_content.external_id == f"content:{by_content.content_hash[:40]}"
    assert posting_from(record(external_id=None)).external_id == by_content.external_id


def test_long_identifiers_are_kept_as_a_digest():
    posting = posting_from(record(external_id="x" * 300))
    assert posting.external_id.startswith("sha256:") and len(posting.external_id) == 71


def test_the_content_hash_follows_the_content_not_the_record_number():
    """The same posting at another place in the feed has the same digest; a change alters it."""
    first = posting_from(record(number=1))
    assert posting_from(record(number=9)).content_hash == first.content_hash
    assert posting_from(record(city="Leeds")).content_hash != first.content_hash


def test_an_unreadable_head_count_leaves_the_company_size_unknown():
    for employees in ("lots", "Infinity", "NaN", -3):
        assert posting_from(record(company_employees=employees)).company_size == ""


def test_nul_characters_are_dropped_from_text():
    posting = posting_from(record(title="Product\x00 Manager"))
    assert posting.title == "Product Manager"
