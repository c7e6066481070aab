"""PostgreSQL guards of the ledger.

On PostgreSQL a deferred constraint trigger refuses, at commit, any transaction whose
entries do not sum to zero per currency, and row triggers refuse UPDATE and DELETE of
transactions and entries (TRUNCATE, as test teardown uses, is not a row operation).
On SQLite the services and the tests keep the same rules.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION gigs_ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unbalanced record;
BEGIN
    SELECT currency, SUM(amount) AS total INTO unbalanced
      FROM gigs_ledgerentry
     WHERE transaction_id = NEW.transaction_id
     GROUP BY currency
    HAVING SUM(amount) <> 0
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % does not balance in %: %',
            NEW.transaction_id, unbalanced.currency, unbalanced.total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER gigs_ledgerentry_balanced
    AFTER INSERT ON gigs_ledgerentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION gigs_ledger_balanced();

CREATE FUNCTION gigs_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER gigs_ledgerentry_append_only
    BEFORE UPDATE OR DELETE ON gigs_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION gigs_ledger_append_only();
CREATE TRIGGER gigs_ledgertransaction_append_only
    BEFORE UPDATE OR DELETE ON gigs_ledgertransaction
    FOR EACH ROW EXECUTE FUNCTION gigs_ledger_append_only();
"""

REVERSE = """
DROP TRIGGER IF EXISTS gigs_ledgertransaction_append_only ON gigs_ledgertransaction;
DROP TRIGGER IF EXISTS gigs_ledgerentry_append_only ON gigs_ledgerentry;
DROP FUNCTION IF EXISTS gigs_ledger_append_only();
DROP TRIGGER IF EXISTS gigs_ledgerentry_balanced ON gigs_ledgerentry;
DROP FUNCTION IF EXISTS gigs_ledger_balanced();
"""

def triggers_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def triggers_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("gigs", "0001_initial")]

    operations = [
        migrations.RunPython(triggers_create, triggers_drop),
    ]
