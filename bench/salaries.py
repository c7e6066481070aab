"""Salary benchmark refresh on PostgreSQL: how long it takes for N postings, and where it goes.

    bench/generate.sh pmportal_sal_bench 1000000 7      # once: a database of 1M postings
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmportal_sal_bench \\
        .venv/bin/python bench/salaries.py [--runs 3] [--serial] [--trigger-sample 20000]

Each run is the hourly task's refresh: outside any transaction, so the cube's currency
groups run side by side on their own connections while this one computes the market
insights. ``--serial`` adds runs inside one transaction, where everything runs on one
connection one step after another: its phase times show what each step costs on its own,
and, with the server on this machine, the CPU seconds that backend spent (the work itself,
apart from waiting for a busy machine's cores).
``--insight-rounds N`` times the market insights' queries N times each with the server's
default settings and with the refresh's own (``aggregation.REFRESH_SETTINGS``: more memory,
no parallel workers), counting the CPU of PostgreSQL's parallel workers as well.
``--trigger-sample N`` loads N more postings twice, with and without the triggers that keep
the observation and demand tables current, and rolls both loads back: the triggers' cost
to bulk loads. The load average before each run is printed, since the figures depend on
what else the machine is doing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmportal.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


class Phases:
    """Wall time per phase of the refresh, summed per run (phases on threads overlap)."""

    def __init__(self) -> None:
        self.times: dict[str, float] = defaultdict(float)
        self.lock = threading.Lock()
        self.originals: list[tuple] = []

    def wrap(self, module, name: str, label: str) -> None:
        real = getattr(module, name)
        self.originals.append((module, name, real))

        def timed(*args, **kwargs):
            started = time.monotonic()
            try:
                return real(*args, **kwargs)
            finally:
                with self.lock:
                    self.times[label] += time.monotonic() - started

        setattr(module, name, timed)

    def restore(self) -> None:
        for module, name, real in self.originals:
            setattr(module, name, real)


def backend_cpu(*, with_workers: bool = False) -> float | None:
    """CPU seconds this process's database backend has used, when the server is local.

    A serial run does all its work on that backend, so this is what the refresh costs
    the database, whatever else shares the machine. ``with_workers`` adds what the server's
    finished child processes used, which takes in the parallel workers a statement
    started, but also any other session that ended meanwhile: use it on a quiet machine.
    """
    from django.db import connection

    connection.ensure_connection()
    stat = Path(f"/proc/{connection.connection.info.backend_pid}/stat")
    if not stat.exists():
        return None
    fields = stat.read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if with_workers:
        server = Path(f"/proc/{fields[1]}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(server[13]) + int(server[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def insight_settings(rounds: int) -> list[dict]:
    """The insights with the server's default settings and with the refresh's, alternating."""
    from django.db import connection, transaction
    from django.utils import timezone

    from salaries import aggregation, insights

    now = timezone.now()
    results = []
    for _ in range(rounds):
        for label, tuned in [("server defaults", False), ("refresh settings", True)]:
            with transaction.atomic():
                if tuned:
                    with connection.cursor() as cursor:
                        aggregation._use_refresh_settings(cursor)
                cpu_before = backend_cpu(with_workers=True)
                started = time.monotonic()
                insights.compute(now=now)
                wall = time.monotonic() - started
                cpu_after = backend_cpu(with_workers=True)
            result = {"insights": label, "wall_s": round(wall, 2)}
            if cpu_before is not None and cpu_after is not None:
                result["database_cpu_s"] = round(cpu_after - cpu_before, 2)
            results.append(result)
            print(json.dumps(result), flush=True)
    return results


def refresh_runs(runs: int, *, serial: bool) -> list[dict]:
    from django.db import transaction

    from salaries import aggregation, insights
    from salaries.services import benchmarks_refresh

    results = []
    for _ in range(runs):
        phases = Phases()
        for module, name, label in [
            (aggregation, "_cube_rows", "cube statements"),
            (insights, "compute", "insights"),
            (aggregation, "write_cells", "write cells"),
        ]:
            phases.wrap(module, name, label)
        load = os.getloadavg()[0]
        cpu_before = backend_cpu()
        started = time.monotonic()
        if serial:
            with transaction.atomic():
                refresh = benchmarks_refresh()
        else:
            refresh = benchmarks_refresh()
        wall = time.monotonic() - started
        cpu = backend_cpu() - cpu_before if serial and cpu_before is not None else None
        phases.restore()
        results.append(
            {
                "mode": "serial" if serial else "parallel",
                "wall_s": round(wall, 2),
                "load_before": round(load, 2),
                **({"backend_cpu_s": round(cpu, 2)} if cpu is not None else {}),
                "observations": refresh.observations,
                "cells": refresh.cells,
                "published": refresh.published_cells,
                **{label: round(seconds, 2) for label, seconds in phases.times.items()},
            }
        )
        print(json.dumps(results[-1]), flush=True)
    return results


def trigger_cost(count: int, rounds: int = 2) -> dict:
    """Seconds to bulk-load ``count`` postings with and without the salaries triggers.

    The two kinds of load alternate ``rounds`` times and the best of each is kept, so a
    busy moment on the machine does not land on one side only.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from careers.demo import seed_skills
    from jobs.generator import generate
    from jobs.models import Company
    from jobs.services.bulk import postings_bulk_insert

    skills = [skill.pk for skill in seed_skills()]
    companies = list(Company.objects.order_by("pk")[:200])
    timings: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for label, disable in [("without triggers", True), ("with triggers", False)]:
            rows = generate(
                count=count,
                seed=99,
                companies=companies,
                skill_ids=skills,
                now=timezone.now(),
                source="trigger-bench",
            )
            with transaction.atomic():
                if disable:
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "ALTER TABLE jobs_jobposting DISABLE TRIGGER salaries_postings_inserted"
                        )
                started = time.monotonic()
                postings_bulk_insert(rows)
                timings[label].append(time.monotonic() - started)
                transaction.set_rollback(True)
    best = {label: round(min(seconds), 2) for label, seconds in timings.items()}
    print(json.dumps({"trigger_sample": count, **best}), flush=True)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serial", action="store_true", help="also time runs on one connection")
    parser.add_argument("--insight-rounds", type=int, default=0, metavar="N")
    parser.add_argument("--trigger-sample", type=int, default=0, metavar="N")
    parser.add_argument("--json", type=Path, help="write every result here")
    args = parser.parse_args()
    setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a PostgreSQL benchmark database.")
    print(f"{os.cpu_count()} CPUs; database {connection.settings_dict['NAME']}", flush=True)
    results = refresh_runs(args.runs, serial=False)
    if args.serial:
        results += refresh_runs(args.runs, serial=True)
    summary = {
        mode: statistics.median(r["wall_s"] for r in results if r["mode"] == mode)
        for mode in {r["mode"] for r in results}
    }
    print("median wall seconds:", json.dumps(summary), flush=True)
    if args.insight_rounds:
        results += insight_settings(args.insight_rounds)
    if args.trigger_sample:
        results.append(trigger_cost(args.trigger_sample))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
