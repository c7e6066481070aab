"""Hourly contracts: escrow top-ups, weekly hour logs, and paying them from escrow.

The client tops up the contract's escrow (subjects ``hourly:<contract>:topup:<token>``); the
freelancer submits a week's hours; approving the log releases its amount from what escrow
holds for the contract to the freelancer less the platform fee, once (subject
``hourly:<contract>:log:<log>``). Each action locks the contract (and the log) first and
tells the side acting next by e-mail once the change commits. Rules: gigs.hours.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.money import format_money
from core.validators import validate_single_line
from gigs import domain, hours, payments, selectors
from gigs.domain import BudgetType
from gigs.errors import InsufficientFunds
from gigs.hours import HourLogStatus
from gigs.models import Contract, FundingRequest, HourLog
from gigs.payments import funding_request_create
from gigs.services import escrow, ledger
from gigs.services.acting import (
    SIDES,
    TransitionError,
    lock_contract,
    notify,
    replayed,
    require_active,
    require_client,
    require_freelancer,
)

logger = logging.getLogger(__name__)

# Logs approved automatically per task run; the rest wait for the next run.
AUTO_APPROVE_BATCH = 200


@dataclass(frozen=True)
class TopUp:
    """What a top-up did: moved the client's funds into escrow, or asked for a transfer."""

    contract: Contract
    request: FundingRequest | None  # set while the client's funds fall short


def _lock_contract(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("client", "freelancer", "gig", "order")
        .get(pk=contract.pk)
    )


def _require_hourly(contract: Contract) -> None:
    if not contract.is_hourly:
        raise TransitionError("Only hourly contracts are paid through hour logs.")


def _lock_log(log: HourLog, user: User, *, side: str) -> HourLog:
    """Lock the log's contract, then the log, and check ``side`` may act on it."""
    lock_contract(log.contract_id)
    log = (
        HourLog.objects.select_for_update(of=("self",))
        .select_related("contract", "contract__client", "contract__freelancer", "contract__gig")
        .get(pk=log.pk)
    )
    SIDES[side](log.contract, user)
    return log


def _move(log: HourLog, action: str) -> None:
    target = hours.hourlog_target(log.status, action)
    if target is None:
        raise TransitionError(
            f"A log that is {log.get_status_display().lower()} cannot be {action}."
        )
    log.status = target


def _release_arguments(log: HourLog) -> dict[str, object]:
    contract = log.contract
    return {
        "client": contract.client_id,
        "freelancer": contract.freelancer_id,
        "subject": log.subject,
        "amount": log.amount,
        "currency": contract.currency,
        "pool": contract.pool_prefix,
    }


# --- Escrow top-ups ------------------------------------------------------------------------


@transaction.atomic
def hourly_fund(
    *, contract: Contract, user: User, amount: int, idempotency_key: str | None = None
) -> TopUp:
    """The client adds ``amount`` to the contract's escrow from their funds.

    When the funds fall short nothing moves: the answer carries a funding request to pay by
    bank transfer, and staff recording it top the escrow up (topup_record).
    """
    contract = _lock_contract(contract)
    require_client(contract, user)
    # A key names its top-up, so a replay finds the same subject; without one, a new one.
    token = hashlib.sha256(idempotency_key.encode()).hexdigest() if idempotency_key else None
    subject = hours.topup_subject(contract.pk, (token or uuid4().hex)[:20])
    arguments = {
        "client": contract.client_id,
        "subject": subject,
        "amount": amount,
        "currency": contract.currency,
    }
    if replayed(user=user, key=idempotency_key, action="fund", arguments=arguments):
        return TopUp(contract=contract, request=None)
    require_active(contract)
    _require_hourly(contract)
    amount = ledger.require_amount(amount)
    if message := domain.amount_error(
        amount, currency=contract.currency, budget_type=BudgetType.FIXED, what="A top-up"
    ):
        raise ValidationError({"amount": message})
    held = selectors.balances(owner=contract.client).get(("client_funds", contract.currency), 0)
    if held < amount:
        request = FundingRequest.objects.filter(
            subject=subject, funded_by__isnull=True
        ).first() or funding_request_create(
            client=contract.client, subject=subject, amount=amount, currency=contract.currency
        )
        return TopUp(contract=contract, request=request)
    ledger.escrow_fund(
        actor=user,
        client=contract.client,
        subject=subject,
        amount=amount,
        currency=contract.currency,
        idempotency_key=idempotency_key,
    )
    return TopUp(contract=contract, request=None)


def is_topup(funding: FundingRequest) -> bool:
    return hours.contract_of(funding.subject) is not None


