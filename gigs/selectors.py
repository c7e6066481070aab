"""Every read the gig pages and API need, scoped to what the reader may see, and the money.

A proposal's text and price are for its freelancer, the gig's client and staff alone: every
selector that returns proposals takes the reader and answers 404 (Http404) for anyone else.
Balances are derived from ledger entries, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from careers.models import Skill
from core.money import format_money
from core.pagination import Page, keyset_page
from gigs import fees, permissions
from gigs.domain import (
    ACTIVE_PROPOSALS,
    POSTED,
    SETTLED_MILESTONES,
    ProposalStatus,
    milestone_subject,
)
from gigs.models import (
    Account,
    AccountKind,
    Contract,
    FeeSchedule,
    FreelancerProfile,
    FundingRequest,
    Gig,
    IdempotencyKey,
    Invitation,
    LedgerEntry,
    LedgerTransaction,
    Milestone,
    Payout,
    PayoutMethod,
    Proposal,
    TransactionKind,
)
from gigs.review_selectors import Rating, ratings
from salaries.models import FxRate

# A client's gigs and a freelancer's proposals fit on one page each for a long time; the cap
# keeps a very busy account's page bounded.
OWN_LIST_LIMIT = 200


@dataclass(frozen=True)
class ClientHistory:
    gigs_posted: int
    hires: int
    member_since: datetime
    rating: Rating


def _skills() -> Prefetch:
    return Prefetch("skills", queryset=Skill.objects.only("name", "slug").order_by("name"))


def gig_for_page(*, slug: str, user: User | AnonymousUser) -> Gig:
    """The gig ``user`` may see under ``slug``, with its client, company and skills; else 404."""
    gig = (
        Gig.objects.select_related("client", "company")
        .prefetch_related(_skills())
        .filter(slug=slug)
        .first()
    )
    if gig is None or not permissions.sees_gig(user, gig):
        raise Http404("No such gig.")
    return gig


def gig_taking_proposals(*, slug: str) -> Gig:
    """The listed gig under ``slug``: open and not hidden; else 404."""
    gig = Gig.objects.listed().filter(slug=slug).first()
    if gig is None:
        raise Http404("No open gig here.")
    return gig


def own_gig(*, slug: str, user: User | AnonymousUser) -> Gig:
    """The gig under ``slug`` if ``user`` is its client; 404 for everyone else, staff too."""
    if not user.is_authenticated:
        raise Http404("No such gig.")
    gig = (
        Gig.objects.select_related("company")
        .prefetch_related(_skills())
        .filter(slug=slug, client=user)
        .first()
    )
    if gig is None:
        raise Http404("No such gig.")
    return gig


def client_history(*, client: User) -> ClientHistory:
    """What a freelancer sees of a client: gigs posted, hires (contracts made), since, and
    their rating as a client."""
    posted = Gig.objects.filter(client=client, status__in=POSTED).count()
    hires = Contract.objects.filter(client=client).count()
    return ClientHistory(
        gigs_posted=posted,
        hires=hires,
        member_since=client.date_joined,
        rating=ratings(user=client).client,
    )


def proposal_count(*, gig: Gig) -> int:
    return gig.proposals.filter(status__in=ACTIVE_PROPOSALS).count()


def gig_proposals(*, gig: Gig, user: User | AnonymousUser) -> list[Proposal]:
    """The proposals on ``gig`` for its client and staff, newest first; 404 for anyone else."""
    if not (permissions.is_client(user, gig) or user.is_staff):
        raise Http404("No such gig.")
    proposals = (
        gig.proposals.exclude(status=ProposalStatus.WITHDRAWN)
        .select_related("gig", "freelancer", "freelancer__freelancer_profile", "contract")
        .order_by("-created_at", "-id")
    )
    return list(proposals[:OWN_LIST_LIMIT])


def proposal_for(*, pk: int, user: User | AnonymousUser) -> Proposal:
    """The proposal ``pk`` for its freelancer, the gig's client and staff; 404 for others."""
    proposal = (
        Proposal.objects.select_related("gig", "gig__client", "freelancer").filter(pk=pk).first()
    )
    if proposal is None or not permissions.sees_proposal(user, proposal):
        raise Http404("No such proposal.")
    return proposal


def own_proposal(*, gig: Gig, user: User | AnonymousUser) -> Proposal | None:
    """The proposal ``user`` sent on ``gig``, if any."""
    if not user.is_authenticated:
        return None
    return Proposal.objects.filter(gig=gig, freelancer=user).first()


