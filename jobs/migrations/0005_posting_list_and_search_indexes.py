"""Indexes that keep board lists and searches fast at a million postings.

- Two list indexes, partial to live postings and carrying the columns list filters read,
  so a page's postings are picked without visiting the table (jobs.search.board_page).
- On PostgreSQL, the search index also holds the columns keyword searches are most often
  filtered by (btree_gin), so "payments, remote, senior" is answered inside one index
  instead of by testing each keyword match's row.
- On PostgreSQL, the search vector stays in its row. A posting's row is larger than the
  2 kB at which the table moves its widest value out of line, and that value was the
  search vector: every match test and every rank then read it from the TOAST table through
  its index. With MAIN storage the description moves out instead. Rows stored before this
  migration keep their layout until they are rewritten (VACUUM FULL).
"""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations, models

LIST_FILTER_COLUMNS = ("company", "country", "city", "level", "technical", "remote_policy",
                       "employment_type", "salary_currency")  # fmt: skip

FORWARD_SQL = """
ALTER TABLE jobs_jobposting ALTER COLUMN search_vector SET STORAGE MAIN;
DROP INDEX IF EXISTS jobs_posting_search_gin;
CREATE INDEX jobs_posting_search_gin ON jobs_jobposting USING gin (
  search_vector, status, country, level, remote_policy, employment_type, technical,
  salary_currency, upper(city::text)
);
"""

BACKWARD_SQL = """
DROP INDEX IF EXISTS jobs_posting_search_gin;
CREATE INDEX jobs_posting_search_gin ON jobs_jobposting USING gin (search_vector);
ALTER TABLE jobs_jobposting ALTER COLUMN search_vector SET STORAGE EXTENDED;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD_SQL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD_SQL)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0004_feedsource")]

    operations = [
        migrations.AddIndex(
            model_name="jobposting",
            index=models.Index(
                condition=models.Q(("duplicate_of__isnull", True), ("status", "published")),
                fields=["-posted_at", "-id"],
                include=(*LIST_FILTER_COLUMNS, "salary_max_annual"),
                name="jobs_posting_live_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="jobposting",
            index=models.Index(
                condition=models.Q(
                    ("duplicate_of__isnull", True),
                    ("status", "published"),
                    ("salary_max_annual__isnull", False),
                ),
                fields=["-salary_max_annual", "-id"],
                include=(*LIST_FILTER_COLUMNS, "posted_at"),
                name="jobs_posting_live_salary",
            ),
        ),
        BtreeGinExtension(),
        migrations.RunPython(forward, backward),
    ]
