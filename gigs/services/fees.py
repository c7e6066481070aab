"""The fee schedule a release uses, and the default one, created the first time it is needed.

Created lazily rather than by a data migration so that a database emptied between tests, or
restored without data, still charges the portal's documented defaults (gigs.fees).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from gigs import fees
from gigs.models import FeeSchedule, FeeTier

# Before any gig existed, so the default is in effect whenever no later schedule is.
DEFAULT_FROM = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ScheduleInEffect:
    schedule: FeeSchedule
    tiers: tuple[fees.Tier, ...]


@transaction.atomic
def fee_schedule_default() -> FeeSchedule:
    schedule, created = FeeSchedule.objects.get_or_create(
        effective_from=DEFAULT_FROM, defaults={"currency": fees.DEFAULT_CURRENCY}
    )
    if created:
        FeeTier.objects.bulk_create(
            FeeTier(schedule=schedule, up_to=tier.up_to, rate=tier.rate)
            for tier in fees.DEFAULT_TIERS
        )
    return schedule


def fee_schedule_current() -> ScheduleInEffect:
    """The newest schedule in effect, the default one when staff have set none yet."""
    in_effect = FeeSchedule.objects.filter(effective_from__lte=timezone.now())
    schedule = in_effect.prefetch_related("tiers").first()
    if schedule is None:
        fee_schedule_default()
        schedule = in_effect.prefetch_related("tiers").get()
    tiers = tuple(fees.Tier(up_to=tier.up_to, rate=tier.rate) for tier in schedule.tiers.all())
    return ScheduleInEffect(schedule=schedule, tiers=tuple(fees.ordered(tiers)))
