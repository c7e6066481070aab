"""On PostgreSQL, store each gig's weighted search vector, keep it current and index it.

A trigger computes the vector (title A, description D) on every insert and on updates of
those columns, so the gig search reads a GIN-indexed column instead of computing vectors
per row. The gigs already stored get theirs here, through the same trigger. SQLite has no
tsvector: the column stays empty there and the search matches words.
"""

import django.contrib.postgres.search
from django.db import migrations

FORWARD_SQL = """
CREATE FUNCTION gigs_gig_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')), 'D');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER gigs_gig_search_vector_update
  BEFORE INSERT OR UPDATE OF title, description
  ON gigs_gig FOR EACH ROW EXECUTE FUNCTION gigs_gig_search_vector();

UPDATE gigs_gig SET title = title;

CREATE INDEX gigs_gig_search_gin ON gigs_gig USING gin (search_vector);
"""

BACKWARD_SQL = """
DROP INDEX IF EXISTS gigs_gig_search_gin;
DROP TRIGGER IF EXISTS gigs_gig_search_vector_update ON gigs_gig;
DROP FUNCTION IF EXISTS gigs_gig_search_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD_SQL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD_SQL)


class Migration(migrations.Migration):
    dependencies = [("gigs", "0005_payouts")]

    operations = [
        migrations.AddField(
            model_name="gig",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
