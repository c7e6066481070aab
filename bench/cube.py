"""Where the salary cube's time goes: its grouping sets, its percentiles, its sorts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmportal_bench1m \\
        .venv/bin/python bench/cube.py [--rounds 3]

Runs variants of the refresh's CUBE statement (salaries.aggregation) over every
observation, alternating them ``--rounds`` times on one connection with the refresh's
settings, and prints the CPU seconds the database backend spent on each (the server must be
local). The statements read the observation table as the refresh does, with the dimensions
coded as small integers, and fetch every row they produce.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

# The refresh benchmark's set-up and CPU reading, loaded by path: under its own name it
# would hide the salaries app.
_spec = importlib.util.spec_from_file_location(
    "salary_bench", Path(__file__).with_name("salaries.py")
)
salary_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(salary_bench)

CODED = """
    SELECT value,
           (ascii(substr(currency, 1, 1)) << 16) | (ascii(substr(currency, 2, 1)) << 8)
               | ascii(substr(currency, 3, 1)) AS cu,
           (ascii(substr(country, 1, 1)) << 8) | ascii(substr(country, 2, 1)) AS country,
           array_position(%(level)s::text[], level::text) AS level,
           array_position(%(industry)s::text[], industry::text) AS industry,
           array_position(%(company_size)s::text[], company_size::text) AS company_size,
           technical
    FROM salaries_salaryobservation
"""
DIMENSIONS = "level, country, industry, company_size, technical"
PERCENTILES = "percentile_cont(ARRAY[0.1, 0.25, 0.5, 0.75, 0.9]) WITHIN GROUP (ORDER BY value)"
# Every statement is built from the constants above; the only values are parameters.
VARIANTS = {
    "cube with percentiles (the refresh's)": f"""
        SELECT cu, GROUPING({DIMENSIONS}), {DIMENSIONS}, count(*), sum(value), {PERCENTILES}
        FROM ({CODED}) o GROUP BY cu, CUBE ({DIMENSIONS})""",  # noqa: S608
    "cube, count and sum only": f"""
        SELECT cu, GROUPING({DIMENSIONS}), {DIMENSIONS}, count(*), sum(value)
        FROM ({CODED}) o GROUP BY cu, CUBE ({DIMENSIONS})""",  # noqa: S608
    "one sort on the six keys": f"""
        SELECT count(*) FROM (SELECT * FROM ({CODED}) o
        ORDER BY cu, level, company_size, country, industry, technical OFFSET 0) sorted""",  # noqa: S608
    "one sort on one packed key": f"""
        SELECT count(*) FROM (SELECT * FROM ({CODED}) o
        ORDER BY cu::bigint << 40 | level::bigint << 36 | coalesce(company_size, 0)::bigint << 32
                 | country::bigint << 16 | coalesce(industry, 0)::bigint << 8
                 | technical::int OFFSET 0) sorted""",  # noqa: S608
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    salary_bench.setup()
    from django.db import connection, transaction

    from core.taxonomy import CompanySize, Industry, Level
    from salaries import aggregation

    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a PostgreSQL benchmark database.")
    codes = {
        "level": list(Level.values),
        "industry": list(Industry.values),
        "company_size": list(CompanySize.values),
    }
    seconds: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.rounds):
        for label, sql in VARIANTS.items():
            with transaction.atomic(), connection.cursor() as cursor:
                aggregation._use_refresh_settings(cursor)
                before = salary_bench.backend_cpu()
                cursor.execute(sql, codes)
                cursor.fetchall()
                seconds[label].append(round(salary_bench.backend_cpu() - before, 2))
    for label, runs in seconds.items():
        print(json.dumps({"variant": label, "backend_cpu_s": sorted(runs)}), flush=True)


if __name__ == "__main__":
    main()
