"""PostgreSQL only: readers see the old freelance rate table or the new one, never a mix."""

import threading

import pytest
from django.db import connection

from salaries import rates
from salaries.models import FreelanceRateCell
from salaries.services import benchmarks_refresh

from .rate_data import HOURLY_DISCOVERY, accepted

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections"),
    pytest.mark.django_db(transaction=True),
]

WAIT = 20


def counts_on_another_connection() -> tuple[int, list[int]]:
    """(rate cells, n of each all-categories all-skills cell) as a page would read them."""
    result = {}

    def read():
        try:
            cells = FreelanceRateCell.objects.filter(category="", skill__isnull=True)
            result["seen"] = (FreelanceRateCell.objects.count(), sorted(c.n for c in cells))
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(WAIT)
    return result["seen"]


def test_readers_see_the_old_rates_until_the_refresh_commits(monkeypatch):
    """A refresh paused after writing its rate cells, uncommitted: others read the old ones."""
    for price in (6_000, 7_000, 8_000, 9_000, 10_000):
        accepted(price, **HOURLY_DISCOVERY)
    benchmarks_refresh()
    accepted(11_000, **HOURLY_DISCOVERY)
    accepted(300_000, budget_type="fixed")
    written, resume = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    real = rates.refresh_cells

    def write_then_wait(refresh):
        count = real(refresh)
        written.set()
        assert resume.wait(WAIT)
        return count

    monkeypatch.setattr(rates, "refresh_cells", write_then_wait)

    def run():
        try:
            benchmarks_refresh()
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            errors.append(error)
        finally:
            connection.close()

    refresher = threading.Thread(target=run)
    refresher.start()
    assert written.wait(WAIT)
    assert counts_on_another_connection() == (2, [5])
    resume.set()
    refresher.join(WAIT)
    assert not errors
    assert counts_on_another_connection() == (4, [1, 6])
