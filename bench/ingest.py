"""Ingestion throughput: JSON-lines feeds of realistic postings into PostgreSQL, end to end.

    createdb -h 127.0.0.1 -U postgres pmportal_ing_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pmportal_ing_bench
    DJANGO_DEBUG=1 .venv/bin/python manage.py migrate
    .venv/bin/python bench/ingest.py --count 100000 --count 1000000

For each count: write a JSONL feed of schema.org JobPostings (HTML descriptions, each
one different, salaries and places from jobs.generator), empty the database's postings
and companies, then time ``ingest_postings`` on the file from start to finish: parsing,
validation, companies, duplicate detection, COPY, the search-vector trigger and the
commits. A second run of the same file (everything unchanged) and a third of the feed
with every description reworded (everything updated) are timed too. The database
named by DATABASE_URL is emptied: point it only at a benchmark database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from functools import cache
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmportal.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-" + "x" * 40)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from careers.demo import seed_skills  # noqa: E402
from core.markdown import render_markdown  # noqa: E402
from jobs.generator import company_pool, posting_rows  # noqa: E402
from jobs.models import Company, JobPosting  # noqa: E402

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
        cursor.execute("TRUNCATE jobs_jobposting, jobs_company RESTART IDENTITY CASCADE")


def timed_ingest(path: Path) -> tuple[float, str]:
    out = StringIO()
    started = time.perf_counter()
    call_command("ingest_postings", str(path), "--format", "jsonl", "--source", SOURCE, stdout=out)
    return time.perf_counter() - started, out.getvalue().splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, action="append", help="postings per feed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()), help="where feeds are written"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a PostgreSQL benchmark database.")
    for count in args.count or [100_000]:
        path = args.dir / f"pmportal-ingest-{count}-{args.seed}.jsonl"
        if not path.exists():
            started = time.perf_counter()
            write_feed(path, count, args.seed)
            print(f"wrote {path} ({path.stat().st_size / 1e6:,.0f} MB) "
                  f"in {time.perf_counter() - started:.0f} s")  # fmt: skip
        empty_board()
        seconds, summary = timed_ingest(path)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE jobs_jobposting")
        indexed = JobPosting.objects.filter(search_vector__isnull=False).count()
        show(f"{count:,} postings, first run", count, seconds, summary)
        print(f"  {indexed:,} postings with a search vector")
        show(f"{count:,} postings, re-run", count, *timed_ingest(path))
        changed = path.with_suffix(".changed.jsonl")
        if not changed.exists():
            write_changed(path, changed)
        show(f"{count:,} postings, all changed", count, *timed_ingest(changed))


def show(label: str, count: int, seconds: float, summary: str) -> None:
    """A timed run's rate, its counts and how busy the machine was as it ended."""
    print(f"{label}: {seconds:.1f} s, {count / seconds:,.0f} postings/s")
    print(f"  {summary}; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
