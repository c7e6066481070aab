"""Ingestion throughput: JSON-lines feeds of realistic postings into PostgreSQL, end to end.

Into a copy of an existing board (the issue's case, 1M postings into 1M):

    bench/generate.sh pm_ing_base 1000000 1          # once: the board to copy
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pm_ing_run \
        .venv/bin/python bench/ingest.py --base pm_ing_base --count 1000000 --runs 1

Each run re-creates the database DATABASE_URL names as a file copy of ``--base``, applies
this code's migrations to it, registers the feed's source there as a trusted feed, times
``ingest_postings`` on a feed of ``--seed`` (the base was generated from seed 1 under
another source, so every posting is new), and drops the copy. Without ``--base`` the
database DATABASE_URL names (migrated already) is emptied instead, the feed's source is
registered there as a trusted snapshot feed, and four runs are timed on it, each on a
freshly vacuumed table: the feed (all created), the same feed again as a list of changes
(all unchanged: each posting's ``last_seen_at`` rewritten), the same feed again as a
snapshot (all unchanged: their closing date and status rewritten too, and nothing
closed), and the feed with every description reworded (all updated).

Each feed is written from the synthetic generator (HTML descriptions, each one different,
salaries, places, skills, employers with head counts) into ``--dir`` unless it is there
already, and the feeds this run wrote are deleted at the end unless ``--keep-feeds`` is
given. The database DATABASE_URL names is dropped or emptied: point it only at a
benchmark database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmportal.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-" + "x" * 40)

import django  # noqa: E402

django.setup()

import psycopg2  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from careers.demo import seed_skills  # noqa: E402
from core.markdown import render_markdown  # noqa: E402
from jobs.generator import company_pool, posting_rows  # noqa: E402
from jobs.models import Company, FeedFormat, FeedSource, JobPosting  # noqa: E402

SOURCE = "bench-feed"
# One employer per this many postings, as on generate_postings' boards.
POSTINGS_PER_COMPANY = 200
UNITS = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}


@cache
def _html(markdown: str) -> str:
    return str(render_markdown(markdown))


def write_feed(path: Path, count: int, seed: int) -> None:
    """A JSONL feed of ``count`` postings from the synthetic generator, as JSON-LD."""
    rng = random.Random(seed)
    specs = company_pool(rng, max(1, count // POSTINGS_PER_COMPANY))
    companies = [
        Company(pk=n, name=spec.name, industry=spec.industry, size=spec.size, country=spec.country)
        for n, spec in enumerate(specs, start=1)
    ]
    skills = [skill.name for skill in seed_skills()]
    employees = {"startup": 30, "small_mid": 400, "large": 5000, "enterprise": 40000}
    rows = posting_rows(
        count=count,
        seed=seed,
        companies=companies,
        skill_ids=list(range(len(skills))),
        now=timezone.now(),
        source=SOURCE,
    )
    with open(path, "w") as feed:
        for company, fields, skill_indexes in rows:
            intro = (
                f"<p>{company.name} is hiring a {fields['title']} in {fields['city']} "
                f"(reference {fields['external_id']}).</p>\n"
            )
            posting = {
                "@context": "https://schema.org",
                "@type": "JobPosting",
                "identifier": {"@type": "PropertyValue", "value": fields["external_id"]},
                "title": fields["title"],
                "description": intro + _html(fields["description"]),
                "datePosted": fields["posted_at"].isoformat(),
                "validThrough": fields["valid_through"].isoformat(),
                "employmentType": fields["employment_type"].upper(),
                "hiringOrganization": {
                    "@type": "Organization",
                    "name": company.name,
                    "sameAs": f"https://{company.name.lower().replace(' ', '-')}.example",
                    "numberOfEmployees": {"value": employees[company.size]},
                },
                "industry": company.get_industry_display(),
                "jobLocation": {
                    "@type": "Place",
                    "address": {
                        "@type": "PostalAddress",
                        "addressLocality": fields["city"],
                        "addressCountry": fields["country"],
                    },
                },
                "baseSalary": {
                    "@type": "MonetaryAmount",
                    "currency": fields["salary_currency"],
                    "value": {
                        "@type": "QuantitativeValue",
                        "minValue": fields["salary_min"] / 100,
                        "maxValue": fields["salary_max"] / 100,
                        "unitText": UNITS[fields["salary_period"]],
                    },
                },
                "skills": [skills[n] for n in skill_indexes],
                "url": fields["apply_url"],
            }
            if fields["remote_policy"] == "remote":
                posting["jobLocationType"] = "TELECOMMUTE"
            feed.write(json.dumps(posting) + "\n")


def write_changed(path: Path, changed: Path) -> None:
    """The same feed with every description reworded, so each posting is an update."""
    with open(path) as feed, open(changed, "w") as out:
        for line in feed:
            out.write(line.replace(" is hiring a ", " is now hiring a ", 1))


def empty_board() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE jobs_jobposting, jobs_company, jobs_feedsource RESTART IDENTITY CASCADE"
        )


def register_feed(*, snapshot: bool) -> None:
    """Register the feeds' source as a trusted feed, as an employer's applicant-tracking
    board is: its postings go live (those the feed gives as closed stay closed), so every
    run pays for the live postings' search vectors. ``snapshot`` lets ``--snapshot`` be
    given."""
    FeedSource.objects.create(name=SOURCE, format=FeedFormat.JSONL, snapshot=snapshot, trusted=True)


def settle() -> None:
    """Start the timed run with no dead rows nor dirty pages of the one before."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE jobs_jobposting")
    checkpoint()


