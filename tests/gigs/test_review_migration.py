"""Migration 0009 dates the contracts that had already ended, for their review window."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gigs.models import Contract

BEFORE, AFTER = [("gigs", "0011_gig_feed_subscription")], [("gigs", "0012_reviews")]
TOUCHED = datetime(2026, 5, 6, 12, 0, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_migration_dates_ended_contracts_by_their_last_money_move():
    """Completed: its last ledger move; cancelled without money: its last change; active:
    none. The migration runs back down too."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    User = apps.get_model("accounts", "User")
    Gig = apps.get_model("gigs", "Gig")
    Proposal = apps.get_model("gigs", "Proposal")
    OldContract = apps.get_model("gigs", "Contract")
    Milestone = apps.get_model("gigs", "Milestone")
    Transaction = apps.get_model("gigs", "LedgerTransaction")
    client = User.objects.create(email="old-client@example.com")
    freelancer = User.objects.create(email="old-freelancer@example.com")
    made = {}
    paid = None
    for status in ("completed", "cancelled", "active"):
        gig = Gig.objects.create(
            client=client,
            slug=f"old-{status}",
            title="Old gig",
            category="other",
            description="Old",
            budget_type="fixed",
            budget_min=10_000,
            budget_max=10_000,
            currency="GBP",
            duration="weeks",
            status="completed",
        )
        proposal = Proposal.objects.create(
            gig=gig, freelancer=freelancer, approach="a", experience="e", price=10_000, timeline="1"
        )
        contract = OldContract.objects.create(
            gig=gig,
            proposal=proposal,
            client=client,
            freelancer=freelancer,
            contract_type="fixed",
            currency="GBP",
            price=10_000,
            status=status,
        )
        milestone = Milestone.objects.create(
            contract=contract, title="All", amount=10_000, proposed_by=freelancer
        )
        made[status] = contract.pk
        if status == "completed":
            # The ledger is append-only (a trigger on PostgreSQL): moves keep their own times.
            for kind in ("fund", "release"):
                last = Transaction.objects.create(
                    kind=kind,
                    subject=f"milestone:{milestone.pk}",
                    created_by=client,
                    currency="GBP",
                )
            paid = last.created_at
    OldContract.objects.filter(pk=made["cancelled"]).update(updated_at=TOUCHED)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    ended = dict(Contract.objects.filter(pk__in=made.values()).values_list("pk", "ended_at"))
    assert ended == {made["completed"]: paid, made["cancelled"]: TOUCHED, made["active"]: None}
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
