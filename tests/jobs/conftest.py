"""Fixtures shared by the job board's tests."""

import pytest


@pytest.fixture
def uncached_board(settings):
    """Build each board page afresh: anonymous board pages may be served from the cache."""
    settings.JOBS_BOARD_CACHE_SECONDS = 0
