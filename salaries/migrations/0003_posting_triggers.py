"""On PostgreSQL, keep salary observations and demand entries in step with postings.

Inserts and deletes are handled per statement (transition tables), so a bulk COPY of
postings adds its rows in one set-based insert per table. An update re-derives a posting's
rows only when something they depend on changed: an expiry (published -> expired) or a
page view leaves them alone. A company's new industry or size reaches its postings' rows.
The selections repeat salaries.aggregation's OBSERVATIONS_SQL and DEMAND_SQL
(tests/salaries/test_postgresql.py checks that both agree). SQLite has no statement
triggers with transition tables: there each refresh rebuilds both tables instead.
"""

from django.db import migrations

SALARIED = "('published', 'expired')"
LIVE = "('published', 'expired', 'filled', 'archived')"

# The postings to derive rows from: a transition table after a bulk insert, or the table.
OBSERVE = f"""
  INSERT INTO salaries_salaryobservation
    (posting_id, value, currency, level, country, industry, company_size, technical, posted_at)
  SELECT p.id,
         (COALESCE(p.salary_min_annual, p.salary_max_annual)
          + COALESCE(p.salary_max_annual, p.salary_min_annual) + 1) / 2,
         p.salary_currency, p.level, p.country, c.industry, c.size, p.technical, p.posted_at
  FROM {{postings}} p JOIN jobs_company c ON c.id = p.company_id
  WHERE p.status IN {SALARIED}
    AND p.duplicate_of_id IS NULL
    AND (p.salary_min_annual IS NOT NULL OR p.salary_max_annual IS NOT NULL)
    AND p.salary_currency <> ''
    AND p.posted_at IS NOT NULL
"""

DEMAND = f"""
  INSERT INTO salaries_demandposting
    (posting_id, posted_at, level, country, industry, company_size, remote_policy)
  SELECT p.id, p.posted_at, p.level, p.country, c.industry, c.size, p.remote_policy
  FROM {{postings}} p JOIN jobs_company c ON c.id = p.company_id
  WHERE p.status IN {LIVE}
    AND p.duplicate_of_id IS NULL
    AND p.posted_at IS NOT NULL
"""

FORWARD_SQL = f"""
CREATE FUNCTION salaries_postings_inserted() RETURNS trigger AS $$
BEGIN
  {OBSERVE.format(postings="new_rows")};
  {DEMAND.format(postings="new_rows")};
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER salaries_postings_inserted
  AFTER INSERT ON jobs_jobposting REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION salaries_postings_inserted();

CREATE FUNCTION salaries_postings_deleted() RETURNS trigger AS $$
BEGIN
  DELETE FROM salaries_salaryobservation o USING old_rows r WHERE o.posting_id = r.id;
  DELETE FROM salaries_demandposting d USING old_rows r WHERE d.posting_id = r.id;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER salaries_postings_deleted
  AFTER DELETE ON jobs_jobposting REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION salaries_postings_deleted();

CREATE FUNCTION salaries_posting_changed() RETURNS trigger AS $$
BEGIN
  DELETE FROM salaries_salaryobservation WHERE posting_id = NEW.id;
  DELETE FROM salaries_demandposting WHERE posting_id = NEW.id;
  {OBSERVE.format(postings="jobs_jobposting")} AND p.id = NEW.id;
  {DEMAND.format(postings="jobs_jobposting")} AND p.id = NEW.id;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER salaries_posting_changed
  AFTER UPDATE ON jobs_jobposting FOR EACH ROW
  WHEN (
    (OLD.status IN {SALARIED}) IS DISTINCT FROM (NEW.status IN {SALARIED})
    OR (OLD.status IN {LIVE}) IS DISTINCT FROM (NEW.status IN {LIVE})
    OR OLD.duplicate_of_id IS DISTINCT FROM NEW.duplicate_of_id
    OR OLD.salary_min_annual IS DISTINCT FROM NEW.salary_min_annual
    OR OLD.salary_max_annual IS DISTINCT FROM NEW.salary_max_annual
    OR OLD.salary_currency IS DISTINCT FROM NEW.salary_currency
    OR OLD.level IS DISTINCT FROM NEW.level
    OR OLD.country IS DISTINCT FROM NEW.country
    OR OLD.technical IS DISTINCT FROM NEW.technical
    OR OLD.remote_policy IS DISTINCT FROM NEW.remote_policy
    OR OLD.posted_at IS DISTINCT FROM NEW.posted_at
    OR OLD.company_id IS DISTINCT FROM NEW.company_id
  )
  EXECUTE FUNCTION salaries_posting_changed();

CREATE FUNCTION salaries_company_changed() RETURNS trigger AS $$
BEGIN
  UPDATE salaries_salaryobservation o SET industry = NEW.industry, company_size = NEW.size
  FROM jobs_jobposting p WHERE p.company_id = NEW.id AND o.posting_id = p.id;
  UPDATE salaries_demandposting d SET industry = NEW.industry, company_size = NEW.size
  FROM jobs_jobposting p WHERE p.company_id = NEW.id AND d.posting_id = p.id;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER salaries_company_changed
  AFTER UPDATE ON jobs_company FOR EACH ROW
  WHEN (OLD.industry IS DISTINCT FROM NEW.industry OR OLD.size IS DISTINCT FROM NEW.size)
  EXECUTE FUNCTION salaries_company_changed();

DELETE FROM salaries_salaryobservation;
DELETE FROM salaries_demandposting;
{OBSERVE.format(postings="jobs_jobposting")};
{DEMAND.format(postings="jobs_jobposting")};
"""

BACKWARD_SQL = """
DROP TRIGGER IF EXISTS salaries_company_changed ON jobs_company;
DROP FUNCTION IF EXISTS salaries_company_changed();
DROP TRIGGER IF EXISTS salaries_posting_changed ON jobs_jobposting;
DROP FUNCTION IF EXISTS salaries_posting_changed();
DROP TRIGGER IF EXISTS salaries_postings_deleted ON jobs_jobposting;
DROP FUNCTION IF EXISTS salaries_postings_deleted();
DROP TRIGGER IF EXISTS salaries_postings_inserted ON jobs_jobposting;
DROP FUNCTION IF EXISTS salaries_postings_inserted();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD_SQL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD_SQL)


class Migration(migrations.Migration):
    dependencies = [("salaries", "0002_demandposting")]

    operations = [migrations.RunPython(forward, backward)]
