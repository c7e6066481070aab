"""On PostgreSQL, teach the planner which list filters go together.

A city lies in one country and a salary is paid in that country's currency; an intern
works an internship. Judged one column at a time, "Bengaluru, GB" looks like thousands
of postings, and the planner walks a list index for them through every live posting
(107 ms at 1M) instead of asking the search index, which holds these columns and has
none (7 ms). Multi-column statistics of the values that occur together fix the guess.
SQLite has no such statistics: nothing to do.
"""

from django.db import migrations

FORWARD_SQL = """
CREATE STATISTICS jobs_posting_place (mcv)
  ON country, upper(city::text), salary_currency FROM jobs_jobposting;
CREATE STATISTICS jobs_posting_role (mcv)
  ON level, employment_type, technical FROM jobs_jobposting;
ANALYZE jobs_jobposting;
"""

BACKWARD_SQL = """
DROP STATISTICS IF EXISTS jobs_posting_role;
DROP STATISTICS IF EXISTS jobs_posting_place;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD_SQL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD_SQL)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0005_posting_list_and_search_indexes")]

    operations = [migrations.RunPython(forward, backward)]
