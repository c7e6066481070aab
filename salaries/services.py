"""Writes of the salaries app: the benchmark refresh."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import aggregation, insights, rates
from .models import BenchmarkRefresh

# Refresh records kept as history (a week of hourly refreshes); older ones are deleted.
REFRESH_HISTORY = 168


def benchmarks_refresh(
    *, now: datetime | None = None, rebuild_observations: bool = False
) -> BenchmarkRefresh:
    """Rebuild the benchmark cells, market insights and freelance rate cells, all or nothing.

    The cells are replaced in one transaction: readers keep seeing the previous table until
    it commits, and a refresh that dies midway leaves that table as it was. A second
    refresh waits for the first (aggregation.exclusive_refresh) instead of interleaving.
    ``rebuild_observations`` re-derives the observation and demand tables from the postings
    first, as every refresh does where no database trigger maintains them.
    """
    started = time.monotonic()
    outermost = not transaction.get_connection().in_atomic_block
    with aggregation.exclusive_refresh():
        if rebuild_observations or not aggregation.observations_follow_postings():
            with transaction.atomic():
                aggregation.rebuild_tables()
        with transaction.atomic():
            aggregation.begin_refresh(outermost=outermost)
            now = now or timezone.now()
            window = settings.SALARY_WINDOW_DAYS
            cells = aggregation.compute(cutoff=now - timedelta(days=window))
            refresh = BenchmarkRefresh.objects.create(
                refreshed_at=now,
                window_days=window,
                observations=cells.observations,
                cells=len(cells),
                published_cells=cells.published,
                insights=insights.compute(now=now),
            )
            aggregation.write_cells(refresh, cells)
            # Freelance rates from the marketplace, replaced in the same transaction.
            rates.refresh_cells(refresh)
            stale = BenchmarkRefresh.objects.values_list("pk", flat=True)[REFRESH_HISTORY:]
            BenchmarkRefresh.objects.filter(pk__in=list(stale)).delete()
            refresh.duration_ms = round((time.monotonic() - started) * 1000)
            refresh.save(update_fields=["duration_ms"])
    return refresh
