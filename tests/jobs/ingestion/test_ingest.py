"""Ingestion runs against the database: identity, moderation, companies, skills, duplicates."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.utils import timezone

from core.taxonomy import CompanySize, Industry
from jobs.domain import PostingStatus
from jobs.ingestion import run as run_module
from jobs.ingestion import store as store_module
from jobs.ingestion.records import FeedError
from jobs.ingestion.run import ingest
from jobs.models import Company, FeedSource, JobPosting
from jobs.search.engine import engine
from jobs.services import dedupe
from jobs.services.ingestion import postings_ingest
from tests.jobs.factories import CompanyFactory, PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
# One moment for every record a test builds, so equal records are equal to the second.
NOW = timezone.now()


def ingest_file(name: str, source: str = "feed", **options):
    with open(FIXTURES / name, "rb") as stream:
        return postings_ingest(stream=stream, source=source, **options)


def ingest_records(records: list[dict], source: str = "feed", **options):
    lines = "\n".join(json.dumps(record) for record in records)
    return postings_ingest(
        stream=io.BytesIO(lines.encode()), source=source, format_name="jsonl", **options
    )


def job(identifier: str, **fields) -> dict:
    """A JobPosting in JSON-LD, posted now, open for a long while."""
    record = {
        "@type": "JobPosting",
        "identifier": identifier,
        "title": "Product Manager, Search",
        "description": "Make search great.",
        "datePosted": NOW.isoformat(),
        "validThrough": (NOW + timedelta(days=90)).isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": "Harbor Retail"},
        "jobLocation": {"address": {"addressLocality": "Leeds", "addressCountry": "GB"}},
        "baseSalary": {
            "currency": "GBP",
            "value": {"minValue": 60000, "maxValue": 70000, "unitText": "YEAR"},
        },
    }
    record.update(fields)
    return record


def snapshot() -> list[tuple]:
    return list(JobPosting.objects.order_by("pk").values_list("pk", "updated_at", "content_hash"))


def test_each_record_lands_in_one_count_and_rejections_say_why():
    """The JSON-LD fixture: valid postings are created, the others rejected by number."""
    report = ingest_file("jsonld_array.json", company="Fallback Co")
    assert (report.created, report.updated, report.unchanged, report.duplicates) == (3, 0, 0, 0)
    assert [rejection.number for rejection in report.rejections] == [
        2,
        3,
        4,
        6,
        7,
        8,
        9,
        10,
        11,
        12,
    ]
    assert report.records == 13
    assert JobPosting.objects.count() == 3


@pytest.mark.parametrize(
    ("name", "options", "created", "rejected"),
    [
        ("jsonld_single.json", {}, 1, 0),
        ("jsonld_graph.json", {}, 2, 0),
        ("postings.jsonl", {}, 3, 3),
        ("greenhouse.json", {"company": "Atlasworks"}, 3, 1),
        ("lever.json", {"company": "Pinewave"}, 2, 1),
        ("postings.csv", {}, 2, 3),
    ],
)
def test_every_format_ingests_end_to_end(name, options, created, rejected):
    """Each fixture goes through detection, parsing, validation and the store."""
    report = ingest_file(name, **options)
    assert (report.created, report.rejected) == (created, rejected)
    assert JobPosting.objects.count() == created


def test_postings_from_an_untrusted_source_wait_for_moderation():
    ingest_file("jsonld_single.json")
    posting = JobPosting.objects.get()
    assert posting.status == PostingStatus.PENDING
    assert (posting.source, posting.external_id) == ("feed", "NWB-2291")


def test_postings_from_a_trusted_source_are_published_or_expired():
    """A trusted feed publishes directly; a closing date in the past means expired."""
    FeedSource.objects.create(name="trusted", trusted=True)
    posted, closed = (timezone.now() - timedelta(days=days) for days in (70, 10))
    closed_job = job("B", datePosted=posted.isoformat(), validThrough=closed.isoformat())
    report = ingest_records([job("A"), closed_job], source="trusted")
    assert report.created == 2
    statuses = dict(JobPosting.objects.values_list("external_id", "status"))
    assert statuses == {"A": PostingStatus.PUBLISHED, "B": PostingStatus.EXPIRED}


def test_a_trusted_posting_without_dates_is_live_for_the_boards_validity():
    FeedSource.objects.create(name="trusted", trusted=True)
    ingest_records([job("A", datePosted=None, validThrough=None)], source="trusted")
    posting = JobPosting.objects.get()
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.posted_at and posting.valid_through
    assert posting.valid_through - posting.posted_at == timedelta(days=60)


def test_stored_postings_carry_every_mapped_field():
    """Salary, place, level, derived annual figures, HTML and the apply link are stored."""
    ingest_file("jsonld_single.json")
    posting = JobPosting.objects.select_related("company").get()
    assert posting.title == "Senior Product Manager, Payments"
    assert (posting.city, posting.region, posting.country.code) == ("London", "England", "GB")
    assert (posting.salary_min, posting.salary_max, posting.salary_currency) == (
        8_500_000,
        10_500_000,
        "GBP",
    )
    assert posting.salary_max_annual == 10_500_000
    assert posting.level == "senior"
    assert "<script>" not in posting.description_html
    assert "<strong>card payments</strong>" in posting.description_html
    assert posting.apply_method == "url"
    assert posting.apply_url == "https://careers.northwind-bank.example/jobs/NWB-2291"
    assert posting.slug.endswith(f"-{posting.pk}")
    assert posting.content_hash
    assert posting.dedupe_key


def test_new_companies_are_created_with_industry_and_size():
    ingest_file("jsonld_single.json")
    company = Company.objects.get()
    assert company.name == "Northwind Bank"
    assert (company.industry, company.size) == (Industry.BFSI, CompanySize.LARGE)
    assert company.website == "https://www.northwind-bank.example"
    assert not company.verified


def test_companies_are_matched_by_normalized_name():
    """'SILVERSTONE RETAIL' and 'Silverstone Retail' are one company, the one already stored."""
    existing = CompanyFactory.create(name="Silverstone  retail")
    ingest_file("postings.csv")
    assert Company.objects.count() == 1
    assert set(JobPosting.objects.values_list("company", flat=True)) == {existing.pk}


def test_skills_are_mapped_by_name_slug_or_synonym_and_unknown_ones_dropped():
    sql = SkillFactory.create(name="SQL")
    roadmaps = SkillFactory.create(name="Product roadmaps", synonyms="roadmapping, roadmaps")
    ingest_file("jsonld_single.json")
    posting = JobPosting.objects.get()
    assert set(posting.skills.all()) == {sql, roadmaps}
    assert posting.skills_text == "Product roadmaps, SQL"


def test_reingesting_the_same_file_changes_nothing():
    """A second run finds every posting unchanged and writes nothing."""
    first = ingest_file("jsonld_array.json")
    before = snapshot()
    second = ingest_file("jsonld_array.json")
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert second.rejected == first.rejected
    assert snapshot() == before


def test_the_same_id_with_new_content_updates_the_posting():
    """A changed record rewrites its posting in place; moderation looks at it again."""
    ingest_records([job("A"), job("B", title="Senior Product Manager")])
    posting = JobPosting.objects.get(external_id="A")
    JobPosting.objects.filter(pk=posting.pk).update(status=PostingStatus.PUBLISHED)
    changed = job("A", title="Lead Product Manager, Search")
    changed["baseSalary"]["value"]["maxValue"] = 80000
    report = ingest_records([changed, job("B", title="Senior Product Manager")])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    posting.refresh_from_db()
    assert posting.title == "Lead Product Manager, Search"
    assert (posting.level, posting.salary_max, posting.salary_max_annual) == (
        "lead",
        8_000_000,
        8_000_000,
    )
    assert posting.status == PostingStatus.PENDING
    assert JobPosting.objects.count() == 2


def test_an_update_from_a_trusted_source_stays_live_and_keeps_its_skills_current():
    FeedSource.objects.create(name="trusted", trusted=True)
    sql = SkillFactory.create(name="SQL")
    research = SkillFactory.create(name="User research")
    ingest_records([job("A", skills=["SQL"])], source="trusted")
    ingest_records([job("A", skills=["User research"])], source="trusted")
    posting = JobPosting.objects.get()
    assert posting.status == PostingStatus.PUBLISHED
    assert list(posting.skills.all()) == [research]
    assert posting.skills_text == "User research"
    assert sql.postings.count() == 0


def test_an_update_never_reopens_a_posting_people_closed():
    ingest_records([job("A")])
    JobPosting.objects.update(status=PostingStatus.FILLED)
    report = ingest_records([job("A", title="Product Manager, Search and Discovery")])
    assert report.updated == 1
    assert JobPosting.objects.get().status == PostingStatus.FILLED


def test_the_same_id_in_one_source_is_not_another_sources_posting():
    """Identity is (source, external id): another source's 'A' is a posting of its own."""
    ingest_records([job("A")], source="one")
    report = ingest_records([job("A", title="Senior Product Manager")], source="two")
    assert report.created == 1
    assert JobPosting.objects.count() == 2


