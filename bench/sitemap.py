"""Sitemaps at full size: the index and postings pages, built from scratch each time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmportal_bench1m \\
        .venv/bin/python bench/sitemap.py [--rounds 3]

Serves /sitemap.xml, the first postings page and the deepest full one in-process with production
settings, clearing the cache before each request (the site caches each for an hour), and
prints wall time, queries and size per request.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import HOST, configure  # noqa: E402 - needs the path above


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, help="postings per page instead of the site's")
    args = parser.parse_args()
    configure()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jobs.sitemaps import PostingSitemap

    if args.limit:
        PostingSitemap.limit = args.limit
    client = Client(HTTP_HOST=HOST)
    pages = PostingSitemap().paginator.num_pages
    deepest_full = max(pages - 1, 1)
    paths = ["/sitemap.xml", "/sitemap-postings.xml", f"/sitemap-postings.xml?p={deepest_full}"]
    times: dict[str, list[float]] = {path: [] for path in paths}
    details: dict[str, dict] = {}
    for _ in range(args.rounds):
        for path in paths:
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.monotonic()
                response = client.get(path)
                times[path].append(time.monotonic() - started)
            if response.status_code != 200:
                sys.exit(f"{path} answered {response.status_code}")
            details[path] = {"queries": len(queries), "bytes": len(response.content)}
    print(f"{pages} postings pages of {PostingSitemap.limit:,}")
    for path in paths:
        median = statistics.median(times[path]) * 1000
        print(json.dumps({"path": path, "median_ms": round(median), **details[path]}))


if __name__ == "__main__":
    main()
