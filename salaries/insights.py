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

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Count, Sum

from careers.models import Skill
from jobs.models import JobPosting

from . import aggregation, codes, columns
from .models import DemandPosting, SkillDemand
from .regions import region_of

MONTHS = 12
HALF_YEAR = timedelta(days=182)
MIN_GROWTH_BASE = 10
TOP_SKILLS = 15
INSIGHT_DIMENSIONS = ("industry", "region", "company_size", "remote_policy", "level")
# DemandPosting columns behind each of INSIGHT_DIMENSIONS, in the same order (country
# stands for its region); the insights read their codes (salaries.codes).
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
    starts = [datetime(month.year, month.month, 1, tzinfo=UTC) for month in months]
    recent_from = now - HALF_YEAR
    earlier_from = recent_from - HALF_YEAR
    since = min(starts[0], earlier_from)
    found = _demand(starts, recent_from, earlier_from, since, now)
    month, half = found["month"], found["half"]
    monthly_total = np.bincount(month[month >= 0], minlength=MONTHS).tolist()
    total = sum(monthly_total)
    dimensions = {}
    for dimension, source in zip(INSIGHT_DIMENSIONS, SOURCE_COLUMNS, strict=True):
        present, position = codes.dense(found[source])
        named = np.array([_segment_name(source, code) for code in present.tolist()], dtype=object)
        # Rows renumbered by their segment's name, so that countries of a region merge.
        names, merged = np.unique(named, return_inverse=True)
        segment = merged[position]
        per_month = np.bincount(
            (segment * MONTHS + month)[month >= 0], minlength=len(names) * MONTHS
        ).reshape(-1, MONTHS)
        per_half = np.bincount((segment * 2 + half)[half >= 0], minlength=len(names) * 2).reshape(
            -1, 2
        )
        dimensions[dimension] = _segments(
            dict(zip(names.tolist(), per_month.tolist(), strict=True)),
            dict(zip(names.tolist(), per_half.tolist(), strict=True)),
            total,
        )
    return {
        "computed_at": now.isoformat(),
        "months": [month.isoformat() for month in months],
        "monthly_total": monthly_total,
        "total": total,
        "recent_from": recent_from.isoformat(),
        "earlier_from": earlier_from.isoformat(),
        "dimensions": dimensions,
        "fastest": {dimension: _fastest(dimensions[dimension]) for dimension in dimensions},
        "skills": _top_skills(starts[0], now, total),
    }


def _demand(
    starts: list[datetime],
    recent_from: datetime,
    earlier_from: datetime,
    since: datetime,
    now: datetime,
) -> dict[str, Any]:
    """Postings that went live from ``since`` to ``now``: their month (position among
    ``starts``, -1 before them), half year (1 recent, 0 earlier, -1 before) and segments."""
    names = [("posted_at", "timestamptz")]
    names += [(name, "integer" if name == "country" else "smallint") for name in SOURCE_COLUMNS]
    binary_copy = aggregation.reads_by_copy()
    posted_at = columns.moment_sql("posted_at", binary_copy=binary_copy)
    select = ", ".join([posted_at, *(f"{name}_code" for name in SOURCE_COLUMNS)])
    found = columns.read(
        f"SELECT {select} FROM {DemandPosting._meta.db_table}"  # noqa: S608 - code only
        " WHERE posted_at >= %s AND posted_at <= %s",
        [connection.ops.adapt_datetimefield_value(moment) for moment in (since, now)],
        names,
        binary_copy=binary_copy,
    )
    posted = found.pop("posted_at")
    found["month"] = (
        np.searchsorted([columns.micros(start) for start in starts], posted, "right") - 1
    )
    halves = [columns.micros(earlier_from), columns.micros(recent_from)]
    found["half"] = np.searchsorted(halves, posted, "right") - 1
    return found


def _segment_name(source: str, code: int) -> str:
    """A segment's code as the insights name it (blank from 0; a country's region)."""
    if source == "country":
        return region_of(codes.decode_letters(code, 2))
    return codes.decode_choice(source, code)


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
    """The most asked-for skills of the demand posted from ``since`` (a UTC midnight) to
    ``now``: whole days from the skill demand table, ``now``'s own day up to ``now`` from
    its postings' skills."""
    today = datetime.combine(now.astimezone(UTC).date(), time(), tzinfo=UTC)
    days = SkillDemand.objects.filter(day__gte=since.date(), day__lt=today.date())
    counts = Counter(dict(days.values_list("skill_id").annotate(Sum("postings")).order_by()))
    live = DemandPosting.objects.filter(posted_at__gte=max(since, today), posted_at__lte=now)
    links = JobPosting.skills.through.objects.filter(jobposting_id__in=live.values("posting_id"))
    counts.update(dict(links.values_list("skill_id").annotate(Count("jobposting_id")).order_by()))
    skills = Skill.objects.in_bulk(list(counts))
    # A day's count that fell to zero keeps its row; a deleted skill is not ranked.
    asked = [
        (skill, postings) for skill, postings in counts.items() if postings and skill in skills
    ]
    top = sorted(asked, key=lambda pair: (-pair[1], skills[pair[0]].name))
    return [
        {
            "name": skills[skill_id].name,
            "slug": skills[skill_id].slug,
            "postings": postings,
            "share": round(postings / total, 4) if total else 0.0,
        }
        for skill_id, postings in top[:TOP_SKILLS]
    ]
