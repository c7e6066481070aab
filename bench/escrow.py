"""Concurrent releases of one funded milestone on PostgreSQL: exactly one may pay out.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmportal_ledger \\
        .venv/bin/python bench/escrow.py [--requests 1000] [--workers 80]

Funds a fresh subject, then ``--workers`` threads, each on its own database connection and
released together, send ``--requests`` release requests between them (each with its own
idempotency key, as distinct clicks would). PostgreSQL's connection limit (100 by default)
caps how many run at the same instant. Prints the outcomes, the release transactions and
fee entries written for the subject, and the time taken. Writes to the database it is given.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmportal.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=80)
    args = parser.parse_args()
    setup()

    from django.db import connection, connections

    from accounts.models import User
    from gigs.models import AccountKind, LedgerEntry, LedgerTransaction, TransactionKind
    from gigs.services import escrow, ledger

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    run = time.strftime("%Y%m%d%H%M%S")
    staff = User.objects.create_user(email=f"bench-staff-{run}@example.com", is_staff=True)
    client = User.objects.create_user(email=f"bench-client-{run}@example.com")
    freelancer = User.objects.create_user(email=f"bench-freelancer-{run}@example.com")
    subject = f"bench:{run}"
    amount = 100_000
    ledger.deposit_record(
        actor=staff, client=client, amount=amount, currency="GBP", reference=subject
    )
    ledger.escrow_fund(actor=client, client=client, subject=subject, amount=amount, currency="GBP")
    connections.close_all()

    pending = list(range(args.requests))
    lock = threading.Lock()
    outcomes: Counter[str] = Counter()
    latencies: list[float] = []
    barrier = threading.Barrier(args.workers + 1)

    def worker() -> None:
        connection.ensure_connection()
        barrier.wait()
        while True:
            with lock:
                if not pending:
                    break
                n = pending.pop()
            started = time.perf_counter()
            try:
                escrow.escrow_release(
                    actor=client,
                    client=client,
                    freelancer=freelancer,
                    subject=subject,
                    amount=amount,
                    currency="GBP",
                    idempotency_key=f"{subject}:{n}",
                )
                outcome = "released"
            except Exception as error:  # noqa: BLE001 - every outcome is counted
                outcome = type(error).__name__
            with lock:
                outcomes[outcome] += 1
                latencies.append(time.perf_counter() - started)
        connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(args.workers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    releases = LedgerTransaction.objects.filter(subject=subject, kind=TransactionKind.RELEASE)
    fees = LedgerEntry.objects.filter(
        transaction__subject=subject, account__kind=AccountKind.PLATFORM_FEES
    )
    latencies.sort()
    print(f"requests {args.requests}, workers {args.workers}, outcomes {dict(outcomes)}")
    print(f"release transactions {releases.count()}, fee entries {fees.count()}")
    print(
        f"elapsed {elapsed:.2f} s, {args.requests / elapsed:.0f} requests/s, "
        f"median {latencies[len(latencies) // 2] * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms"
    )
    ok = outcomes["released"] == 1 and releases.count() == 1 and fees.count() == 1
    print("exactly one release and one fee" if ok else "WRONG: see the counts above")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