def test_a_repeated_id_within_one_file_is_one_posting():
    """The later record of the same id is an update (new content) or unchanged (same)."""
    report = ingest_records([job("A"), job("A"), job("A", title="Senior Product Manager")])
    assert (report.created, report.unchanged, report.updated) == (1, 1, 1)
    assert JobPosting.objects.get().title == "Senior Product Manager"


def test_a_repost_under_a_new_id_within_30_days_is_a_duplicate():
    """Same company, title, place and salary as a posting from 10 days ago: a duplicate."""
    original = PostingFactory.create(
        company=CompanyFactory.create(name="Harbor Retail"),
        title="Product Manager, Search",
        city="Leeds",
        salary_min=6_000_000,
        salary_max=7_000_000,
        posted_at=timezone.now() - timedelta(days=10),
    )
    JobPosting.objects.filter(pk=original.pk).update(dedupe_key=dedupe.key_for(original))
    report = ingest_records([job("NEW-1")])
    assert (report.created, report.duplicates) == (0, 1)
    assert JobPosting.objects.get(external_id="NEW-1").duplicate_of == original


def test_a_repost_after_30_days_is_a_new_posting():
    old = (timezone.now() - timedelta(days=45)).isoformat()
    ingest_records([job("OLD", datePosted=old)])
    report = ingest_records([job("NEW")])
    assert (report.created, report.duplicates) == (1, 0)


