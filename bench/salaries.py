"""Salary benchmark refresh: how long the whole refresh takes, where the time goes, peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pm_bench_1m \\
        .venv/bin/python bench/salaries.py [--runs 3] [--tracemalloc] [--trigger-sample N]
    .venv/bin/python bench/salaries.py --runs 3          # the embedded profile's SQLite file

Each run is the hourly task's refresh (``services.benchmarks_refresh`` outside any
transaction): observations read, cells, market insights, the cell table's swap and the
freelance rates. Every run prints its wall time, the time of each phase, the CPU seconds of
this process and, on PostgreSQL with the server on this machine, of its database backend,
and the process's peak resident memory so far (``getrusage``'s ``ru_maxrss``: Django and
the connection included). ``--tracemalloc`` adds one run under tracemalloc, whose peak is
what the refresh itself allocated at most (NumPy's arrays included), apart from what the
process held before; tracing slows that run, so its wall time is left out of the median.
``--save-columns FILE`` writes the observations' columns and the cells to a NumPy file for
``bench/cube_engines.py``. ``--trigger-sample N`` (PostgreSQL) loads N more postings with
their skills without the salaries triggers, with only those keeping the observation and
demand tables, and with all of them (skill demand too), and rolls every load back. The
load average before each run is printed, since the figures depend on what else the
machine is doing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
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
    """Wall time per phase of one refresh, by wrapping the functions the service calls."""

    def __init__(self) -> None:
        self.times: dict[str, float] = defaultdict(float)
        self.originals: list[tuple] = []

    def wrap(self, module, name: str, label: str) -> None:
        real = getattr(module, name)
        self.originals.append((module, name, real))

        def timed(*args, **kwargs):
            started = time.monotonic()
            try:
                return real(*args, **kwargs)
            finally:
                self.times[label] += time.monotonic() - started

        setattr(module, name, timed)

    def restore(self) -> None:
        for module, name, real in self.originals:
            setattr(module, name, real)


def backend_cpu() -> float | None:
    """CPU seconds this process's PostgreSQL backend has used, when the server is local."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    stat = Path(f"/proc/{connection.connection.info.backend_pid}/stat")
    if not stat.exists():
        return None
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def refresh_run(*, traced: bool) -> dict:
    from salaries import aggregation, insights, rates
    from salaries.services import benchmarks_refresh

    phases = Phases()
    for module, name, label in [
        (aggregation, "observation_columns", "read observations"),
        (aggregation, "cube", "compute cells"),
        (insights, "compute", "insights"),
        (aggregation, "write_cells", "write cells"),
        (rates, "refresh_cells", "freelance rates"),
    ]:
        phases.wrap(module, name, label)
    load = os.getloadavg()[0]
    backend_before, cpu_before = backend_cpu(), process_cpu()
    if traced:
        tracemalloc.start()
    started = time.monotonic()
    refresh = benchmarks_refresh()
    wall = time.monotonic() - started
    result = {"mode": "traced" if traced else "timed", "wall_s": round(wall, 2)}
    if traced:
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    backend_after = backend_cpu()
    phases.restore()
    result |= {
        "load_before": round(load, 2),
        "process_cpu_s": round(process_cpu() - cpu_before, 2),
        **(
            {"backend_cpu_s": round(backend_after - backend_before, 2)}
            if backend_before is not None and backend_after is not None
            else {}
        ),
        "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "observations": refresh.observations,
        "cells": refresh.cells,
        "published": refresh.published_cells,
        **{label: round(seconds, 2) for label, seconds in phases.times.items()},
    }
    print(json.dumps(result), flush=True)
    return result


def save_columns(path: Path) -> None:
    """The observations' columns and their cells, as the refresh computes them now."""
    from datetime import timedelta

    import numpy as np
    from django.conf import settings
    from django.utils import timezone

    from core.money import exponent
    from salaries import aggregation, codes

    cutoff = timezone.now() - timedelta(days=settings.SALARY_WINDOW_DAYS)
    observed = aggregation.observation_columns(cutoff)
    cells = aggregation.cube(observed)
    currencies = np.unique(observed["currency"])
    units = [10 ** exponent(codes.decode_letters(code, 3)) for code in currencies.tolist()]
    np.savez(
        path,
        currency_codes=currencies,
        currency_units=np.array(units),
        **{f"choices_{name}": np.array(values) for name, values in codes.CHOICES.items()},
        **{f"column_{name}": column for name, column in observed.items()},
        **{f"cell_{name}": column for name, column in cells.columns.items()},
    )
    print(json.dumps({"saved": str(path), "rows": len(observed["value"]), "cells": len(cells)}))


# The salaries triggers a bulk load fires, by what they keep: the observation and demand
# rows of new postings, and the skill demand counted from new demand rows and skill links.
TRIGGERS = {
    "observations": [("jobs_jobposting", "salaries_postings_inserted")],
    "skill demand": [
        ("salaries_demandposting", "salaries_demand_added"),
        ("jobs_jobposting_skills", "salaries_skill_links_added"),
    ],
}


def trigger_cost(count: int, rounds: int = 2) -> dict:
    """Seconds to bulk-load ``count`` postings with their skills: without the salaries
    triggers, with only those keeping observations and demand, and with all of them.

    The kinds of load alternate ``rounds`` times and the best of each is kept, so a busy
    moment on the machine does not land on one side only.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from careers.demo import seed_skills
    from jobs.generator import generate
    from jobs.models import Company
    from jobs.services.bulk import postings_bulk_insert

    skills = [skill.pk for skill in seed_skills()]
    companies = list(Company.objects.order_by("pk")[:200])
    loads = {
        "without triggers": [*TRIGGERS["observations"], *TRIGGERS["skill demand"]],
        "without skill demand": TRIGGERS["skill demand"],
        "with triggers": [],
    }
    timings: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for label, disabled in loads.items():
            rows = generate(
                count=count,
                seed=99,
                companies=companies,
                skill_ids=skills,
                now=timezone.now(),
                source="trigger-bench",
            )
            with transaction.atomic():
                with connection.cursor() as cursor:
                    for table, trigger in disabled:
                        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
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
    parser.add_argument("--tracemalloc", action="store_true", help="add one traced run")
    parser.add_argument("--save-columns", type=Path, metavar="FILE")
    parser.add_argument("--trigger-sample", type=int, default=0, metavar="N")
    parser.add_argument("--json", type=Path, help="write every result here")
    args = parser.parse_args()
    setup()
    from django.db import connection

    print(
        f"{os.cpu_count()} CPUs; {connection.vendor} database {connection.settings_dict['NAME']}",
        flush=True,
    )
    results = [refresh_run(traced=False) for _ in range(args.runs)]
    if results:
        median = statistics.median(result["wall_s"] for result in results)
        print(f"median wall seconds of {len(results)} runs: {median}", flush=True)
    if args.tracemalloc:
        results.append(refresh_run(traced=True))
    if args.save_columns:
        save_columns(args.save_columns)
    if args.trigger_sample:
        if connection.vendor != "postgresql":
            sys.exit("--trigger-sample measures PostgreSQL's triggers.")
        results.append(trigger_cost(args.trigger_sample))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