@transaction.atomic
def topup_record(
    *, actor: User, funding: FundingRequest, amount: int, currency: str, idempotency_key: str
) -> Contract | None:
    """Staff record the transfer for a top-up: the contract, once its escrow is topped up.

    Money for a contract that has ended since stays in the client's funds.
    """
    ledger.require_staff(actor)
    contract_id = hours.contract_of(funding.subject)
    contract = (
        Contract.objects.select_for_update().filter(pk=contract_id).first()
        if contract_id is not None
        else None
    )
    received = payments.funding_received(
        actor=actor,
        funding=funding,
        amount=amount,
        currency=currency,
        idempotency_key=idempotency_key,
        fundable=contract is not None and contract.status == domain.ContractStatus.ACTIVE,
    )
    return contract if received.funding is not None else None


@transaction.atomic
def weekly_limit_set(*, contract: Contract, user: User, minutes: int | None) -> Contract:
    """The client caps the hours a week's log may hold, or lifts the cap (None)."""
    contract = _lock_contract(contract)
    require_client(contract, user)
    require_active(contract)
    _require_hourly(contract)
    if minutes is not None and (message := hours.minutes_error(minutes)):
        raise ValidationError({"weekly_limit": message})
    contract.weekly_limit_minutes = minutes
    contract.save(update_fields=["weekly_limit_minutes", "updated_at"])
    return contract


# --- Hour logs -----------------------------------------------------------------------------


def _clean_log(
    contract: Contract, *, week: date, minutes: int, description: str
) -> tuple[date, int, str, int]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if message := hours.week_error(week, today=today, started=contract.created_at.date()):
        errors["week"] = message
    if type(minutes) is not int:
        errors["minutes"] = "Give the time as a whole number of minutes."
    elif message := hours.minutes_error(minutes, limit=contract.weekly_limit_minutes):
        errors["minutes"] = message
    description = description.strip() if isinstance(description, str) else ""
    if not description:
        errors["description"] = "Say what the hours went on."
    elif len(description) > hours.DESCRIPTION_LENGTH:
        errors["description"] = f"Keep it to {hours.DESCRIPTION_LENGTH} characters."
    else:
        try:
            validate_single_line(description)
        except ValidationError as error:
            errors["description"] = " ".join(error.messages)
    amount = hours.hourlog_amount(minutes, contract.price) if "minutes" not in errors else 0
    if "minutes" not in errors and amount < 1:
        errors["minutes"] = "That is too little time to bill at this rate."
    if errors:
        raise ValidationError(errors)
    return week, minutes, description, amount


@transaction.atomic
def hourlog_submit(
    *, contract: Contract, user: User, week: date, minutes: int, description: str
) -> HourLog:
    """The freelancer logs a week's hours, or corrects the week's log until the client
    approves it; the amount is set now from the contract's hourly rate."""
    contract = _lock_contract(contract)
    require_freelancer(contract, user)
    require_active(contract)
    _require_hourly(contract)
    week, minutes, description, amount = _clean_log(
        contract, week=week, minutes=minutes, description=description
    )
    log = HourLog.objects.select_for_update().filter(contract=contract, week=week).first()
    if log is None:
        log = HourLog(contract=contract, week=week)
    else:
        _move(log, "edited")
    log.contract = contract
    log.status = HourLogStatus.SUBMITTED
    log.minutes, log.description, log.amount = minutes, description, amount
    log.reason, log.submitted_at, log.decided_at = "", timezone.now(), None
    log.save()
    notify(contract, "hours_submitted", contract.client_id, hour_log_id=log.pk)
    return log


@transaction.atomic
def hourlog_approve(
    *,
    log: HourLog,
    user: User,
    idempotency_key: str | None = None,
    automatically: bool = False,
) -> HourLog:
    """The client approves a submitted week: escrow pays the freelancer, less the fee.

    Refused, with how much to add, when escrow holds less than the log's amount.
    """
    log = _lock_log(log, user, side="client")
    contract = log.contract
    if replayed(
        user=user, key=idempotency_key, action="release", arguments=_release_arguments(log)
    ):
        return log
    require_active(contract)
    if hours.hourlog_target(log.status, "approved") is None:
        _move(log, "approved")  # raises the transition error
    held = selectors.escrow_pool_held(
        client=contract.client, prefix=contract.pool_prefix, currency=contract.currency
    )
    if held < log.amount:
        raise InsufficientFunds(
            f"Escrow holds {format_money(held, contract.currency)} for this contract: add "
            f"{format_money(log.amount - held, contract.currency)} to approve this "
            f"week's {log.amount_label}.",
            code="insufficient",
        )
    escrow.escrow_release(
        actor=user,
        client=contract.client,
        freelancer=contract.freelancer,
        subject=log.subject,
        amount=log.amount,
        currency=contract.currency,
        idempotency_key=idempotency_key,
        pool=contract.pool_prefix,
    )
    _move(log, "approved")
    log.decided_at, log.approved_automatically = timezone.now(), automatically
    log.save(update_fields=["status", "decided_at", "approved_automatically", "updated_at"])
    notify(contract, "hours_approved", contract.freelancer_id, hour_log_id=log.pk)
    if automatically:  # money moved on the client's behalf: say so
        notify(contract, "hours_auto_approved", contract.client_id, hour_log_id=log.pk)
    return log


