"""What an ingested posting costs to write: the indexes it lands in, the lookups it needs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.ingestion.stored import Stored, stored_postings
from jobs.models import JobPosting
from tests.jobs.ingestion.test_ingest import ingest_records, job

pytestmark = pytest.mark.django_db

# More ids than PostgreSQL compares one by one when it checks a partial index's condition.
BATCH = 150


def posting_indexes() -> dict[str, dict]:
    """Every index on the postings table, unique constraints' included, by name."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "jobs_jobposting")
    return {
        name: constraint
        for name, constraint in constraints.items()
        if constraint["index"] or constraint["unique"]
    }


def test_postings_keep_the_indexes_pages_read_and_lose_the_unread_ones():
    """The board's, the expiry's and the unique indexes stay; the status-and-salary index,
    which no page or job reads, is gone."""
    indexes = posting_indexes()
    kept = {"jobs_posting_board", "jobs_posting_expiry", "jobs_posting_live_newest"}
    assert kept <= indexes.keys()
    assert "jobs_posting_salary" not in indexes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's operator classes")
def test_slug_and_duplicate_key_have_no_pattern_twins():
    """Only the plain indexes on slug and duplicate key remain: nothing asks them LIKE."""
    indexes = posting_indexes()
    assert not {name for name in indexes if name.endswith("_like")}
    indexed = [constraint["columns"] for constraint in indexes.values()]
    assert ["slug"] in indexed
    assert ["dedupe_key"] in indexed


def test_a_batch_finds_exactly_the_postings_its_source_stored():
    """The lookup returns the source's postings by id, whatever the characters of the id;
    an id of another source, an unknown id and a blank id find nothing."""
    ids = ["A", 'it\'s "quoted"', "Zürich-δ-職", "x' OR '1'='1", "to-blank"]
    ingest_records([job(identifier) for identifier in ids])
    ingest_records([job("B")], source="other")
    assert JobPosting.objects.filter(external_id="to-blank").update(external_id="") == 1

    found = stored_postings(source="feed", external_ids=[*ids, "B", "", "unknown", "a"])

    assert found.keys() == {"A", 'it\'s "quoted"', "Zürich-δ-職", "x' OR '1'='1"}
    for external_id, stored in found.items():
        posting = JobPosting.objects.get(source="feed", external_id=external_id)
        assert stored == Stored(
            pk=posting.pk,
            content_hash=posting.content_hash,
            status=posting.status,
            posted_at=posting.posted_at,
            dedupe_key=posting.dedupe_key,
            duplicate_of_id=posting.duplicate_of_id,
            valid_through=posting.valid_through,
            expiry_warned_at=posting.expiry_warned_at,
        )


def test_a_batch_without_ids_looks_nothing_up():
    ingest_records([job("A")])
    with CaptureQueriesContext(connection) as captured:
        assert stored_postings(source="feed", external_ids=["", ""]) == {}
    assert not captured.captured_queries


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans")
def test_a_batch_probes_the_unique_index_by_source_and_id_when_statistics_are_stale():
    """Each id is one descent of the (source, external id) index, both columns in the
    index condition, even when the statistics know none of the source's postings (a
    source's first import): not a read of the source's whole range, filtered."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {JobPosting._meta.db_table}")
    records = [job(f"job-{n}", title=f"Product Manager {n}") for n in range(BATCH)]
    ingest_records(records)
    with CaptureQueriesContext(connection) as captured:
        report = ingest_records(records)
    assert report.unchanged == BATCH
    lookups = [
        query["sql"]
        for query in captured.captured_queries
        if "unnest" in query["sql"] and query["sql"].startswith("SELECT")
    ]
    assert len(lookups) == 1
    with connection.cursor() as cursor:
        # On a small table a scan is cheapest; forbidding it shows which index the
        # lookup can use at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {lookups[0]}")
        plan = [line for (line,) in cursor.fetchall()]
    text = "\n".join(plan)
    assert "jobs_posting_unique_source_external_id" in text, text
    conditions = [line for line in plan if "Index Cond" in line]
    assert conditions, text
    assert all("source" in line and "external_id" in line for line in conditions), text
    assert not any("Filter" in line and "external_id" in line for line in plan), text
    assert JobPosting.objects.count() == BATCH
