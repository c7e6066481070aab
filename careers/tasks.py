"""Careers background work: keeping skill demand in step with the job board."""

from celery import shared_task

from careers import services


@shared_task
def refresh_skill_demand() -> int:
    """Recount skill demand from live postings; return how many postings it covered."""
    return services.skill_demand_refresh().sample_size