def test_reposts_within_one_file_are_duplicates_of_the_first():
    report = ingest_records([job("A"), job("B"), job("C", title="Senior Product Manager")])
    assert (report.created, report.duplicates) == (2, 1)
    first = JobPosting.objects.get(external_id="A")
    assert JobPosting.objects.get(external_id="B").duplicate_of == first
    again = ingest_records([job("A"), job("B"), job("C", title="Senior Product Manager")])
    assert again.unchanged == 3


def test_duplicates_are_detected_across_batches():
    """A re-post in a later batch of the same run points at the original in an earlier one."""
    records = [job("A"), job("X", title="Senior PM"), job("B")]
    lines = "\n".join(json.dumps(record) for record in records).encode()
    report = ingest(io.BytesIO(lines), source="feed", format_name="jsonl", batch_size=1)
    assert (report.created, report.duplicates) == (2, 1)
    assert JobPosting.objects.get(external_id="B").duplicate_of == JobPosting.objects.get(
        external_id="A"
    )


def refuse_to_copy(monkeypatch, title: str) -> None:
    """Make the bulk insert refuse any set of rows that holds a posting titled ``title``,
    after copying the others, as a part copied on its own connection would."""
    copy = store_module.postings_copy

    def refuse(rows, **options):
        if any(fields["title"] == title for fields, _ in rows):
            copy([row for row in rows if row[0]["title"] != title], **options)
            raise IntegrityError("duplicate key value violates unique constraint")
        return copy(rows, **options)

    monkeypatch.setattr(store_module, "postings_copy", refuse)


def assert_only_the_refused_posting_is_lost(report) -> None:
    assert (report.created, report.duplicates) == (2, 0)
    assert [(r.number, r.reason) for r in report.rejections] == [
        (2, "could not be stored: duplicate key value violates unique constraint")
    ]
    assert set(JobPosting.objects.values_list("external_id", flat=True)) == {"A", "C"}


def test_a_batch_the_database_refuses_is_stored_posting_by_posting(monkeypatch):
    """Only the posting the database refuses is lost; the rest of its batch is stored."""
    refuse_to_copy(monkeypatch, "Break me")
    report = ingest_records(
        [job("A"), job("B", title="Break me"), job("C", title="Head of Product")]
    )
    assert_only_the_refused_posting_is_lost(report)


@pytest.mark.django_db(transaction=True)
def test_a_refused_part_of_a_batch_is_retried_posting_by_posting(monkeypatch):
    """Outside a transaction new postings are copied in parts; the postings of a part that
    fails are found missing and stored one by one, and the counts say what happened."""
    refuse_to_copy(monkeypatch, "Break me")
    report = ingest_records(
        [job("A"), job("B", title="Break me"), job("C", title="Head of Product")]
    )
    assert_only_the_refused_posting_is_lost(report)