def client_gigs(*, user: User) -> QuerySet[Gig]:
    """A client's own gigs in every status, newest first, with their proposal counts."""
    active = Q(proposals__status__in=ACTIVE_PROPOSALS)
    return (
        Gig.objects.filter(client=user)
        .annotate(proposal_total=Count("proposals", filter=active))
        .order_by("-created_at", "-id")[:OWN_LIST_LIMIT]
    )


def freelancer_proposals(*, user: User) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(freelancer=user)
        .select_related("gig")
        .order_by("-created_at", "-id")[:OWN_LIST_LIMIT]
    )


def freelancer_invitations(*, user: User) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(freelancer=user)
        .select_related("gig")
        .order_by("-created_at", "-id")[:OWN_LIST_LIMIT]
    )


def profile_for_page(*, slug: str) -> FreelancerProfile:
    profile = (
        FreelancerProfile.objects.select_related("user")
        .prefetch_related(_skills(), "portfolio_items")
        .filter(slug=slug, user__is_active=True)
        .first()
    )
    if profile is None:
        raise Http404("No such freelancer.")
    return profile


def own_profile(*, user: User) -> FreelancerProfile | None:
    return (
        FreelancerProfile.objects.prefetch_related(_skills(), "portfolio_items", "payout_methods")
        .filter(user=user)
        .first()
    )


def payout_methods(*, profile: FreelancerProfile, user: User | AnonymousUser) -> list[PayoutMethod]:
    """A profile's payout methods, for its owner alone; everyone else gets none."""
    if not user.is_authenticated or profile.user_id != user.pk:
        return []
    return list(profile.payout_methods.all())


# --- Money ---------------------------------------------------------------------------------

BILLING_KINDS = (TransactionKind.RELEASE, TransactionKind.RESOLUTION)
FX_DECIMALS = Decimal("0.00000001")


def account_balance(*, account: Account) -> int:
    total = LedgerEntry.objects.filter(account=account).aggregate(total=Sum("amount"))["total"]
    return total or 0


def balances(*, owner: User | None) -> dict[tuple[str, str], int]:
    """Every balance of a user (or the platform), keyed by (kind, currency)."""
    rows = (
        LedgerEntry.objects.filter(account__owner=owner)
        .values("account__kind", "account__currency")
        .annotate(total=Sum("amount"))
    )
    return {(row["account__kind"], row["account__currency"]): row["total"] for row in rows}


def escrow_held(*, client: User, subject: str, currency: str) -> int:
    """What the client's escrow holds for one subject."""
    total = LedgerEntry.objects.filter(
        account__owner=client,
        account__kind="escrow",
        account__currency=currency,
        transaction__subject=subject,
    ).aggregate(total=Sum("amount"))["total"]
    return total or 0


def escrow_pool_held(*, client: User, prefix: str, currency: str) -> int:
    """What the client's escrow holds under every subject that starts with ``prefix``."""
    total = LedgerEntry.objects.filter(
        account__owner=client,
        account__kind="escrow",
        account__currency=currency,
        transaction__subject__startswith=prefix,
    ).aggregate(total=Sum("amount"))["total"]
    return total or 0


def billed_between(*, client: User, freelancer: User) -> int:
    """What the freelancer has billed the client, in fee schedule minor units, before fees."""
    total = LedgerTransaction.objects.filter(
        client=client, freelancer=freelancer, kind__in=BILLING_KINDS
    ).aggregate(total=Sum("billed_amount"))["total"]
    return total or 0


def fx_rate(*, source: str, target: str, day: date) -> Decimal | None:
    """One ``source`` in ``target`` by the newest admin rate on or before ``day``, or None."""
    direct = FxRate.objects.filter(base=source, quote=target, as_of__lte=day).first()
    inverse = FxRate.objects.filter(base=target, quote=source, as_of__lte=day).first()
    newest = max(
        (r for r in (direct, inverse) if r is not None), key=lambda r: r.as_of, default=None
    )
    if newest is None:
        return None
    if newest is direct:
        return newest.rate
    return (1 / newest.rate).quantize(FX_DECIMALS)


# --- Contracts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneRow:
    """A milestone as its contract page shows it: the fee, and what the freelancer gets.

    For a settled milestone the figures are the ledger's; for the others a preview of a
    release made next, in order, at today's fee schedule (None when no FX rate converts).
    """

    milestone: Milestone
    fee: int | None
    receives: int | None
    settled: bool

    @property
    def fee_label(self) -> str:
        return "" if self.fee is None else format_money(self.fee, self.milestone.contract.currency)

    @property
    def receives_label(self) -> str:
        if self.receives is None:
            return ""
        return format_money(self.receives, self.milestone.contract.currency)


