"""Any feed, however malformed, is ingested record by record or refused whole; never a crash.

Hypothesis writes feeds of every format from arbitrary JSON (nested, wrong types in every
field), arbitrary CSV cells (quotes, NUL, line breaks, missing or extra columns) and
arbitrary bytes, and runs each through the whole pipeline down to the database. A run
may end in a report or in FeedError (the feed cannot be read at all); anything else fails.
"""

import csv
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from jobs.ingestion.formats.csvfeed import COLUMNS, REQUIRED
from jobs.ingestion.records import FeedError
from jobs.ingestion.run import ingest
from tests.conftest import _clear_cache as clear_cache

pytestmark = pytest.mark.django_db

# A few seconds per format in the normal suite; the examples are new on every run.
FUZZ = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORMATS = ["jsonld", "greenhouse", "lever", "csv", "jsonl", "auto"]

leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(["", "GBP", "usd", "GB", "London, UK", "2026-11-01", "HOUR", "1e400", "\x00"])
)
json_values = st.recursive(
    leaves,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)


def objects(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with any of ``fields``, each holding its own kind of value or any JSON."""
    return st.fixed_dictionaries(
        {}, optional={name: value | json_values for name, value in fields.items()}
    )


def wild_or_sound(
    fields: dict[str, st.SearchStrategy[Any]], sound: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with anything anywhere, or with the ``sound`` fields a posting needs and the
    others of their own kind, so that records get through validation to the database too."""
    others = {name: value for name, value in fields.items() if name not in sound}
    return objects(fields) | st.fixed_dictionaries(sound, optional=others)


ids = st.text(max_size=5) | json_values
# Values the rules accept.
titles = st.sampled_from(["Product Manager", "Senior PM", "VP Product"])
names = st.sampled_from(["Northwind", "Acme"])
countries = st.sampled_from(["GB", "US", "India", "IN"])
currencies = st.sampled_from(["GBP", "INR", "JPY", "usd"]) | st.text(max_size=4)
units = st.sampled_from(["HOUR", "YEAR", "month"]) | leaves
amount = st.integers(min_value=-1, max_value=10**20) | st.text(max_size=8)
organization = objects({"@id": ids, "@type": st.just("Organization"), "name": names})
place = objects({"address": objects({"addressCountry": countries})})
job_posting = wild_or_sound(
    {
        "@id": ids,
        "identifier": objects({"value": st.text(max_size=8)}),
        "title": titles,
        "description": st.text(max_size=40),
        "datePosted": st.text(max_size=12),
        "validThrough": st.text(max_size=12),
        "employmentType": st.text(max_size=10),
        "hiringOrganization": organization | objects({"@id": ids}),
        "jobLocation": place,
        "jobLocationType": st.just("TELECOMMUTE"),
        "applicantLocationRequirements": json_values,
        "baseSalary": objects(
            {
                "currency": currencies,
                "value": objects({"minValue": amount, "maxValue": amount, "unitText": units}),
            }
        ),
        "skills": json_values,
        "industry": json_values,
        "url": st.text(max_size=20),
    },
    sound={
        "title": titles,
        "hiringOrganization": st.fixed_dictionaries({"name": names}),
        "jobLocation": st.fixed_dictionaries(
            {"address": st.fixed_dictionaries({"addressCountry": countries})}
        ),
    },
).map(lambda node: {"@type": "JobPosting", **node})
jsonld_feeds = (
    st.lists(job_posting | organization | json_values, max_size=4).map(
        lambda nodes: {"@graph": nodes}
    )
    | st.lists(job_posting | json_values, max_size=4)
    | job_posting
    | json_values
)
greenhouse_job = wild_or_sound(
    {
        "id": st.integers() | st.text(max_size=6),
        "title": titles,
        "updated_at": st.text(max_size=12),
        "first_published": st.text(max_size=12),
        "location": objects({"name": st.text(max_size=12)}),
        "absolute_url": st.text(max_size=20),
        "content": st.text(max_size=40),
        "company_name": names,
        "offices": st.lists(objects({"name": st.text(max_size=10), "location": leaves})),
        "pay_input_ranges": st.lists(
            objects({"min_cents": amount, "max_cents": amount, "currency_type": currencies})
        ),
    },
    sound={
        "title": titles,
        "location": st.fixed_dictionaries(
            {"name": st.sampled_from(["London, UK", "Remote - US", "Bengaluru, India"])}
        ),
    },
)
greenhouse_feeds = (
    st.lists(greenhouse_job | json_values, max_size=4).map(lambda jobs: {"jobs": jobs})
    | json_values
)
lever_posting = wild_or_sound(
    {
        "id": st.text(max_size=6),
        "text": titles,
        "categories": objects({"commitment": leaves, "location": st.text(max_size=20)}),
        "country": countries,
        "workplaceType": st.sampled_from(["remote", "hybrid", "onsite", "unspecified"]),
        "descriptionPlain": st.text(max_size=30),
        "additionalPlain": st.text(max_size=30),
        "hostedUrl": st.text(max_size=20),
        "salaryRange": objects(
            {"currency": currencies, "interval": units, "min": amount, "max": amount}
        ),
        "createdAt": st.integers() | st.floats(),
    },
    sound={"text": titles, "country": countries},
)
lever_feeds = st.lists(lever_posting | json_values, max_size=4) | json_values


def dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


@st.composite
def csv_feeds(draw: st.DrawFn) -> bytes:
    """A header of known, unknown and repeated columns, then rows of any cells and lengths."""
    header = draw(st.lists(st.sampled_from(sorted(COLUMNS)) | st.text(max_size=6), max_size=8))
    if draw(st.booleans()):
        header = draw(st.permutations([*header, *REQUIRED]))
    cells = (
        titles | countries | st.sampled_from(['"', '""', "\x00", "\r", "\n", ",", "1e30", "9000"])
    )
    lengths = st.sampled_from([len(header)]) | st.integers(0, len(header) + 2)
    rows = [
        draw(st.lists(cells, min_size=n, max_size=n)) for n in draw(st.lists(lengths, max_size=5))
    ]
    out = io.StringIO()
    if draw(st.booleans()):
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    else:
        # Written by hand: quotes and separators inside cells stay unbalanced.
        out.write("\n".join(",".join(row) for row in [header, *rows]))
    return out.getvalue().encode("utf-8", "surrogatepass")


jsonl_feeds = st.lists(
    job_posting.map(json.dumps) | json_values.map(json.dumps) | st.text(max_size=20), max_size=5
).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))

