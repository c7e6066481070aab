"""Drop the postings table's indexes that no page, API or job reads: each costs every insert.

- ``jobs_posting_salary`` (status, yearly salary): highest-paid-first lists read the live
  salary index (0005); the one plan that picked this index, the admin's list of pending
  postings, reads ``jobs_posting_board`` as well.
- On PostgreSQL, the ``varchar_pattern_ops`` twins Django adds beside the slug and
  duplicate-key indexes: they serve ``LIKE 'prefix%'``, which nothing asks of these
  columns (the admin searches slugs with ``%word%``, which no btree serves); equality
  lookups read the plain indexes instead. Both are as large as the plain ones and each
  insert lands at a random place in them.

``bench/index_usage.py`` lists the plans that read each index; ``bench/README.md``
("Ingestion throughput") has what dropping them bought.
"""

from django.db import migrations

# Django's names for the twins, derived from the table, the column and the suffix.
PATTERN_TWINS = {
    "jobs_jobposting_slug_f263adc5_like": "slug",
    "jobs_jobposting_dedupe_key_136bbed1_like": "dedupe_key",
}


def drop_pattern_twins(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in PATTERN_TWINS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create_pattern_twins(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, column in PATTERN_TWINS.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON jobs_jobposting "
                f"({column} varchar_pattern_ops)"
            )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0011_feed_snapshots")]

    operations = [
        migrations.RemoveIndex(model_name="jobposting", name="jobs_posting_salary"),
        migrations.RunPython(drop_pattern_twins, create_pattern_twins),
    ]
