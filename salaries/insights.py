"""Market insights: demand for PM roles from the portal's own postings, computed by each refresh.

Demand counts postings that went live (``JobPosting.objects.went_live()``: published, and
later expired, filled or archived ones, never drafts, rejected postings or detected
duplicates), by the month they were posted. Segments: industry, region and company size
follow the market report's axes (salaries.editorial.MARKET_REPORT); remote policy and level
are the portal's own. Growth compares the latest 182 days with
the 182 days before them, and is only given for segments with at least
``MIN_GROWTH_BASE`` postings in the earlier half, so a segment that went from one posting
to three does not top the ranking.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import Case, Count, IntegerField, Value, When
from django.db.models.functions import TruncMonth

from jobs.models import JobPosting

from .models import DemandPosting
from .regions import region_of

MONTHS = 12
HALF_YEAR = timedelta(days=182)
MIN_GROWTH_BASE = 10
TOP_SKILLS = 15
INSIGHT_DIMENSIONS = ("industry", "region", "company_size", "remote_policy", "level")
# DemandPosting columns behind each of INSIGHT_DIMENSIONS, in the same order (country
# stands for its region).
SOURCE_COLUMNS = ("industry", "country", "company_size", "remote_policy", "level")


def month_starts(now: datetime) -> list[date]:
    """The first days of the last ``MONTHS`` calendar months, oldest first, ending with now's."""
    year, month = now.year, now.month
    starts = []
    for _ in range(MONTHS):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def compute(*, now: datetime) -> dict[str, Any]:
    """The insights as plain JSON data: monthly counts, shares, growth and top skills."""
    months = month_starts(now)
    series_start = datetime(months[0].year, months[0].month, 1, tzinfo=UTC)
    recent_from = now - HALF_YEAR
    earlier_from = recent_from - HALF_YEAR
    since = min(series_start, earlier_from)
    rows = (
        DemandPosting.objects.filter(posted_at__gte=since, posted_at__lte=now)
        .annotate(
            month=TruncMonth("posted_at", tzinfo=UTC),
            half=Case(
                When(posted_at__gte=recent_from, then=Value(1)),
                When(posted_at__gte=earlier_from, then=Value(0)),
                default=Value(-1),
                output_field=IntegerField(),
            ),
        )
        .values_list("month", "half", *SOURCE_COLUMNS)
        .annotate(postings=Count("posting_id"))
        .order_by()
    )
    index = {month: n for n, month in enumerate(months)}
    monthly: dict[str, dict[str, list[int]]] = {
        dimension: defaultdict(lambda: [0] * MONTHS) for dimension in INSIGHT_DIMENSIONS
    }
    halves: dict[str, dict[str, list[int]]] = {
        dimension: defaultdict(lambda: [0, 0]) for dimension in INSIGHT_DIMENSIONS
    }
    monthly_total = [0] * MONTHS
    regions: dict[str, str] = {}
    for month, half, industry, country, size, remote, level, postings in rows:
        region = regions.get(country) or regions.setdefault(country, region_of(country))
        segments = zip(INSIGHT_DIMENSIONS, (industry, region, size, remote, level), strict=True)
        position = index.get(month.date())
        if position is not None:
            monthly_total[position] += postings
        for dimension, segment in segments:
            if position is not None:
                monthly[dimension][segment][position] += postings
            if half >= 0:
                halves[dimension][segment][half] += postings
    total = sum(monthly_total)
    dimensions = {
        dimension: _segments(monthly[dimension], halves[dimension], total)
        for dimension in INSIGHT_DIMENSIONS
    }
    return {
        "computed_at": now.isoformat(),
        "months": [month.isoformat() for month in months],
        "monthly_total": monthly_total,
        "total": total,
        "recent_from": recent_from.isoformat(),
        "earlier_from": earlier_from.isoformat(),
        "dimensions": dimensions,
        "fastest": {dimension: _fastest(dimensions[dimension]) for dimension in dimensions},
        "skills": _top_skills(series_start, now, total),
    }


def _segments(
    monthly: dict[str, list[int]], halves: dict[str, list[int]], total: int
) -> list[dict[str, Any]]:
    segments: list[dict[str, Any]] = []
    for code in set(monthly) | set(halves):
        counts = monthly.get(code, [0] * MONTHS)
        earlier, recent = halves.get(code, [0, 0])
        segment_total = sum(counts)
        segments.append(
            {
                "code": code,
                "monthly": counts,
                "total": segment_total,
                "share": round(segment_total / total, 4) if total else 0.0,
                "earlier": earlier,
                "recent": recent,
                "growth": round(recent / earlier - 1, 4) if earlier >= MIN_GROWTH_BASE else None,
            }
        )
    segments.sort(key=lambda segment: (-segment["total"], segment["code"]))
    return segments


def _fastest(segments: list[dict[str, Any]]) -> dict[str, Any] | None:
    ranked = [segment for segment in segments if segment["growth"] is not None]
    if not ranked:
        return None
    best = max(ranked, key=lambda segment: (segment["growth"], segment["recent"]))
    return {"code": best["code"], "growth": best["growth"]}


def _top_skills(since: datetime, now: datetime, total: int) -> list[dict[str, Any]]:
    live = DemandPosting.objects.filter(posted_at__gte=since, posted_at__lte=now)
    links = JobPosting.skills.through.objects.filter(jobposting_id__in=live.values("posting_id"))
    top = (
        links.values("skill__name", "skill__slug")
        .annotate(postings=Count("jobposting_id"))
        .order_by("-postings", "skill__name")[:TOP_SKILLS]
    )
    return [
        {
            "name": row["skill__name"],
            "slug": row["skill__slug"],
            "postings": row["postings"],
            "share": round(row["postings"] / total, 4) if total else 0.0,
        }
        for row in top
    ]