def test_a_registered_feed_supplies_format_and_company():
    FeedSource.objects.create(name="pinewave", format="lever", company_name="Pinewave")
    report = ingest_file("lever.json", source="pinewave")
    assert report.created == 2
    assert set(JobPosting.objects.values_list("company__name", flat=True)) == {"Pinewave"}


def test_an_unreadable_feed_raises_and_stores_nothing():
    with pytest.raises(FeedError):
        postings_ingest(stream=io.BytesIO(b'{"jobs": 3}'), source="feed", format_name="greenhouse")
    assert not JobPosting.objects.exists()


def test_ingested_postings_are_found_by_search():
    """The search vector (a trigger on PostgreSQL) covers ingested rows as it covers others."""
    FeedSource.objects.create(name="trusted", trusted=True)
    ingest_file("jsonld_single.json", source="trusted")
    found = engine().matches(JobPosting.objects.all(), "payments")
    assert list(found) == [JobPosting.objects.get()]


@pytest.mark.django_db(transaction=True)
def test_batches_written_outside_a_transaction_see_the_batches_before_them(monkeypatch):
    """Outside a transaction (a background writer on PostgreSQL), batches stay in feed order:
    a re-post two batches on still finds its original, and a second run changes nothing."""
    monkeypatch.setattr(run_module, "BATCH_SIZE", 2)
    records = [job("A"), job("X", title="Senior PM"), job("Y", title="Head of Product"),
               job("B"), job("Z", title="VP of Product")]  # fmt: skip
    report = ingest_records(records)
    assert (report.created, report.duplicates, report.rejected) == (4, 1, 0)
    assert JobPosting.objects.get(external_id="B").duplicate_of == JobPosting.objects.get(
        external_id="A"
    )
    assert ingest_records(records).unchanged == 5


def test_updates_in_several_batches_of_one_transaction_each_apply():
    """Each batch's updates go through on their own, however many a transaction holds."""
    ingest_records([job("A"), job("B", title="Senior Product Manager")])
    records = [job("A", title="Lead Product Manager"), job("B", title="Head of Product")]
    lines = "\n".join(json.dumps(record) for record in records).encode()
    report = ingest(io.BytesIO(lines), source="feed", format_name="jsonl", batch_size=1)
    assert report.updated == 2
    titles = dict(JobPosting.objects.values_list("external_id", "title"))
    assert titles == {"A": "Lead Product Manager", "B": "Head of Product"}


def test_an_update_that_keeps_the_skills_keeps_their_links():
    """Only the postings whose skills changed have their links rewritten; the others keep
    theirs as they were."""
    sql = SkillFactory.create(name="SQL")
    research = SkillFactory.create(name="User research")
    ingest_records([job("A", skills=["SQL"]), job("B", title="Head of Product", skills=["SQL"])])
    links = JobPosting.skills.through.objects
    kept = links.get(jobposting__external_id="A").pk
    report = ingest_records(
        [
            job("A", skills=["SQL"], description="Make search great, again."),
            job("B", title="Head of Product", skills=["User research"], description="New."),
        ]
    )
    assert report.updated == 2
    assert links.get(jobposting__external_id="A").pk == kept
    assert list(JobPosting.objects.get(external_id="B").skills.all()) == [research]
    assert sql.postings.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_refused_part_of_the_updates_is_retried_posting_by_posting(monkeypatch):
    """Outside a transaction changed postings are updated in parts; when the database
    refuses a part, its postings are stored one by one and only the refused one is lost."""
    ingest_records([job("A"), job("B", title="Senior PM"), job("C", title="Head of Product")])
    update = store_module.postings_update

    def refuse(rows, columns):
        if any(row["title"] == "Break me" for row in rows):
            update([row for row in rows if row["title"] != "Break me"], columns)
            raise IntegrityError("value too long for type character varying(200)")
        return update(rows, columns)

    monkeypatch.setattr(store_module, "postings_update", refuse)
    report = ingest_records(
        [job("A", title="Lead PM"), job("B", title="Break me"), job("C", title="VP of Product")]
    )
    assert (report.updated, report.unchanged) == (2, 0)
    assert [(r.number, r.reason) for r in report.rejections] == [
        (2, "could not be stored: value too long for type character varying(200)")
    ]
    titles = dict(JobPosting.objects.values_list("external_id", "title"))
    assert titles == {"A": "Lead PM", "B": "Senior PM", "C": "VP of Product"}
    assert ingest_records([job("A", title="Lead PM")]).unchanged == 1