@transaction.atomic
def hourlog_reject(*, log: HourLog, user: User, reason: str) -> HourLog:
    """The client turns a submitted week down with a reason; the freelancer may correct it."""
    log = _lock_log(log, user, side="client")
    require_active(log.contract)
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValidationError({"reason": "Tell the freelancer why."})
    if len(reason) > hours.REASON_LENGTH:
        raise ValidationError({"reason": f"Keep it to {hours.REASON_LENGTH} characters."})
    validate_single_line(reason)
    _move(log, "rejected")
    log.reason, log.decided_at = reason, timezone.now()
    log.save(update_fields=["status", "reason", "decided_at", "updated_at"])
    notify(log.contract, "hours_rejected", log.contract.freelancer_id, hour_log_id=log.pk)
    return log


@transaction.atomic
def hourlog_dispute(*, log: HourLog, user: User) -> HourLog:
    """The freelancer disputes a rejection instead of correcting the log; staff settle it."""
    log = _lock_log(log, user, side="freelancer")
    require_active(log.contract)
    _move(log, "disputed")
    log.save(update_fields=["status", "updated_at"])
    notify(log.contract, "hours_disputed", log.contract.client_id, hour_log_id=log.pk)
    return log


@transaction.atomic
def hourlog_resolve(
    *, log: HourLog, actor: User, release_amount: int, idempotency_key: str | None = None
) -> HourLog:
    """Staff settle a disputed week: pay all, part or none of it from the contract's escrow."""
    ledger.require_staff(actor)
    log = _lock_log(log, actor, side="staff")
    contract = log.contract
    if hours.hourlog_target(log.status, "resolved") is None:
        _move(log, "resolved")  # raises the transition error
    release = ledger.require_amount(release_amount, name="paid amount", allow_zero=True)
    if release > log.amount:
        raise ValidationError(f"Pay at most the log's {log.amount_label}.")
    if release:
        escrow.dispute_resolve(
            actor=actor,
            client=contract.client,
            freelancer=contract.freelancer,
            subject=log.subject,
            release_amount=release,
            refund_amount=0,
            currency=contract.currency,
            idempotency_key=idempotency_key,
            pool=contract.pool_prefix,
        )
    _move(log, "resolved")
    log.decided_at = timezone.now()
    log.save(update_fields=["status", "decided_at", "updated_at"])
    for recipient in (contract.client_id, contract.freelancer_id):
        notify(contract, "hours_resolved", recipient, hour_log_id=log.pk)
    return log


def hourlogs_auto_approve(*, now: datetime | None = None) -> int:
    """Approve submitted logs the client left alone for a week, where escrow covers them.

    Each log is approved in its own transaction under its locks, so a second run (or the
    client approving meanwhile) finds it approved and leaves it; returns how many it approved.
    """
    due = (now or timezone.now()) - hours.AUTO_APPROVE_AFTER
    logs = (
        HourLog.objects.filter(
            status=HourLogStatus.SUBMITTED,
            submitted_at__lte=due,
            contract__status=domain.ContractStatus.ACTIVE,
        )
        .select_related("contract__client")
        .order_by("submitted_at", "id")[:AUTO_APPROVE_BATCH]
    )
    approved = 0
    for log in logs:
        try:
            with transaction.atomic():
                # Edited or decided since the list was read: not due, or not waiting.
                lock_contract(log.contract_id)
                still_due = HourLog.objects.select_for_update().filter(
                    pk=log.pk, status=HourLogStatus.SUBMITTED, submitted_at__lte=due
                )
                if not still_due:
                    continue
                hourlog_approve(log=log, user=log.contract.client, automatically=True)
        except ValidationError as error:
            # Too little in escrow, or settled meanwhile: the client still decides.
            logger.info("Hour log %s not approved automatically: %s", log.pk, error.messages)
        else:
            approved += 1
    return approved
