"""A gig's and a proposal's rules as plain values: statuses, transitions, amounts, masks.

The gig and proposal services, forms and the API call these functions, so each rule is
written once. Nothing here reads or writes the database.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.utils.text import slugify

from core.money import exponent, format_money, is_currency
from jobs.salary_bounds import annual_ceiling


class GigStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for proposals"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    CLOSED = "closed", "Closed to proposals"


class GigCategory(models.TextChoices):
    STRATEGY = "strategy", "Product strategy"
    DISCOVERY = "discovery", "Discovery and user research"
    ROADMAP = "roadmap", "Roadmap and prioritisation"
    REQUIREMENTS = "requirements", "Requirements and PRD writing"
    ANALYTICS = "analytics", "Analytics and experimentation"
    LAUNCH = "launch", "Launch and go-to-market"
    AGILE = "agile", "Agile and scrum coaching"
    TECHNICAL = "technical", "Technical product management"
    OTHER = "other", "Other"


class BudgetType(models.TextChoices):
    FIXED = "fixed", "Fixed price"
    HOURLY = "hourly", "Hourly rate"


class Duration(models.TextChoices):
    UNDER_WEEK = "under_week", "Less than a week"
    WEEKS = "weeks", "1 to 4 weeks"
    MONTHS = "months", "1 to 3 months"
    LONGER = "longer", "More than 3 months"


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SHORTLISTED = "shortlisted", "Shortlisted"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ContractStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class ReviewRole(models.TextChoices):
    """The side of the contract a review is about."""

    CLIENT = "client", "As a client"
    FREELANCER = "freelancer", "As a freelancer"


class MilestoneStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    FUNDED = "funded", "Funded"
    SUBMITTED = "submitted", "Work submitted"
    RELEASED = "released", "Released"
    DISPUTED = "disputed", "Disputed"
    RESOLVED = "resolved", "Resolved by staff"
    REFUNDED = "refunded", "Refunded"
    CANCELLED = "cancelled", "Dropped when the contract ended"


class Availability(models.TextChoices):
    FULL_TIME = "full_time", "Full time (30+ hours a week)"
    PART_TIME = "part_time", "Part time (10-30 hours a week)"
    LIMITED = "limited", "A few hours a week"
    UNAVAILABLE = "unavailable", "Not taking work"


class PayoutKind(models.TextChoices):
    BANK = "bank", "Bank transfer"
    PAYPAL = "paypal", "PayPal"
    WIRE = "wire", "International wire"


# The status machine: draft -> open -> in_progress -> completed; open <-> closed (the client
# stops, then resumes, taking proposals); draft, open and closed may be cancelled. Contracts
# start work (``started``) once they exist.
GIG_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "published": (frozenset({GigStatus.DRAFT}), GigStatus.OPEN),
    "closed": (frozenset({GigStatus.OPEN}), GigStatus.CLOSED),
    "reopened": (frozenset({GigStatus.CLOSED}), GigStatus.OPEN),
    "cancelled": (
        frozenset({GigStatus.DRAFT, GigStatus.OPEN, GigStatus.CLOSED}),
        GigStatus.CANCELLED,
    ),
    "started": (frozenset({GigStatus.OPEN, GigStatus.CLOSED}), GigStatus.IN_PROGRESS),
    "completed": (frozenset({GigStatus.IN_PROGRESS}), GigStatus.COMPLETED),
    # A contract ended before any money was released takes its gig with it.
    "abandoned": (frozenset({GigStatus.IN_PROGRESS}), GigStatus.CANCELLED),
}
# A client edits a gig until work starts.
GIG_EDITABLE = frozenset({GigStatus.DRAFT, GigStatus.OPEN, GigStatus.CLOSED})
# Proposals and invitations come in while a gig is open, and only then.
TAKES_PROPOSALS = frozenset({GigStatus.OPEN})
# Statuses whose page anyone may open (unless staff hid the gig); drafts are the client's.
PUBLIC = frozenset({GigStatus.OPEN, GigStatus.CLOSED, GigStatus.IN_PROGRESS, GigStatus.COMPLETED})
# Statuses that count towards a client's "gigs posted".
POSTED = PUBLIC | {GigStatus.CANCELLED}

# Each proposal action by the statuses it may start from, and where it leads. A freelancer
# edits until the client acts (shortlists or declines); withdrawing is open until declined.
PROPOSAL_TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "edited": (frozenset({ProposalStatus.SUBMITTED}), None),
    "withdrawn": (
        frozenset({ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED}),
        ProposalStatus.WITHDRAWN,
    ),
    "shortlisted": (frozenset({ProposalStatus.SUBMITTED}), ProposalStatus.SHORTLISTED),
    "declined": (
        frozenset({ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED}),
        ProposalStatus.DECLINED,
    ),
    "accepted": (
        frozenset({ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED}),
        ProposalStatus.ACCEPTED,
    ),
}
# Proposals the gig's proposal count and the client's list show.
ACTIVE_PROPOSALS = frozenset(
    {
        ProposalStatus.SUBMITTED,
        ProposalStatus.SHORTLISTED,
        ProposalStatus.ACCEPTED,
        ProposalStatus.DECLINED,
    }
)
# A gig whose client may still accept a proposal: open, or closed to new ones.
HIRING = frozenset({GigStatus.OPEN, GigStatus.CLOSED})

# Each milestone action by the statuses it may start from, and where it leads. Funding
# holds the money in escrow; the client releases submitted work; either side disputes
# held money and staff resolve it; a refund returns held money to the client.
MILESTONE_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "funded": (frozenset({MilestoneStatus.PROPOSED}), MilestoneStatus.FUNDED),
    "submitted": (frozenset({MilestoneStatus.FUNDED}), MilestoneStatus.SUBMITTED),
    "released": (frozenset({MilestoneStatus.SUBMITTED}), MilestoneStatus.RELEASED),
    "disputed": (
        frozenset({MilestoneStatus.FUNDED, MilestoneStatus.SUBMITTED}),
        MilestoneStatus.DISPUTED,
    ),
    "resolved": (frozenset({MilestoneStatus.DISPUTED}), MilestoneStatus.RESOLVED),
    "refunded": (
        frozenset({MilestoneStatus.FUNDED, MilestoneStatus.SUBMITTED}),
        MilestoneStatus.REFUNDED,
    ),
    # Ending the contract drops the milestones nobody funded.
    "dropped": (frozenset({MilestoneStatus.PROPOSED}), MilestoneStatus.CANCELLED),
}
# A client cancels (and is refunded) only before the freelancer submits; staff at any time.
CLIENT_REFUNDABLE = frozenset({MilestoneStatus.FUNDED})
# Milestones with nothing left to do: a contract whose milestones are all here is complete.
SETTLED_MILESTONES = frozenset(
    {
        MilestoneStatus.RELEASED,
        MilestoneStatus.RESOLVED,
        MilestoneStatus.REFUNDED,
        MilestoneStatus.CANCELLED,
    }
)
# Milestones whose work is in the client's or staff's hands: the contract cannot end yet.
OPEN_MILESTONES = frozenset({MilestoneStatus.SUBMITTED, MilestoneStatus.DISPUTED})
# Milestones whose money escrow holds.
HELD_MILESTONES = frozenset(
    {MilestoneStatus.FUNDED, MilestoneStatus.SUBMITTED, MilestoneStatus.DISPUTED}
)

# A fixed-price gig costs no more than the highest yearly salary the board accepts in its
# currency (jobs.salary_bounds); an hourly rate no more than a thousandth of that (USD 10,000
# an hour). Larger figures are typing mistakes, and stay well inside a 64-bit column.
HOURLY_SHARE = 1000
MAX_MILESTONES = 12
MILESTONE_TITLE_LENGTH = 120

# Each side of an ended contract reviews the other within this many days of its end; the
# reviews stay blind until both are in or the window closes.
REVIEW_WINDOW_DAYS = 14
REVIEW_TEXT_LENGTH = 2000
REVIEW_REPLY_LENGTH = 1000
RATINGS = range(1, 6)


def gig_target(status: str, action: str) -> str | None:
    """The status a gig in ``status`` moves to by ``action``, or None when it may not."""
    sources, target = GIG_TRANSITIONS[action]
    return target if status in sources else None


def milestone_target(status: str, action: str) -> str | None:
    """The status a milestone in ``status`` moves to by ``action``, or None when it may not."""
    sources, target = MILESTONE_TRANSITIONS[action]
    return target if status in sources else None


def contract_complete(statuses: list[str]) -> bool:
    """A contract is done when it has milestones and every one is settled."""
    return bool(statuses) and all(status in SETTLED_MILESTONES for status in statuses)


def milestone_subject(milestone_id: int) -> str:
    """The ledger subject of a milestone's escrow."""
    return f"milestone:{milestone_id}"


