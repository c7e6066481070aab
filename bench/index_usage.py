"""Which of the postings table's indexes the board, its API and the jobs services use.

Sends the search benchmark's mix (bench/search.py) to the HTML page and the API once,
EXPLAINs every statement they run, then EXPLAINs the other reads that filter or order
postings (a posting's page, similar postings, a recruiter's list, the sitemap, board
counts, expiry, duplicate detection, ingestion lookups, the admin's lists, the updates a
deleted user or posting sets off), and prints each index of ``jobs_jobposting`` with the
plans that use it. An index no plan names writes on every insert for nobody.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pm_ing_base \\
        .venv/bin/python bench/index_usage.py

Plans come from EXPLAIN without ANALYZE: nothing is changed, and the figures are the
planner's own on the database's current statistics.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search  # noqa: E402


def index_names(plan: object) -> set[str]:
    """Every index an EXPLAIN (FORMAT JSON) plan reads."""
    if isinstance(plan, dict):
        found = {plan["Index Name"]} if "Index Name" in plan else set()
        return found.union(*(index_names(value) for value in plan.values()))
    if isinstance(plan, list):
        return set().union(*(index_names(value) for value in plan))
    return set()


def explained(sql: str) -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        return index_names(cursor.fetchone()[0])


def mix_plans() -> dict[str, set[str]]:
    """Label -> indexes, for each request of the search mix on both pages."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=search.HOST)
    plans: dict[str, set[str]] = {}
    for page in search.PAGES:
        for sample in search.expand(client, page, search.query_mix()):
            with CaptureQueriesContext(connection) as captured:
                client.get(sample.url)
            used = set()
            for query in captured.captured_queries:
                sql = search.DECLARE.sub("", query["sql"])
                if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    used |= explained(sql)
            plans[f"{page} {sample.kind}: {sample.url}"] = used
    return plans


def other_plans() -> dict[str, set[str]]:
    """Label -> indexes, for the reads outside the search mix that touch postings."""
    from django.contrib.admin.sites import site
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from django.test import RequestFactory
    from django.utils import timezone

    from jobs import selectors
    from jobs.models import JobPosting, PostingStatus
    from jobs.sitemaps import PostingSitemap

    posting = JobPosting.objects.on_board().order_by("-posted_at").first()
    if posting is None:
        sys.exit("The database holds no live posting: load one with bench/generate.sh.")
    now = timezone.now()
    user = get_user_model()(pk=1, is_staff=True, is_superuser=True)
    querysets = {
        "posting page": JobPosting.objects.filter(slug=posting.slug),
        "similar postings": JobPosting.objects.on_board()
        .filter(level=posting.level, country=posting.country)
        .exclude(pk=posting.pk)
        .order_by("-posted_at")[:4],
        "recruiter's postings": selectors.recruiter_postings(user),
        "companies with open postings": selectors.companies_with_open_postings()[:50],
        "sitemap page": PostingSitemap().items()[:10_000],
        # jobs.facets' count of live postings per country and currency.
        "board counts": JobPosting.objects.on_board()
        .order_by()
        .values("country", "salary_currency")
        .annotate(
            postings=Count("pk"), paid=Count("pk", filter=Q(salary_max_annual__isnull=False))
        ),
        "expiry": JobPosting.objects.filter(status=PostingStatus.PUBLISHED, valid_through__lte=now),
        "expiry warning": JobPosting.objects.filter(
            status=PostingStatus.PUBLISHED,
            expiry_warned_at__isnull=True,
            valid_through__gt=now,
            valid_through__lte=now + timedelta(days=7),
        ),
        "duplicate candidates": JobPosting.objects.filter(
            dedupe_key__in=[posting.dedupe_key], duplicate_of__isnull=True
        ).order_by("created_at", "pk"),
        "ingestion lookup": JobPosting.objects.filter(
            source=posting.source, external_id__in=[posting.external_id]
        ),
        "deleted user": JobPosting.objects.filter(created_by_id__in=[1]),
        "deleted posting": JobPosting.objects.filter(duplicate_of_id__in=[posting.pk]),
        "company postings": JobPosting.objects.filter(company_id=posting.company_id),
    }
    admin = site._registry[JobPosting]
    for status in (None, *PostingStatus.values):
        params = {"status__exact": status} if status else {}
        request = RequestFactory().get(f"/admin/jobs/jobposting/?{urlencode(params)}")
        request.user = user
        changelist = admin.get_changelist_instance(request)
        label = f"admin list, status {status or 'any'}"
        querysets[label] = changelist.get_queryset(request)[:100]
    querysets["admin search"] = (
        admin.get_search_results(None, JobPosting.objects.all(), "kiteforge")[0]
        .filter(Q(status=PostingStatus.PUBLISHED))
        .order_by("-posted_at", "-id")[:100]
    )
    plans = {}
    for label, queryset in querysets.items():
        if hasattr(queryset, "explain"):
            plans[label] = index_names(json.loads(queryset.explain(format="json")))
    return plans


def main() -> None:
    search.configure()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index "
            "WHERE indrelid = 'jobs_jobposting'::regclass ORDER BY 1"
        )
        indexes = [name for (name,) in cursor.fetchall()]
    plans = {**mix_plans(), **other_plans()}
    users: dict[str, list[str]] = defaultdict(list)
    for label, used in plans.items():
        for name in used:
            users[name].append(label)
    print(f"{len(plans)} plans")
    for name in indexes:
        labels = users.get(name, [])
        print(f"{name}: {len(labels)} plans")
        for label in sorted({label.split(": ")[0] for label in labels}):
            print(f"    {label}")


if __name__ == "__main__":
    main()
