"""Salary background work: the hourly benchmark refresh."""

from celery import shared_task

from salaries import services


@shared_task
def refresh_salary_benchmarks() -> int:
    """Rebuild the benchmark table; return its cell count. Safe to run twice: runs queue."""
    return services.benchmarks_refresh().cells
