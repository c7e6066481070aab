"""Fee schedules: the one a release uses, the default, and staff's versions of them.

The default is created lazily rather than by a data migration so that a database emptied
between tests, or restored without data, still charges the portal's documented defaults
(gigs.fees). A schedule a ledger transaction records is history: it and its tiers are never
changed or deleted, and no schedule starts in the past, so which one was in force at any
moment stays what the ledger says. Staff make a new version from a later date instead.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.money import format_money
from gigs import fees, selectors
from gigs.models import FeeSchedule, FeeTier
from gigs.services.ledger import require_staff

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


class ScheduleFrozen(ValidationError):
    """The schedule is in force or recorded on a transaction, or would start in the past."""


FROZEN_MESSAGE = (
    "This fee schedule is in force or was used for payments, so it and its tiers cannot "
    "change. Add a new version that starts later instead."
)


def _lock_unused(schedule_id: int) -> FeeSchedule:
    """The schedule, locked against concurrent edits; refused once it is in force.

    Releases read the schedule in force without locking it, so one that could still change
    while in force could change under a release that is recording it.
    """
    schedule = FeeSchedule.objects.select_for_update().get(pk=schedule_id)
    if selectors.fee_schedule_frozen(schedule=schedule):
        raise ScheduleFrozen(FROZEN_MESSAGE, code="frozen")
    return schedule


def fee_schedule_check(*, schedule_id: int | None, effective_from: datetime | None) -> None:
    """Refuse changing a used schedule, or a start in the past, as a form shows errors."""
    moved = True
    if schedule_id is not None:
        moved = _lock_unused(schedule_id).effective_from != effective_from
    if moved and effective_from is not None and effective_from < timezone.now():
        raise ScheduleFrozen(
            {
                "effective_from": [
                    "A schedule cannot start in the past: that would change which fees were "
                    "in force. Pick a date and time from now on."
                ]
            },
            code="past",
        )


@transaction.atomic
def fee_schedule_save(*, actor: User, schedule: FeeSchedule) -> FeeSchedule:
    """Create a schedule, or change one no transaction records yet."""
    require_staff(actor)
    fee_schedule_check(schedule_id=schedule.pk, effective_from=schedule.effective_from)
    schedule.currency = (schedule.currency or "").upper()
    schedule.full_clean()
    schedule.save()
    return schedule


@transaction.atomic
def fee_tiers_set(*, actor: User, schedule_id: int, tiers: Sequence[fees.Tier]) -> None:
    """Replace the tiers of a schedule no transaction records yet."""
    require_staff(actor)
    schedule = _lock_unused(schedule_id)
    try:
        ordered = fees.ordered(tiers)
    except ValueError as error:
        raise ValidationError(str(error), code="tiers") from error
    bounds = [tier.up_to for tier in ordered if tier.up_to is not None]
    if len(bounds) != len(set(bounds)):
        raise ValidationError("Two tiers have the same upper bound.", code="tiers")
    rows = [FeeTier(schedule=schedule, up_to=tier.up_to, rate=tier.rate) for tier in ordered]
    for row in rows:
        row.full_clean(exclude=["schedule"], validate_unique=False, validate_constraints=False)
    schedule.tiers.all().delete()
    FeeTier.objects.bulk_create(rows)


@transaction.atomic
def fee_schedule_delete(*, actor: User, schedule_id: int) -> None:
    require_staff(actor)
    _lock_unused(schedule_id).delete()


@transaction.atomic
def fee_schedule_copy(*, actor: User, schedule_id: int, effective_from: datetime) -> FeeSchedule:
    """A new version of a schedule, its tiers and rates copied, in force from a later date."""
    source = FeeSchedule.objects.prefetch_related("tiers").get(pk=schedule_id)
    copy = FeeSchedule(
        effective_from=effective_from,
        currency=source.currency,
        conversion_fee_percent=source.conversion_fee_percent,
    )
    fee_schedule_save(actor=actor, schedule=copy)
    tiers = [fees.Tier(up_to=tier.up_to, rate=tier.rate) for tier in source.tiers.all()]
    fee_tiers_set(actor=actor, schedule_id=copy.pk, tiers=tiers)
    return copy


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
