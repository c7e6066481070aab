"""PostgreSQL guards of the ledger, and the default fee schedule.

On PostgreSQL a deferred constraint trigger refuses, at commit, any transaction whose
entries do not sum to zero per currency, and row triggers refuse UPDATE and DELETE of
transactions and entries (TRUNCATE, as test teardown uses, is not a row operation).
On SQLite the services and the tests keep the same rules.
"""

from datetime import UTC, datetime
from decimal import Decimal

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

# The portal's default tiers in GBP pence (gigs.fees.DEFAULT_TIERS, copied: migrations
# must not change when code does).
DEFAULT_TIERS = [(50_000, Decimal("20")), (500_000, Decimal("7.5")), (None, Decimal("3.5"))]
DEFAULT_FROM = datetime(2026, 1, 1, tzinfo=UTC)


def triggers_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def triggers_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


def default_schedule_create(apps, schema_editor):
    FeeSchedule = apps.get_model("gigs", "FeeSchedule")
    FeeTier = apps.get_model("gigs", "FeeTier")
    schedule, created = FeeSchedule.objects.get_or_create(
        effective_from=DEFAULT_FROM, defaults={"currency": "GBP"}
    )
    if created:
        FeeTier.objects.bulk_create(
            FeeTier(schedule=schedule, up_to=up_to, rate=rate) for up_to, rate in DEFAULT_TIERS
        )


def default_schedule_drop(apps, schema_editor):
    apps.get_model("gigs", "FeeSchedule").objects.filter(effective_from=DEFAULT_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("gigs", "0001_initial")]

    operations = [
        migrations.RunPython(triggers_create, triggers_drop),
        migrations.RunPython(default_schedule_create, default_schedule_drop),
    ]