def contracts_for(*, user: User) -> QuerySet[Contract]:
    """The contracts ``user`` is a side of, newest first, with their gig and the other side."""
    return (
        Contract.objects.filter(Q(client=user) | Q(freelancer=user))
        .select_related("gig", "order__offer", "client", "freelancer")
        .order_by("-created_at", "-id")
    )


def contract_for(*, pk: int, user: User | AnonymousUser) -> Contract:
    """The contract ``pk`` for its client, its freelancer and staff; 404 for anyone else."""
    contract = (
        Contract.objects.select_related("gig", "order__offer", "client", "freelancer", "proposal")
        .filter(pk=pk)
        .first()
    )
    if contract is None or not permissions.sees_contract(user, contract):
        raise Http404("No such contract.")
    return contract


def milestone_for(*, pk: int, user: User | AnonymousUser) -> Milestone:
    """The milestone ``pk`` for its contract's sides and staff; 404 for anyone else."""
    milestone = (
        Milestone.objects.select_related("contract", "contract__gig", "contract__order")
        .filter(pk=pk)
        .first()
    )
    if milestone is None or not permissions.sees_contract(user, milestone.contract):
        raise Http404("No such milestone.")
    return milestone


def milestone_rows(*, contract: Contract) -> list[MilestoneRow]:
    """The contract's milestones by position with their fees, in a constant number of queries."""
    milestones = list(contract.milestones.order_by("position", "id"))
    for milestone in milestones:
        milestone.contract = contract
    items = [(m.subject, m.amount, m.status in SETTLED_MILESTONES) for m in milestones]
    return [
        MilestoneRow(milestone, fee, receives, settled=settled)
        for milestone, (fee, receives, settled) in zip(
            milestones, fee_quotes(contract, items), strict=True
        )
    ]


def fee_quotes(
    contract: Contract, items: list[tuple[str, int, bool]]
) -> list[tuple[int | None, int | None, bool]]:
    """(fee, what the freelancer receives, settled) for each (subject, amount, done) in order.

    A subject the ledger settled answers the ledger's figures; the others a preview of a
    release made next, in order, at today's fee schedule; None where none can be known.
    """
    # A late import: the fee schedule's default is created on first use by its service.
    from gigs.services.fees import fee_schedule_current

    settled: dict[str, dict[str, int]] = {}
    for row in LedgerEntry.objects.filter(
        transaction__subject__in=[subject for subject, _, _ in items],
        transaction__kind__in=BILLING_KINDS,
        account__kind__in=("platform_fees", "available"),
    ).values("transaction__subject", "account__kind", "amount"):
        settled.setdefault(row["transaction__subject"], {})[row["account__kind"]] = row["amount"]
    current = fee_schedule_current()
    rate: Decimal | None = None
    if contract.currency != current.schedule.currency:
        rate = fx_rate(
            source=contract.currency,
            target=current.schedule.currency,
            day=timezone.localdate(),
        )
    billed = billed_between(client=contract.client, freelancer=contract.freelancer)
    quotes: list[tuple[int | None, int | None, bool]] = []
    for subject, amount, done in items:
        if subject in settled:
            money = settled[subject]
            quotes.append((money.get("platform_fees", 0), money.get("available", 0), True))
            continue
        if done or (rate is None and contract.currency != current.schedule.currency):
            quotes.append((None, None, done))
            continue
        quote = fees.release_fee(
            current.tiers,
            billed_before=billed,
            amount=amount,
            currency=contract.currency,
            schedule_currency=current.schedule.currency,
            rate=rate,
            conversion_percent=current.schedule.conversion_fee_percent,
        )
        billed += quote.billed
        quotes.append((quote.fee, amount - quote.fee, False))
    return quotes


def funding_requests_open(*, contract: Contract) -> dict[str, FundingRequest]:
    """The contract's funding requests still waiting for a transfer, by subject: milestones'
    and, for an hourly contract, top-ups of its escrow."""
    subjects = [milestone_subject(pk) for pk in contract.milestones.values_list("pk", flat=True)]
    requests = (
        FundingRequest.objects.filter(
            Q(subject__in=subjects) | Q(subject__startswith=f"{contract.pool_prefix}topup:"),
            funded_by__isnull=True,
        )
        .filter(client=contract.client)
        .order_by("created_at")
    )
    return {request.subject: request for request in requests}


