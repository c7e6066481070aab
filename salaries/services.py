"""Writes of the salaries app: the benchmark refresh."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import aggregation, insights
from .models import BenchmarkCell, BenchmarkRefresh

# Refresh records kept as history (a week of hourly refreshes); older ones are deleted.
REFRESH_HISTORY = 168


@transaction.atomic
def benchmarks_refresh(*, now: datetime | None = None) -> BenchmarkRefresh:
    """Rebuild observations, cells and market insights from the postings, all or nothing.

    Everything happens in one transaction: readers keep seeing the previous table until
    it commits, a refresh that dies midway leaves that table as it was, and a second
    refresh waits for the first (aggregation.lock_refresh) instead of interleaving.
    """
    started = time.monotonic()
    aggregation.lock_refresh()
    now = now or timezone.now()
    window = settings.SALARY_WINDOW_DAYS
    observations = aggregation.rebuild_observations(cutoff=now - timedelta(days=window))
    refresh = BenchmarkRefresh.objects.create(
        refreshed_at=now, window_days=window, observations=observations
    )
    BenchmarkCell.objects.all().delete()
    refresh.cells, refresh.published_cells = aggregation.build_cells(refresh=refresh)
    refresh.insights = insights.compute(now=now)
    refresh.duration_ms = round((time.monotonic() - started) * 1000)
    refresh.save()
    stale = BenchmarkRefresh.objects.values_list("pk", flat=True)[REFRESH_HISTORY:]
    BenchmarkRefresh.objects.filter(pk__in=list(stale)).delete()
    return refresh
