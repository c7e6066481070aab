"""Reads for hourly contracts' pages and API (escrow held, the weekly logs with their fees)
and for the page that confirms ending a contract."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import User
from core.money import format_money
from gigs import permissions
from gigs.domain import OPEN_MILESTONES, MilestoneStatus
from gigs.hours import OPEN_HOURLOGS, HourLogStatus
from gigs.models import Contract, HourLog, Milestone
from gigs.selectors import contract_paid, escrow_pool_held, fee_quotes

# The weeks an hourly contract's page and API show: about a year of weekly logs.
HOURLOG_PAGE = 60


@dataclass(frozen=True)
class HourLogRow:
    """A week's log as the contract page shows it, with the fee and what the freelancer gets
    (the ledger's once paid, else a preview of approving it now)."""

    log: HourLog
    fee: int | None
    receives: int | None
    settled: bool

    @property
    def fee_label(self) -> str:
        return "" if self.fee is None else format_money(self.fee, self.log.contract.currency)

    @property
    def receives_label(self) -> str:
        if self.receives is None:
            return ""
        return format_money(self.receives, self.log.contract.currency)


# Logs whose money is settled: paid, or resolved by staff.
SETTLED_HOURLOGS = (HourLogStatus.APPROVED, HourLogStatus.RESOLVED)


def hourly_held(*, contract: Contract) -> int:
    """What escrow holds for an hourly contract, in minor units."""
    return escrow_pool_held(
        client=contract.client, prefix=contract.pool_prefix, currency=contract.currency
    )


def hourlog_rows(*, contract: Contract, limit: int = HOURLOG_PAGE) -> list[HourLogRow]:
    """The contract's newest weeks, newest first, with fees, in a constant number of queries.

    Previews are quoted oldest week first, the order the client would approve them in.
    """
    logs = list(contract.hour_logs.order_by("-week")[:limit])
    logs.reverse()
    for log in logs:
        log.contract = contract
    items = [(log.subject, log.amount, log.status in SETTLED_HOURLOGS) for log in logs]
    rows = [
        HourLogRow(log, fee, receives, settled=settled)
        for log, (fee, receives, settled) in zip(logs, fee_quotes(contract, items), strict=True)
    ]
    rows.reverse()
    return rows


def hourlog_for(*, pk: int, user: User | AnonymousUser) -> HourLog:
    """The hour log ``pk`` for its contract's sides and staff; 404 for anyone else."""
    log = (
        HourLog.objects.select_related("contract", "contract__gig", "contract__order")
        .filter(pk=pk)
        .first()
    )
    if log is None or not permissions.sees_contract(user, log.contract):
        raise Http404("No such hour log.")
    return log


@dataclass(frozen=True)
class Ending:
    """What ending the contract now would do, or why it cannot end yet."""

    refunded: list[Milestone]  # funded with no work submitted: back to the client
    dropped: list[Milestone]  # proposed: dropped
    returned: int  # unspent hourly escrow back to the client, minor units
    blocked: bool  # submitted or disputed work waits for a decision
    completes: bool  # money was released: completed rather than cancelled
    currency: str

    @property
    def returned_label(self) -> str:
        return format_money(self.returned, self.currency)


def ending_preview(*, contract: Contract) -> Ending:
    milestones = list(contract.milestones.order_by("position", "id"))
    for milestone in milestones:
        milestone.contract = contract
    blocked = any(m.status in OPEN_MILESTONES for m in milestones) or (
        contract.hour_logs.filter(status__in=OPEN_HOURLOGS).exists()
    )
    return Ending(
        refunded=[m for m in milestones if m.status == MilestoneStatus.FUNDED],
        dropped=[m for m in milestones if m.status == MilestoneStatus.PROPOSED],
        returned=hourly_held(contract=contract),
        blocked=blocked,
        completes=contract_paid(contract=contract),
        currency=contract.currency,
    )