def proposal_allows(status: str, action: str) -> bool:
    return status in PROPOSAL_TRANSITIONS[action][0]


def proposal_target(action: str) -> str | None:
    return PROPOSAL_TRANSITIONS[action][1]


def ceiling_minor(currency: str, budget_type: str) -> int:
    """The largest amount a gig of ``budget_type`` may name in ``currency``, in minor units."""
    whole = annual_ceiling(currency)
    if budget_type == BudgetType.HOURLY:
        whole //= HOURLY_SHARE
    return whole * 10 ** exponent(currency)


def amount_error(amount: int, *, currency: str, budget_type: str, what: str) -> str | None:
    """What is implausible about one amount in minor units, if anything."""
    if amount < 10 ** exponent(currency):
        return f"{what} is at least 1 {currency}."
    ceiling = ceiling_minor(currency, budget_type)
    if amount > ceiling:
        per = " an hour" if budget_type == BudgetType.HOURLY else ""
        return f"{what} is at most {format_money(ceiling, currency)}{per}."
    return None


def budget_errors(
    *, budget_min: int | None, budget_max: int | None, currency: str, budget_type: str
) -> dict[str, str]:
    """What is wrong with a gig's budget, by field: each bound plausible, min not above max."""
    if not is_currency(currency):
        return {"currency": f"{currency or 'An empty code'} is not an ISO 4217 currency code."}
    if budget_type not in BudgetType.values:
        return {"budget_type": "Pick a fixed price or an hourly rate."}
    errors: dict[str, str] = {}
    for field, amount, what in (
        ("budget_min", budget_min, "The lowest budget"),
        ("budget_max", budget_max, "The highest budget"),
    ):
        if amount is None:
            errors[field] = "Give an amount."
        elif error := amount_error(amount, currency=currency, budget_type=budget_type, what=what):
            errors[field] = error
    if budget_min is not None and budget_max is not None and budget_min > budget_max:
        errors.setdefault("budget_max", "The highest budget is below the lowest.")
    return errors


