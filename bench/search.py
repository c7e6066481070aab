"""Search benchmark: a fixed mix of 200 job-board requests, served in-process.

Each request goes through Django's full stack (middleware, URLconf, view, template or
serializer) with the test client, once on the HTML page /jobs/ and once on the API
/api/v1/jobs/, against the database in DATABASE_URL (a PostgreSQL benchmark database
loaded by bench/generate.sh). Per request it records the server time, the SQL queries
(and whether any of them counts rows), and then the same SQL re-executed on a plain
cursor, so the framework's share of the time shows as a ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmportal_bench1m \\
        .venv/bin/python bench/search.py [--passes 5] [--json results.json]

Settings are the production profile's (DEBUG off), with static files collected into a
temporary folder first, and the anonymous-page cache off, so every request searches.
Deep pages follow the `next` links of the pages before them.
"""

from __future__ import annotations

import argparse
import atexit
import html
import json
import os
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
PAGES = {"html": "/jobs/", "api": "/api/v1/jobs/"}
COUNT_SQL = re.compile(r"\bCOUNT\s*\(", re.IGNORECASE)
NEXT_LINK = re.compile(r'<a rel="next" href="([^"]+)"')
# Form choices are read through a server-side cursor; replay the query it declares.
DECLARE = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH HOLD FOR ')

# Words job seekers type. Common ones hit a large share of the board (every description
# talks about customers and roadmaps); rare ones a few hundred or thousand postings.
COMMON = ["product manager", "senior", "platform", "growth", "data", "roadmap",
          "customers", "payments", "mobile", "experiments"]  # fmt: skip
RARE = ["infrastructure", "checkout", "intern", "AI", '"api platform"', "vice president",
        "chief product officer", "kiteforge", "healthcare scheduling", "blockchain"]  # fmt: skip
FILTERS = [
    {"country": "US"},
    {"level": ["senior", "lead"], "remote_policy": ["remote", "hybrid"]},
    {"country": "GB", "technical": "true"},
    {"industry": ["bfsi", "software"], "posted_within": "7"},
    {"salary_at_least": "150000", "currency": "USD"},
    {"skills": ["sql", "ab-testing"]},
    {"company_size": ["startup"], "employment_type": ["full_time"]},
    {"country": "IN", "city": "Bengaluru"},
    {"level": ["director", "vp", "executive"]},
    {"remote_policy": ["remote"], "posted_within": "3"},
]


@dataclass
class Request:
    kind: str
    params: dict
    depth: int = 1  # pages to follow through `next` links


def query_mix() -> list[Request]:
    """The 200 requests (deep chains count each page), the same on every run."""
    words = COMMON + RARE
    mix: list[Request] = []
    # Keywords with filters, newest first: the board's everyday search.
    for n, word in enumerate(words):
        for k in (0, 1):
            filters = FILTERS[(3 * n + 5 * k) % len(FILTERS)]
            mix.append(Request("text+filters", {"q": word, **filters, "sort": "newest"}))
    # Keywords alone, newest first.
    for word in words:
        mix.append(Request("text, newest", {"q": word, "sort": "newest"}))
    # Keywords ranked by relevance (the default with keywords), alone, filtered, page 2.
    for n, word in enumerate(words):
        mix.append(Request("relevance", {"q": word}))
        if n % 2 == 0:
            mix.append(Request("relevance", {"q": word, **FILTERS[n % len(FILTERS)]}))
        else:
            mix.append(Request("relevance", {"q": word, "page": "2"}))
    # Filters alone, newest first, one or two sets at a time.
    for n, filters in enumerate(FILTERS):
        mix.append(Request("filters", filters))
        mix.append(Request("filters", {**filters, **FILTERS[(n + 3) % len(FILTERS)]}))
        mix.append(Request("filters", {**filters, "sort": "newest"}))
        mix.append(Request("filters", {}) if n % 2 else Request("filters", {"technical": "false"}))
    # Highest salary first, in one currency's market or across the board.
    salary = [{}, {"country": "US"}, {"country": "GB"}, {"country": "DE"},
              {"salary_at_least": "100000", "currency": "EUR"}]  # fmt: skip
    for n, filters in enumerate(salary * 4):
        extra = FILTERS[n % len(FILTERS)] if n >= len(salary) else {}
        mix.append(Request("salary sort", {**extra, **filters, "sort": "salary"}))
    # Deep pages: walk 20 pages of the whole board, 10 of a search, 10 by salary.
    mix.append(Request("deep pages", {}, depth=20))
    mix.append(Request("deep pages", {"q": "growth", "country": "US", "sort": "newest"}, depth=10))
    mix.append(Request("deep pages", {"country": "GB", "sort": "salary"}, depth=10))
    return mix


@dataclass
class Sample:
    kind: str
    url: str
    times: list[float] = field(default_factory=list)
    queries: int = 0
    counts: bool = False
    sql: list[str] = field(default_factory=list)
    sql_times: list[float] = field(default_factory=list)
    status: int = 0


