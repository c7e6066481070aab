"""The fee schedule a release uses, and the default one, created the first time it is needed.

Created lazily rather than by a data migration so that a database emptied between tests, or
restored without data, still charges the portal's documented defaults (gigs.fees).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.money import format_money
from gigs import fees, selectors
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


@dataclass(frozen=True)
class FeePreview:
    """What a freelancer would pay and keep on ``amount`` billed to one client, if known.

    ``fee`` is None when the amount's currency needs a rate to the schedule's that staff
    have not entered; ``tiers`` explains the schedule in one line either way.
    """

    amount: int | None
    currency: str
    fee: int | None
    billed_before: int
    schedule_currency: str
    tiers: str

    @property
    def receive(self) -> int | None:
        if self.amount is None or self.fee is None:
            return None
        return self.amount - self.fee

    @property
    def amount_label(self) -> str:
        return "" if self.amount is None else format_money(self.amount, self.currency)

    @property
    def fee_label(self) -> str:
        return "" if self.fee is None else format_money(self.fee, self.currency)

    @property
    def receive_label(self) -> str:
        receive = self.receive
        return "" if receive is None else format_money(receive, self.currency)

    @property
    def billed_before_label(self) -> str:
        return format_money(self.billed_before, self.schedule_currency)


def tiers_summary(current: ScheduleInEffect) -> str:
    """'20% up to GBP 500, 7.5% up to GBP 5,000, 3.5% above', from the schedule's tiers."""
    currency = current.schedule.currency
    parts = [
        f"{tier.rate.normalize():f}% "
        + ("above" if tier.up_to is None else f"up to {format_money(tier.up_to, currency)}")
        for tier in current.tiers
    ]
    return ", ".join(parts)


def fee_preview(*, client: User, freelancer: User, amount: int | None, currency: str) -> FeePreview:
    """The fee a release of ``amount`` from ``client`` to ``freelancer`` would cost today.

    Marginal on what the freelancer already billed this client, as gigs.services.escrow
    charges it; ``amount`` None previews the schedule alone.
    """
    current = fee_schedule_current()
    schedule = current.schedule
    billed_before = selectors.billed_between(client=client, freelancer=freelancer)
    fee = None
    if amount is not None:
        rate = None
        if currency != schedule.currency:
            rate = selectors.fx_rate(
                source=currency, target=schedule.currency, day=timezone.localdate()
            )
        if currency == schedule.currency or rate is not None:
            fee = fees.release_fee(
                current.tiers,
                billed_before=billed_before,
                amount=amount,
                currency=currency,
                schedule_currency=schedule.currency,
                rate=rate,
                conversion_percent=schedule.conversion_fee_percent,
            ).fee
    return FeePreview(
        amount=amount,
        currency=currency,
        fee=fee,
        billed_before=billed_before,
        schedule_currency=schedule.currency,
        tiers=tiers_summary(current),
    )