FEEDS = {
    "jsonld": jsonld_feeds.map(dumps),
    "greenhouse": greenhouse_feeds.map(dumps),
    "lever": lever_feeds.map(dumps),
    "csv": csv_feeds(),
    "jsonl": jsonl_feeds,
}


def survives(feed: bytes, format_name: str) -> None:
    """The run reports on the feed, each rejection with a rule's reason, or refuses it whole."""
    try:
        report = ingest(
            io.BytesIO(feed), source="fuzz", format_name=format_name, company="Acme", workers=0
        )
    except FeedError:
        event("refused whole")
        return
    event("some records stored" if report.records > report.rejected else "every record rejected")
    # Records that failed in a way no rule names are rejected too, so the run goes on; here
    # they are bugs all the same.
    unexpected = [str(r) for r in report.rejections if r.reason.startswith("cannot be read (")]
    assert unexpected == []


@pytest.mark.parametrize("format_name", FORMATS)
@FUZZ
@given(data=st.data())
def test_any_feed_in_the_format_is_reported_or_refused(format_name, data):
    """Feeds shaped like the format, with anything in every field, never crash a run."""
    strategy = FEEDS[format_name] if format_name in FEEDS else st.one_of(*FEEDS.values())
    survives(data.draw(strategy), format_name)


@pytest.mark.parametrize("format_name", FORMATS)
@FUZZ
@given(feed=st.binary(max_size=200))
def test_any_bytes_are_reported_or_refused(format_name, feed):
    survives(feed, format_name)


@pytest.mark.parametrize("format_name", FORMATS)
@settings(FUZZ, max_examples=25)
@given(data=st.data())
def test_the_ingest_api_answers_any_feed_with_a_report_or_a_400(staff_user, format_name, data):
    """Over HTTP the same holds: 200 with the counts, or 400 with the reason; never a 500."""
    feed = data.draw(st.binary(max_size=200) | FEEDS.get(format_name, FEEDS["jsonld"]))
    # Each example stands for a request of its own: no rate limit carries over between them.
    clear_cache()
    api = APIClient()
    api.force_authenticate(staff_user)
    response = api.post(
        "/api/v1/ingest/",
        {"file": SimpleUploadedFile("feed", feed), "source": "fuzz", "format": format_name},
        format="multipart",
    )
    assert response.status_code in (200, 400), response.content