def configure() -> None:
    """Production settings: DEBUG off, a random key, static files collected to a temporary
    folder that is removed at exit."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmportal.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["DJANGO_ALLOWED_HOSTS"] = HOST
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
    # Every request is timed several times: measure the search, not the anonymous-page cache.
    os.environ["JOBS_BOARD_CACHE_SECONDS"] = "0"
    if "DJANGO_STATIC_ROOT" not in os.environ:
        static = tempfile.mkdtemp(prefix="pmportal-static-")
        atexit.register(shutil.rmtree, static, ignore_errors=True)
        os.environ["DJANGO_STATIC_ROOT"] = static
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL benchmark database (bench/generate.sh).")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)


def expand(client, page: str, mix: list[Request]) -> list[Sample]:
    """The URLs of the mix on one page, following `next` links for the deep requests."""
    samples = []
    for request in mix:
        url = f"{PAGES[page]}?{urlencode(request.params, doseq=True)}".rstrip("?")
        for _ in range(request.depth):
            samples.append(Sample(request.kind, url))
            if request.depth == 1:
                break
            response = client.get(url)
            url = next_url(page, url, response)
            if url is None:
                break
    return samples


def next_url(page: str, url: str, response) -> str | None:
    if page == "api":
        link = response.json()["next"]
        if link is None:
            return None
        parts = urlsplit(link)
        return f"{parts.path}?{parts.query}"
    found = NEXT_LINK.search(response.content.decode())
    return f"{PAGES['html']}{html.unescape(found.group(1))}" if found else None


def measure(client, samples: list[Sample], passes: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for sample in samples:  # warm caches and record the SQL once
        with CaptureQueriesContext(connection) as captured:
            sample.status = client.get(sample.url).status_code
        sample.sql = [DECLARE.sub("", query["sql"]) for query in captured.captured_queries]
        sample.queries = len(sample.sql)
        sample.counts = any(COUNT_SQL.search(sql) for sql in sample.sql)
    for _ in range(passes):
        for sample in samples:
            started = time.perf_counter()
            client.get(sample.url)
            sample.times.append(time.perf_counter() - started)
        for sample in samples:
            with connection.cursor() as cursor:
                started = time.perf_counter()
                for sql in sample.sql:
                    cursor.execute(sql)
                    if cursor.description is not None:
                        cursor.fetchall()
                sample.sql_times.append(time.perf_counter() - started)


def percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def summarize(page: str, samples: list[Sample]) -> list[dict]:
    kinds = list(dict.fromkeys(sample.kind for sample in samples)) + ["all"]
    rows = []
    for kind in kinds:
        group = [s for s in samples if kind in ("all", s.kind)]
        times = [t * 1000 for s in group for t in s.times]
        sql_times = [t * 1000 for s in group for t in s.sql_times]
        queries = sorted({s.queries for s in group})
        rows.append(
            {
                "page": page,
                "kind": kind,
                "requests": len(group),
                "p50_ms": statistics.median(times),
                "p95_ms": percentile(times, 0.95),
                "max_ms": max(times),
                "sql_p50_ms": statistics.median(sql_times),
                "sql_p95_ms": percentile(sql_times, 0.95),
                "ratio": statistics.median(times) / statistics.median(sql_times),
                "queries": f"{queries[0]}-{queries[-1]}" if len(queries) > 1 else str(queries[0]),
                "counting": sum(s.counts for s in group),
                "errors": sum(s.status != 200 for s in group),
            }
        )
    return rows


def print_table(rows: list[dict]) -> None:
    print(
        f"{'page':5} {'class':14} {'n':>4} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
        f"{'SQL p50':>8} {'SQL p95':>8} {'ratio':>6} {'queries':>8} {'COUNT':>6} {'non-200':>7}"
    )
    for r in rows:
        print(
            f"{r['page']:5} {r['kind']:14} {r['requests']:>4} {r['p50_ms']:>7.1f} "
            f"{r['p95_ms']:>7.1f} {r['max_ms']:>7.1f} {r['sql_p50_ms']:>8.1f} "
            f"{r['sql_p95_ms']:>8.1f} {r['ratio']:>6.2f} {r['queries']:>8} {r['counting']:>6} "
            f"{r['errors']:>7}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5, help="timed passes over the mix")
    parser.add_argument("--pages", nargs="+", choices=list(PAGES), default=list(PAGES))
    parser.add_argument("--slowest", type=int, default=5, help="list the N slowest requests")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument(
        "--urls", choices=list(PAGES), help="only print the first page of each search, and stop"
    )
    args = parser.parse_args()
    if args.urls:
        for request in query_mix():
            print(f"{PAGES[args.urls]}?{urlencode(request.params, doseq=True)}".rstrip("?"))
        return
    configure()
    from django.db import connection
    from django.test import Client

    from jobs.models import JobPosting

    client = Client(HTTP_HOST=HOST)
    mix = query_mix()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
    postings = JobPosting.objects.count()
    print(f"{postings:,} postings; {version.split(' on ')[0]}; {args.passes} timed passes")
    report = {"postings": postings, "server": version, "passes": args.passes, "rows": []}
    for page in args.pages:
        samples = expand(client, page, mix)
        measure(client, samples, args.passes)
        rows = summarize(page, samples)
        report["rows"] += rows
        print_table(rows)
        slowest = sorted(samples, key=lambda s: statistics.median(s.times), reverse=True)
        for sample in slowest[: args.slowest]:
            print(
                f"  slow: {statistics.median(sample.times) * 1000:6.1f} ms "
                f"({sample.queries} queries) {sample.url}"
            )
        for sample in samples:
            if sample.counts:
                print(f"  COUNT in: {sample.url}")
        report[f"{page}_requests"] = [
            {
                "kind": s.kind,
                "url": s.url,
                "ms": statistics.median(s.times) * 1000,
                "sql_ms": statistics.median(s.sql_times) * 1000,
                "queries": s.queries,
                "counts": s.counts,
                "status": s.status,
            }  # fmt: skip
            for s in samples
        ]
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
