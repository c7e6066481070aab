"""What an ingested posting costs to write: the indexes it lands in, the lookups it needs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans")
def test_a_batch_finds_its_stored_postings_through_the_unique_index():
    """Looking up a big batch's postings by external id reads the (source, external id)
    index, not the whole table, even with more ids than the planner checks one by one."""
    records = [job(f"job-{n}", title=f"Product Manager {n}") for n in range(BATCH)]
    ingest_records(records)
    with CaptureQueriesContext(connection) as captured:
        report = ingest_records(records)
    assert report.unchanged == BATCH
    lookups = [
        query["sql"]
        for query in captured.captured_queries
        if '"external_id" IN' in query["sql"] and query["sql"].startswith("SELECT")
    ]
    assert lookups
    with connection.cursor() as cursor:
        # On a small table a scan is cheapest; forbidding it shows which index the
        # lookup can use at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in lookups:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(line for (line,) in cursor.fetchall())
            assert "jobs_posting_unique_source_external_id" in plan, plan
    assert JobPosting.objects.count() == BATCH
