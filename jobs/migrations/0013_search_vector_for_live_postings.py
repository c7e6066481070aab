"""On PostgreSQL, compute a posting's search vector only while it is live.

Every keyword search reads live postings (published originals, ``on_board``), and the
live search index (0007) holds only them; yet the trigger computed a vector for every row
written, and about two in five postings a feed sends have already closed. Building the
vector is most of the database's cost of a new posting, so a posting that is not live now
gets none, and it gets one when it goes live (published, reopened, or no longer a
duplicate): a second trigger runs the same function when an update changes whether the
posting is live, and only then, so a feed re-listing a live posting rewrites no vector.
Postings that closed before this migration keep the vector they have until they are next
written; nothing reads it. SQLite has no tsvector: nothing to do.
"""

from django.db import migrations

# "Live" as the board's on_board() and the live search index's condition (0007) say it.
LIVE = "{row}.status = 'published' AND {row}.duplicate_of_id IS NULL"

VECTOR = """
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(
      (SELECT name FROM jobs_company WHERE id = NEW.company_id), '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.skills_text, '')), 'C') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')), 'D')
"""

FORWARD_SQL = f"""
CREATE OR REPLACE FUNCTION jobs_posting_search_vector() RETURNS trigger AS $$
BEGIN
  IF {LIVE.format(row="NEW")} THEN
    NEW.search_vector := {VECTOR};
  ELSE
    NEW.search_vector := NULL;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER jobs_posting_search_vector_live
  BEFORE UPDATE OF status, duplicate_of_id ON jobs_jobposting FOR EACH ROW
  WHEN (({LIVE.format(row="OLD")}) IS DISTINCT FROM ({LIVE.format(row="NEW")}))
  EXECUTE FUNCTION jobs_posting_search_vector();
"""

BACKWARD_SQL = f"""
DROP TRIGGER IF EXISTS jobs_posting_search_vector_live ON jobs_jobposting;

CREATE OR REPLACE FUNCTION jobs_posting_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector := {VECTOR};
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD_SQL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD_SQL)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0012_fewer_posting_indexes")]

    operations = [migrations.RunPython(forward, backward)]