def timed_ingest(path: Path, *options: str) -> tuple[float, str]:
    """Seconds ``ingest_postings`` took on the feed at ``path``, and its summary line."""
    out = StringIO()
    started = time.perf_counter()
    call_command(
        "ingest_postings", str(path), "--format", "jsonl", "--source", SOURCE, *options, stdout=out
    )
    return time.perf_counter() - started, out.getvalue().splitlines()[0]


@contextmanager
def server() -> Iterator[psycopg2.extensions.cursor]:
    """A cursor on the server's maintenance database, for creating and dropping databases."""
    config = connection.settings_dict
    maintenance = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    maintenance.autocommit = True
    try:
        with maintenance.cursor() as cursor:
            yield cursor
    finally:
        maintenance.close()


def copy_of(base: str) -> None:
    """Re-create the benchmark database as a copy of ``base``, with this code's migrations."""
    connection.close()
    name = connection.settings_dict["NAME"]
    with server() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        # A file copy: minutes faster than the default, which writes every page to the WAL.
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{base}" STRATEGY FILE_COPY')
    call_command("migrate", verbosity=0)


def drop_copy() -> None:
    connection.close()
    name = connection.settings_dict["NAME"]
    with server() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def server_settings() -> str:
    names = ("shared_buffers", "max_wal_size", "checkpoint_timeout", "synchronous_commit")
    with connection.cursor() as cursor:
        sql = "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s)"
        cursor.execute(sql, [list(names)])
        return ", ".join(f"{name} {value}" for name, value in sorted(cursor.fetchall()))


def checkpoint() -> None:
    """Start the timed run with no dirty pages from setting up left to write."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


class Feeds:
    """The feeds of a benchmark run: written once, deleted at the end unless kept."""

    def __init__(self, folder: Path, *, keep: bool) -> None:
        self.folder = folder
        self.keep = keep
        self.written: list[Path] = []

    def feed(self, count: int, seed: int) -> Path:
        path = self.folder / f"pmportal-ingest-{count}-{seed}.jsonl"
        if not path.exists():
            started = time.perf_counter()
            self.written.append(path)
            write_feed(path, count, seed)
            print(f"wrote {path} ({path.stat().st_size / 1e6:,.0f} MB) "
                  f"in {time.perf_counter() - started:.0f} s")  # fmt: skip
        return path

    def changed(self, path: Path) -> Path:
        changed = path.with_suffix(".changed.jsonl")
        if not changed.exists():
            self.written.append(changed)
            write_changed(path, changed)
        return changed

    def clean(self) -> None:
        for path in self.written:
            if not self.keep:
                path.unlink(missing_ok=True)
            elif path.exists():
                print(f"kept {path}")


def into_copies(feeds: Feeds, *, base: str, count: int, seed: int, runs: int) -> None:
    """``runs`` timed loads of the feed, each into a fresh copy of ``base``."""
    seconds = []
    for run in range(1, runs + 1):
        copy_of(base)
        register_feed(snapshot=False)
        before = JobPosting.objects.count()
        path = feeds.feed(count, seed)
        if run == 1:
            print(f"server: {server_settings()}")
        checkpoint()
        load = os.getloadavg()[0]
        took, summary = timed_ingest(path)
        seconds.append(took)
        show(f"{count:,} postings into {before:,}, run {run}", count, took, summary, load)
        drop_copy()
    median = statistics.median(seconds)
    print(f"median of {runs}: {median:.1f} s, {count / median:,.0f} postings/s")


def into_empty(feeds: Feeds, *, count: int, seed: int) -> None:
    """The feed into an empty board; again unchanged, as a list of changes (each posting's
    ``last_seen_at`` written) and as a snapshot (its closing date and status as well, and
    nothing closed); then with every posting changed."""
    path = feeds.feed(count, seed)
    changed = feeds.changed(path)
    empty_board()
    register_feed(snapshot=True)
    settle()
    load = os.getloadavg()[0]
    show(f"{count:,} postings, first run", count, *timed_ingest(path, "--no-snapshot"), load)
    indexed = JobPosting.objects.filter(search_vector__isnull=False).count()
    print(f"  {indexed:,} postings with a search vector")
    runs = [
        ("re-run, incremental", path, "--no-snapshot"),
        ("re-run, snapshot", path, "--snapshot"),
        ("all changed", changed, "--no-snapshot"),
    ]
    for label, feed, snapshot in runs:
        settle()
        load = os.getloadavg()[0]
        show(f"{count:,} postings, {label}", count, *timed_ingest(feed, snapshot), load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, action="append", help="postings per feed")
    parser.add_argument("--seed", type=int, default=2, help="the feed's generator seed")
    parser.add_argument("--base", help="load into copies of this database (see above)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per count, with --base")
    parser.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()), help="where feeds are written"
    )
    parser.add_argument("--keep-feeds", action="store_true", help="keep the feeds written")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a PostgreSQL benchmark database.")
    if args.base == connection.settings_dict["NAME"]:
        sys.exit("--base must not be the database DATABASE_URL names: that one is dropped.")
    feeds = Feeds(args.dir, keep=args.keep_feeds)
    try:
        for count in args.count or [100_000]:
            if args.base:
                into_copies(feeds, base=args.base, count=count, seed=args.seed, runs=args.runs)
            else:
                into_empty(feeds, count=count, seed=args.seed)
    finally:
        feeds.clean()


def show(label: str, count: int, seconds: float, summary: str, load: float) -> None:
    """A timed run's rate, its counts and how busy the machine was before and after it."""
    print(f"{label}: {seconds:.1f} s, {count / seconds:,.0f} postings/s")
    print(f"  {summary}; load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")


if __name__ == "__main__":
    main()