def contract_paid(*, contract: Contract) -> bool:
    """Whether the freelancer was paid anything on the contract: a milestone or hour log."""
    subjects = [milestone_subject(pk) for pk in contract.milestones.values_list("pk", flat=True)]
    return LedgerEntry.objects.filter(
        Q(transaction__subject__in=subjects)
        | Q(transaction__subject__startswith=contract.pool_prefix),
        transaction__kind__in=BILLING_KINDS,
        account__kind=AccountKind.AVAILABLE,
        account__owner=contract.freelancer,
    ).exists()


# --- A person's balance page ---------------------------------------------------------------

# The accounts a person holds, in the order the balance page shows them, named for them.
PERSONAL_KINDS = (
    AccountKind.CLIENT_FUNDS,
    AccountKind.ESCROW,
    AccountKind.AVAILABLE,
    AccountKind.PAYOUT_PENDING,
    AccountKind.PAID_OUT,
)
PERSONAL_LABELS = {
    AccountKind.CLIENT_FUNDS.value: "Client funds",
    AccountKind.ESCROW.value: "Held in escrow",
    AccountKind.AVAILABLE.value: "Available to withdraw",
    AccountKind.PAYOUT_PENDING.value: "Payouts pending",
    AccountKind.PAID_OUT.value: "Paid out",
}
STATEMENT_KEYS = ["-id"]  # entries are appended, so id order is posting order


@dataclass(frozen=True)
class CurrencyBalances:
    """One currency's balances of one person, in minor units."""

    currency: str
    client_funds: int = 0
    escrow: int = 0
    available: int = 0
    payout_pending: int = 0
    paid_out: int = 0

    def rows(self) -> list[tuple[str, str, int]]:
        """(kind, label, amount) in page order."""
        return [
            (kind.value, PERSONAL_LABELS[kind.value], getattr(self, kind.value))
            for kind in PERSONAL_KINDS
        ]


def own_balances(*, user: User) -> list[CurrencyBalances]:
    """The user's balances per currency, from their ledger entries in one query."""
    totals = balances(owner=user)
    currencies = sorted({currency for _, currency in totals})
    return [
        CurrencyBalances(
            currency=currency,
            **{kind.value: totals.get((kind.value, currency), 0) for kind in PERSONAL_KINDS},
        )
        for currency in currencies
    ]


def own_entries(*, user: User) -> QuerySet[LedgerEntry]:
    """The user's ledger entries with their transaction and account, for a statement."""
    return (
        LedgerEntry.objects.filter(account__owner=user)
        .select_related("transaction", "account")
        .order_by(*STATEMENT_KEYS)
    )


def statement_page(*, user: User, cursor: str | None, size: int) -> Page:
    """A page of the user's statement, newest first, cut by keyset."""
    return keyset_page(own_entries(user=user), keys=STATEMENT_KEYS, cursor=cursor, size=size)


def account_label(entry: LedgerEntry) -> str:
    """The entry's account as the balance page names it."""
    kind = entry.account.kind
    return PERSONAL_LABELS.get(kind, AccountKind(kind).label)


def own_payout_method(*, user: User, pk: int) -> PayoutMethod:
    method = PayoutMethod.objects.filter(pk=pk, profile__user=user).first()
    if method is None:
        raise Http404("No such payout method of yours.")
    return method


def own_payout_methods(*, user: User) -> list[PayoutMethod]:
    return list(PayoutMethod.objects.filter(profile__user=user).order_by("created_at", "id"))


def own_payouts(*, user: User, limit: int = 20) -> list[Payout]:
    """The user's newest payouts, pending and paid."""
    return list(Payout.objects.filter(freelancer=user).order_by("-created_at", "-id")[:limit])


def fee_schedule_used(*, schedule_id: int) -> bool:
    """Whether a ledger transaction records the schedule."""
    return LedgerTransaction.objects.filter(fee_schedule_id=schedule_id).exists()


def fee_schedule_frozen(*, schedule: FeeSchedule) -> bool:
    """Whether the schedule can no longer change: it is in force, or a transaction records it."""
    in_force = schedule.effective_from <= timezone.now()
    return in_force or fee_schedule_used(schedule_id=schedule.pk)


def idempotency_key_used(*, user: User, key: str) -> bool:
    """Whether ``key`` already answered one of the user's requests (a replay, if the same)."""
    return IdempotencyKey.objects.filter(user=user, key=key, result__isnull=False).exists()
