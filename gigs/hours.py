"""An hourly contract's weekly hour logs as plain values: statuses, hours, amounts, subjects.

The hour-log services, forms, selectors and the API call these functions, so each rule is
written once. Nothing here reads or writes the database.

Money: a log's amount is its minutes times the contract's hourly rate (minor units) over
sixty, rounded half up to the minor unit once, when the log is submitted. The client's
top-ups into the contract's escrow and every release or refund from it carry subjects under
one prefix, ``hourly:<contract id>:``, so what escrow holds for the contract is the sum of
its escrow entries under that prefix.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models


class HourLogStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for the client"
    APPROVED = "approved", "Approved and paid"
    REJECTED = "rejected", "Rejected"
    DISPUTED = "disputed", "Disputed"
    RESOLVED = "resolved", "Resolved by staff"


# A week holds at most 7 x 24 hours.
MAX_WEEK_MINUTES = 7 * 24 * 60
DESCRIPTION_LENGTH = 300
REASON_LENGTH = 300
# Upwork's rule: a log the client leaves alone for a week is approved, if escrow covers it.
AUTO_APPROVE_AFTER = timedelta(days=7)

# Each hour-log action by the statuses it may start from, and where it leads. The freelancer
# edits a log until the client acts, and corrects a rejected one by resubmitting it; the
# freelancer may dispute a rejection instead, and staff resolve it.
HOURLOG_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "edited": (
        frozenset({HourLogStatus.SUBMITTED, HourLogStatus.REJECTED}),
        HourLogStatus.SUBMITTED,
    ),
    "approved": (frozenset({HourLogStatus.SUBMITTED}), HourLogStatus.APPROVED),
    "rejected": (frozenset({HourLogStatus.SUBMITTED}), HourLogStatus.REJECTED),
    "disputed": (frozenset({HourLogStatus.REJECTED}), HourLogStatus.DISPUTED),
    "resolved": (frozenset({HourLogStatus.DISPUTED}), HourLogStatus.RESOLVED),
}
# Logs that stop a contract from ending until they are settled.
OPEN_HOURLOGS = frozenset({HourLogStatus.SUBMITTED, HourLogStatus.DISPUTED})

_HOURS = re.compile(r"^(?P<hours>\d{1,3})(?:(?P<fraction>\.\d{1,4})|:(?P<minutes>[0-5]\d))?$")


def hourlog_target(status: str, action: str) -> str | None:
    """The status a log in ``status`` moves to by ``action``, or None when it may not."""
    sources, target = HOURLOG_TRANSITIONS[action]
    return target if status in sources else None


def parse_minutes(text: str) -> int:
    """Minutes from hours typed as "7.5" or "7:30"; ValueError with the reason otherwise."""
    match = _HOURS.match(text.strip().replace(",", "."))
    if match is None:
        raise ValueError('Give the hours as a number such as "7.5" or as "7:30".')
    minutes = int(match["hours"]) * 60
    if match["minutes"]:
        minutes += int(match["minutes"])
    elif match["fraction"]:
        try:
            exact = Decimal(match["fraction"]) * 60
        except InvalidOperation as error:  # the pattern admits only digits
            raise ValueError("Give the hours as a number.") from error
        if exact != exact.to_integral_value():
            raise ValueError("Give the hours to the minute, such as 7.25 or 7:15.")
        minutes += int(exact)
    return minutes


def minutes_error(minutes: int, *, limit: int | None = None) -> str | None:
    """What is wrong with a week's minutes, if anything; ``limit`` is the client's cap."""
    if minutes < 1:
        return "Log at least one minute."
    if minutes > MAX_WEEK_MINUTES:
        return "A week has at most 168 hours."
    if limit is not None and minutes > limit:
        return f"The client caps this contract at {hours_label(limit)} a week."
    return None


def week_of(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def week_error(week: date, *, today: date, started: date) -> str | None:
    """What is wrong with logging ``week``, if anything: a Monday, begun, not before the start."""
    if week.weekday() != 0:
        return "A week starts on a Monday."
    if week > week_of(today):
        return "That week has not started yet."
    if week < week_of(started):
        return "That week is before the contract started."
    return None


def recent_weeks(*, today: date, started: date, count: int = 8) -> list[date]:
    """The Mondays a log may be for, this week first, back to the start or ``count`` weeks."""
    first, week = week_of(started), week_of(today)
    weeks: list[date] = []
    while week >= first and len(weeks) < count:
        weeks.append(week)
        week -= timedelta(weeks=1)
    return weeks


def hourlog_amount(minutes: int, rate: int) -> int:
    """Minor units for ``minutes`` at ``rate`` minor units an hour, rounded half up."""
    exact = Decimal(minutes) * Decimal(rate) / 60
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def hours_label(minutes: int) -> str:
    """'7 h 30 min', '8 h', '45 min'."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def pool_prefix(contract_id: int) -> str:
    """What every subject of an hourly contract's escrow starts with."""
    return f"hourly:{contract_id}:"


def topup_subject(contract_id: int, token: str) -> str:
    """One top-up of the contract's escrow; ``token`` keeps each top-up's subject apart."""
    return f"{pool_prefix(contract_id)}topup:{token}"


def hourlog_subject(contract_id: int, log_id: int) -> str:
    """The release (or resolution) that pays one hour log."""
    return f"{pool_prefix(contract_id)}log:{log_id}"


def return_subject(contract_id: int) -> str:
    """The refund of what escrow still holds when the contract ends."""
    return f"{pool_prefix(contract_id)}return"


def contract_of(subject: str) -> int | None:
    """The hourly contract a top-up subject belongs to, or None for any other subject."""
    match = re.fullmatch(r"hourly:(\d{1,18}):topup:[0-9a-f]{1,40}", subject)
    return int(match[1]) if match else None


def hourlog_actions(*, status: str, is_client: bool, is_freelancer: bool) -> list[str]:
    """The actions a side of the contract may take on a log now, in the order shown."""
    actions = []
    if is_client and status == HourLogStatus.SUBMITTED:
        actions += ["approve", "reject"]
    if is_freelancer and hourlog_target(status, "edited"):
        actions.append("edit")
    if is_freelancer and hourlog_target(status, "disputed"):
        actions.append("dispute")
    return actions
