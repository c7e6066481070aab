"""API rows: a page of twenty job-list rows serialized by the generic and the row serializer.

The page comes from the board (``jobs.search.board_page``) of the database in DATABASE_URL;
both serializers turn the same rows into the same data (tests/jobs/test_api_rows.py), one
after the other, many times, so the machine's noise falls on both alike.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmportal_bench1m \\
        .venv/bin/python bench/api_rows.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search import HOST, configure  # noqa: E402  (the search benchmark's settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    configure()
    from django.test import RequestFactory
    from rest_framework.request import Request

    from jobs.api.serializers import PostingRowSerializer, PostingSerializer
    from jobs.search import BoardQuery, board_page

    request = Request(RequestFactory(HTTP_HOST=HOST).get("/api/v1/jobs/"))
    rows = board_page(BoardQuery(country="GB")).items
    times: dict[str, list[float]] = {"generic": [], "row": []}
    serializers = {"generic": PostingSerializer, "row": PostingRowSerializer}
    for round_number in range(args.rounds + 20):
        for name, serializer in serializers.items():
            start = time.perf_counter()
            serializer(rows, many=True, context={"request": request}).data  # noqa: B018
            if round_number >= 20:  # the first rounds warm up
                times[name].append((time.perf_counter() - start) * 1000)
    for name, measured in times.items():
        print(f"{name:8} p50 {statistics.median(measured):5.2f} ms for {len(rows)} rows")


if __name__ == "__main__":
    main()