def milestone_errors(
    milestones: Any, *, price: int | None, currency: str, fixed: bool
) -> str | None:
    """What is wrong with a proposal's milestone plan, if anything.

    A plan is a short list of ``{"title": str, "amount": int}`` (minor units); for a fixed
    price its amounts add up to the price.
    """
    if not isinstance(milestones, list):
        return "The milestone plan is a list of titles and amounts."
    if len(milestones) > MAX_MILESTONES:
        return f"Plan at most {MAX_MILESTONES} milestones."
    for position, milestone in enumerate(milestones, start=1):
        if not isinstance(milestone, dict) or set(milestone) != {"title", "amount"}:
            return f"Milestone {position} needs a title and an amount, and nothing else."
        title, amount = milestone["title"], milestone["amount"]
        if not isinstance(title, str) or not title.strip():
            return f"Milestone {position} needs a title."
        if len(title) > MILESTONE_TITLE_LENGTH or re.search(r"[\x00-\x1f\x7f-\x9f]", title):
            return (
                f"Milestone {position}'s title is one line of at most "
                f"{MILESTONE_TITLE_LENGTH} characters."
            )
        if type(amount) is not int or amount < 10 ** exponent(currency):
            return f"Milestone {position}'s amount is at least 1 {currency}."
        if amount > ceiling_minor(currency, BudgetType.FIXED):
            return f"Milestone {position}'s amount is too large."
    if milestones and fixed and price is not None:
        total = sum(milestone["amount"] for milestone in milestones)
        if total != price:
            return (
                f"The milestones add up to {format_money(total, currency)}, "
                f"not the price of {format_money(price, currency)}."
            )
    return None


def gig_slug(title: str, token: str) -> str:
    return f"{slugify(title)[:80].strip('-') or 'gig'}-{token}"


def profile_slug(name: str, token: str) -> str:
    return f"{slugify(name)[:60].strip('-') or 'freelancer'}-{token}"


def budget_label(*, budget_min: int, budget_max: int, currency: str, budget_type: str) -> str:
    """'GBP 2,000 – 3,000' or 'USD 80 – 120 an hour'."""
    low = format_money(budget_min, currency)
    per = " an hour" if budget_type == BudgetType.HOURLY else ""
    if budget_min == budget_max:
        return f"{low}{per}"
    high = format_money(budget_max, currency).removeprefix(f"{currency} ")
    return f"{low} – {high}{per}"


def masked_account(last4: str) -> str:
    return f"•••• {last4}"


def masked_email(email: str) -> str:
    """'j•••@example.com': the first letter and the domain, enough to recognise one's own."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


def milestone_actions(
    *, status: str, agreed: bool, proposed_by_me: bool, is_client: bool, is_freelancer: bool
) -> list[str]:
    """The actions a side of a contract may take on a milestone now, in the order shown."""
    actions = []
    if status == MilestoneStatus.PROPOSED:
        if not agreed and not proposed_by_me and (is_client or is_freelancer):
            actions.append("agree")
        # Funding what the freelancer proposed is the client's agreement to it.
        if is_client and (agreed or not proposed_by_me):
            actions.append("fund")
    if is_freelancer and status == MilestoneStatus.FUNDED:
        actions.append("submit")
    if is_client and status == MilestoneStatus.SUBMITTED:
        actions.append("release")
    if is_client and status in CLIENT_REFUNDABLE:
        actions.append("cancel")
    if (is_client or is_freelancer) and milestone_target(status, "disputed"):
        actions.append("dispute")
    return actions
