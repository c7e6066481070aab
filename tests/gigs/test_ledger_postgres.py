"""The ledger's database guards on PostgreSQL: the zero-sum trigger, append-only rows,
one release under concurrent requests, and nothing left behind by a process that dies."""

import os
import subprocess
import sys
import threading
from collections import Counter

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction

from gigs.errors import AlreadySettled
from gigs.models import Account, AccountKind, LedgerEntry, LedgerTransaction, TransactionKind
from gigs.services import escrow

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the ledger's triggers and row locks are PostgreSQL's"
)
SUBJECT = "milestone:1"
REQUESTS = 50


def unbalanced(actor, amount):
    posted = LedgerTransaction.objects.create(
        kind=TransactionKind.DEPOSIT, subject="deposit:x", currency="GBP", created_by=actor
    )
    account = Account.objects.create(owner=actor, currency="GBP", kind=AccountKind.CLIENT_FUNDS)
    external = Account.objects.create(owner=None, currency="GBP", kind=AccountKind.EXTERNAL)
    LedgerEntry.objects.create(transaction=posted, account=account, amount=amount, currency="GBP")
    LedgerEntry.objects.create(transaction=posted, account=external, amount=-100, currency="GBP")


@pytest.mark.django_db
def test_unbalanced_transaction_is_refused_at_commit(staff_user):
    """Entries written around the services that do not sum to zero cannot be committed."""
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        unbalanced(staff_user, 99)
        # What COMMIT would do: run the deferred constraint triggers now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.django_db
def test_balanced_transaction_commits(staff_user):
    with transaction.atomic(), connection.cursor() as cursor:
        unbalanced(staff_user, 100)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert LedgerEntry.objects.count() == 2


@pytest.mark.django_db
def test_ledger_rows_cannot_change(fund, client_user):
    """UPDATE and DELETE of entries and transactions are refused by the database."""
    posted = fund(client_user, SUBJECT, 1_000)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(transaction=posted).update(amount=5)
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM gigs_ledgertransaction WHERE id = %s", [posted.pk])


def in_threads(count, work):
    """Run ``work(n)`` in ``count`` threads started together, each on its own connection."""
    barrier = threading.Barrier(count)
    outcomes: list[object] = [None] * count

    def run(n):
        try:
            barrier.wait()
            outcomes[n] = work(n)
        except Exception as error:  # noqa: BLE001 - the test counts every outcome
            outcomes[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def release(client, freelancer, key=None):
    return escrow.escrow_release(
        actor=client,
        client=client,
        freelancer=freelancer,
        subject=SUBJECT,
        amount=100_000,
        currency="GBP",
        idempotency_key=key,
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_releases_release_once(fund, client_user, freelancer):
    """Fifty simultaneous releases of one subject: one succeeds, the rest are refused."""
    fund(client_user, SUBJECT, 100_000)
    outcomes = in_threads(REQUESTS, lambda n: release(client_user, freelancer, key=f"k{n}"))
    kinds = Counter(type(outcome).__name__ for outcome in outcomes)
    assert kinds == {"LedgerTransaction": 1, "AlreadySettled": REQUESTS - 1}
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1
    fees = LedgerEntry.objects.filter(account__kind=AccountKind.PLATFORM_FEES)
    assert fees.count() == 1
    assert fees.get().amount == 13_750


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_answer_alike(fund, client_user, freelancer):
    """Twenty simultaneous retries under one idempotency key all get the one transaction."""
    fund(client_user, SUBJECT, 100_000)
    outcomes = in_threads(20, lambda n: release(client_user, freelancer, key="same").pk)
    assert len(set(outcomes)) == 1
    assert isinstance(outcomes[0], int)
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1


# Starts a release in its own process, says so before committing, then waits to be killed.
DYING_RELEASE = """
import sys, time, django
django.setup()
from django.db import transaction
from accounts.models import User
from gigs.services import escrow
client, freelancer = User.objects.get(pk=%d), User.objects.get(pk=%d)
with transaction.atomic():
    escrow.escrow_release(actor=client, client=client, freelancer=freelancer,
                          subject=%r, amount=100000, currency="GBP")
    print("written", flush=True)
    time.sleep(60)
"""


@pytest.mark.django_db(transaction=True)
def test_release_killed_before_commit_leaves_nothing(fund, client_user, freelancer):
    """A process killed between writing a release and committing it writes nothing, and the
    subject can still be released once."""
    fund(client_user, SUBJECT, 100_000)
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    process = subprocess.Popen(
        [sys.executable, "-c", DYING_RELEASE % (client_user.pk, freelancer.pk, SUBJECT)],
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "pmportal.settings"},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "written"
    finally:
        process.kill()
        process.wait()
    assert not LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).exists()
    # The dead session's locks go with it: the release now goes through, once.
    release(client_user, freelancer)
    with pytest.raises(AlreadySettled):
        release(client_user, freelancer)
    assert LedgerEntry.objects.filter(account__kind=AccountKind.PLATFORM_FEES).count() == 1
