"""On PostgreSQL, one search index for live postings that also holds the hour they were posted.

The board searches only live postings (published, not duplicates), so the index is partial
to them and no longer needs the status. Beside the words and the list filters (btree_gin)
it holds the hour of ``posted_at`` (jobs.search.postgres.posted_hour), so "posted within 7 days"
and the search's first look among the newest postings (jobs.search.postgres.first_matches) are
answered inside the index, without reading each match's row to test its date. It holds
the hour, not the moment: a range on the moment itself, such as a page cursor's bound,
would make the index read every entry before the cursor.
A recruiter's own postings, in any status, are few and found through their company.
SQLite has no GIN index: nothing to do.
"""

from django.db import migrations

# Built and dropped CONCURRENTLY, so a live board keeps taking postings meanwhile (about
# 30 s at a million postings); such statements run one at a time, outside a transaction.
FORWARD_SQL = [
    """
    CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_posting_live_search ON jobs_jobposting
    USING gin (
      search_vector, country, level, remote_policy, employment_type, technical,
      salary_currency, upper(city::text), date_trunc('hour', posted_at AT TIME ZONE 'UTC')
    ) WHERE status = 'published' AND duplicate_of_id IS NULL
    """,
    "DROP INDEX CONCURRENTLY IF EXISTS jobs_posting_search_gin",
]

BACKWARD_SQL = [
    """
    CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_posting_search_gin ON jobs_jobposting
    USING gin (
      search_vector, status, country, level, remote_policy, employment_type, technical,
      salary_currency, upper(city::text)
    )
    """,
    "DROP INDEX CONCURRENTLY IF EXISTS jobs_posting_live_search",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD_SQL:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD_SQL:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("jobs", "0006_posting_filter_statistics")]

    operations = [migrations.RunPython(forward, backward)]
