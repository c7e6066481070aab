"""The salary cube in Polars and DuckDB, from the same arrays as the refresh's NumPy path.

    .venv/bin/python bench/salaries.py --runs 0 --save-columns /tmp/cube.npz   # the arrays
    python3 -m venv /tmp/venv-compare
    /tmp/venv-compare/bin/pip install -r bench/requirements-compare.txt
    /tmp/venv-compare/bin/python bench/cube_engines.py /tmp/cube.npz [--rounds 3]

Each engine computes every cell of the 32 grouping sets (n, sum and the five percentiles
with linear interpolation) from the observations' integer columns, timed alone, best of
``--rounds``. Its cells are then checked against the refresh's (saved with the arrays):
the same n, and the same figures once its float results are rounded the way the refresh
rounds exact ones (snapped to hundredths of a minor unit, then to whole units, halves up).
Polars and DuckDB stay out of the project's environment: a throwaway virtualenv holds them.
"""

from __future__ import annotations

import argparse
import json
import time
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

DIMENSIONS = ("level", "country", "industry", "company_size", "technical")
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
FIGURES = ("p10", "p25", "p50", "p75", "p90")


def grouping_sets():
    """(grouping bits, named dimensions) for every set, bits as salaries.dimensions."""
    for grouping in range(32):
        yield grouping, [d for i, d in enumerate(DIMENSIONS) if not grouping & (1 << (4 - i))]


def polars_cells(columns: dict) -> dict:
    import polars as pl

    frame = pl.DataFrame(columns)
    found = {}
    for grouping, named in grouping_sets():
        part = frame
        for name in named:
            if name != "technical":
                part = part.filter(pl.col(name) != 0)
        table = part.group_by(["currency", *named]).agg(
            pl.len().alias("n"),
            pl.col("value").sum().alias("total"),
            *(
                pl.col("value").quantile(q, "linear").alias(figure)
                for q, figure in zip(QUANTILES, FIGURES, strict=True)
            ),
        )
        for row in table.iter_rows(named=True):
            key = (grouping, row["currency"], *(row.get(name, -1) for name in DIMENSIONS))
            found[key] = (row["n"], row["total"], *(row[f] for f in FIGURES))
    return found


def duckdb_cells(columns: dict) -> dict:
    import duckdb

    observations = dict(columns)  # noqa: F841 - DuckDB scans the local by its name
    blank_free = " AND ".join(
        f"({name} <> 0 OR GROUPING({name}) = 1)" for name in DIMENSIONS if name != "technical"
    )
    dims = ", ".join(DIMENSIONS)
    rows = duckdb.sql(
        f"""
        SELECT GROUPING({dims}) AS g, currency, {dims}, count(*) AS n, sum(value) AS total,
               quantile_cont(value, {list(QUANTILES)}) AS q
        FROM observations GROUP BY currency, CUBE ({dims})
        HAVING {blank_free}
        """  # noqa: S608 - constants only
    ).fetchall()
    found = {}
    for g, currency, *dims_values, n, total, q in rows:
        position = tuple(-1 if v is None else v for v in dims_values)
        found[(g, currency, *position)] = (n, int(total), *q)
    return found


def whole(value: float, unit: int) -> int:
    """Round a float percentile as the refresh rounds the exact one (the mean is exact)."""
    snapped = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return int((snapped / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def compare(found: dict, saved) -> dict:
    """How many of the refresh's cells the engine misses or states differently."""
    units = dict(
        zip(saved["currency_codes"].tolist(), saved["currency_units"].tolist(), strict=True)
    )
    choices = {
        name: ["", *saved[f"choices_{name}"].tolist()]
        for name in ("level", "industry", "company_size")
    }

    def letters(code: int, width: int) -> str:
        return "".join(chr(code >> (8 * i) & 0xFF) for i in reversed(range(width)))

    def text(name: str, code: int):
        if code == -1:
            return False if name == "technical" else ""
        if name == "technical":
            return bool(code)
        return letters(code, 2) if name == "country" else choices[name][code]

    stated = {}
    for (grouping, currency, *position), (n, total, *quantiles) in found.items():
        key = (letters(currency, 3), grouping, *map(text, DIMENSIONS, position))
        unit = units[currency]
        figures = [None] * 6
        if n >= 5:
            figures = [(2 * total + n * unit) // (2 * n * unit)]
            figures += [whole(q, unit) for q in quantiles]
        stated[key] = (n, *figures)
    names = ["currency", "grouping", *DIMENSIONS, "n", "mean", *FIGURES]
    rows = zip(*(saved[f"cell_{name}"].tolist() for name in names), strict=True)
    differing = sum(1 for row in rows if stated.get(tuple(row[:7])) != tuple(row[7:]))
    return {"cells": len(found), "refresh_cells": len(saved["cell_n"]), "differing": differing}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("arrays")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    saved = np.load(args.arrays, allow_pickle=True)
    columns = {
        name.removeprefix("column_"): saved[name]
        for name in saved.files
        if name.startswith("column_")
    }
    for label, engine in [("polars", polars_cells), ("duckdb", duckdb_cells)]:
        seconds = []
        for _ in range(args.rounds):
            started = time.monotonic()
            found = engine(columns)
            seconds.append(round(time.monotonic() - started, 2))
        result = {"engine": label, "seconds": seconds, **compare(found, saved)}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
