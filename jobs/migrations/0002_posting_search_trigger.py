"""On PostgreSQL, keep JobPosting.search_vector current in the database and index it.

A trigger computes the weighted vector (title A, company B, skills C, description D)
on every insert and relevant update, so bulk loads maintain it without Python.
Renaming a company re-touches its postings. SQLite has no tsvector: nothing to do.
"""

from django.db import migrations

FORWARD_SQL = """
CREATE FUNCTION jobs_posting_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(
      (SELECT name FROM jobs_company WHERE id = NEW.company_id), '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.skills_text, '')), 'C') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')), 'D');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER jobs_posting_search_vector_update
  BEFORE INSERT OR UPDATE OF title, company_id, skills_text, description
  ON jobs_jobposting FOR EACH ROW EXECUTE FUNCTION jobs_posting_search_vector();

CREATE FUNCTION jobs_company_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE jobs_jobposting SET company_id = company_id WHERE company_id = NEW.id;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER jobs_company_renamed_update
  AFTER UPDATE OF name ON jobs_company FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION jobs_company_renamed();

CREATE INDEX jobs_posting_search_gin ON jobs_jobposting USING gin (search_vector);
"""

BACKWARD_SQL = """
DROP INDEX IF EXISTS jobs_posting_search_gin;
DROP TRIGGER IF EXISTS jobs_company_renamed_update ON jobs_company;
DROP FUNCTION IF EXISTS jobs_company_renamed();
DROP TRIGGER IF EXISTS jobs_posting_search_vector_update ON jobs_jobposting;
DROP FUNCTION IF EXISTS jobs_posting_search_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD_SQL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD_SQL)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
