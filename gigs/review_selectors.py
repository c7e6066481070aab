"""Reads of reviews: when a contract may be reviewed, ratings, a profile's reviews, a
contract's reviews as one side sees them.

A blind review (not yet published) is shown to its author alone; the reviewed side, staff
and everyone else see reviews once published, and hidden ones nowhere but in admin.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404

from accounts.models import User
from core.pagination import Page, keyset_page
from gigs.domain import REVIEW_WINDOW_DAYS, ContractStatus, ReviewRole, milestone_subject
from gigs.hours import hourlog_subject
from gigs.models import (
    AccountKind,
    Contract,
    LedgerTransaction,
    Review,
    TransactionKind,
)

# The ledger moves that pay a freelancer out of escrow.
PAYING_KINDS = (TransactionKind.RELEASE, TransactionKind.RESOLUTION)
PUBLIC_KEYS = ["-published_at", "-id"]


def contract_subjects(contract: Contract) -> list[str]:
    """The ledger subjects of every piece of paid work on the contract: milestones and weeks."""
    milestones = contract.milestones.values_list("pk", flat=True)
    weeks = contract.hour_logs.values_list("pk", flat=True)
    return [milestone_subject(pk) for pk in milestones] + [
        hourlog_subject(contract.pk, pk) for pk in weeks
    ]


def money_released(contract: Contract) -> bool:
    """Whether escrow paid the freelancer anything on the contract: a release, or a
    resolution that released part (a resolution that refunded all pays nobody)."""
    return LedgerTransaction.objects.filter(
        kind__in=PAYING_KINDS,
        subject__in=contract_subjects(contract),
        entries__account__kind=AccountKind.AVAILABLE,
        entries__amount__gt=0,
    ).exists()


def reviewable(contract: Contract) -> bool:
    """Completed, or cancelled after money was released to the freelancer, with an end date."""
    if contract.ended_at is None:
        return False
    if contract.status == ContractStatus.COMPLETED:
        return True
    return contract.status == ContractStatus.CANCELLED and money_released(contract)


def window_closes(contract: Contract) -> datetime | None:
    """When the contract's review window closes, or None when it never opened."""
    if contract.ended_at is None:
        return None
    return contract.ended_at + timedelta(days=REVIEW_WINDOW_DAYS)


# --- Ratings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rating:
    """A user's rating on one side: the average to one decimal, of ``count`` public reviews."""

    average: Decimal | None
    count: int

    @property
    def stars(self) -> int:
        """Whole stars to fill, the average rounded half up."""
        if self.average is None:
            return 0
        return int(self.average.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def label(self) -> str:
        if not self.count:
            return "No reviews yet"
        noun = "review" if self.count == 1 else "reviews"
        return f"{self.average} from {self.count} {noun}"


@dataclass(frozen=True)
class Ratings:
    freelancer: Rating
    client: Rating


def _rating(average: float | None, count: int) -> Rating:
    if not count or average is None:
        return Rating(average=None, count=0)
    return Rating(
        average=Decimal(str(average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        count=count,
    )


def ratings(*, user: User) -> Ratings:
    """The user's rating as a freelancer and as a client, in one aggregate query."""
    sides = {role: Q(subject_role=role) for role in (ReviewRole.FREELANCER, ReviewRole.CLIENT)}
    row = (
        Review.objects.public()
        .filter(subject=user)
        .aggregate(
            **{f"{role}_avg": Avg("rating", filter=q) for role, q in sides.items()},
            **{f"{role}_count": Count("id", filter=q) for role, q in sides.items()},
        )
    )
    return Ratings(
        freelancer=_rating(row["freelancer_avg"], row["freelancer_count"]),
        client=_rating(row["client_avg"], row["client_count"]),
    )


def ratings_by_user(*, user_ids: Iterable[int], role: str) -> dict[int, Rating]:
    """Many users' ratings on one side, in one grouped query; users without reviews too."""
    ids = set(user_ids)
    rows = (
        Review.objects.public()
        .filter(subject_id__in=ids, subject_role=role)
        .values("subject_id")
        .annotate(average=Avg("rating"), count=Count("id"))
        .order_by()
    )
    found = {row["subject_id"]: _rating(row["average"], row["count"]) for row in rows}
    return {pk: found.get(pk, Rating(average=None, count=0)) for pk in ids}


# --- Lists ---------------------------------------------------------------------------------


def public_reviews(*, user: User, role: str) -> QuerySet[Review]:
    """The user's published, visible reviews on one side, with their authors."""
    return (
        Review.objects.public()
        .filter(subject=user, subject_role=role)
        .select_related("author", "contract__gig", "contract__order")
        .order_by(*PUBLIC_KEYS)
    )


def public_reviews_page(*, user: User, role: str, cursor: str | None, size: int) -> Page:
    """A page of ``public_reviews``, newest first, cut by keyset: never counted."""
    return keyset_page(
        public_reviews(user=user, role=role), keys=PUBLIC_KEYS, cursor=cursor, size=size
    )


# --- A contract's reviews ------------------------------------------------------------------


@dataclass(frozen=True)
class ContractReviews:
    """A contract's reviews as one reader may see them.

    ``mine`` is the reader's own review (blind or not), ``theirs`` the other side's review
    of the reader once published; ``theirs_waiting`` says the other side has reviewed while
    it is still blind. For staff and anyone not a side, only published reviews appear in
    ``published``.
    """

    reviewable: bool
    closes_at: datetime | None
    is_open: bool
    is_party: bool
    mine: Review | None
    theirs: Review | None
    theirs_waiting: bool
    published: list[Review]

    @property
    def can_write(self) -> bool:
        return self.is_open and self.is_party and self.mine is None


def contract_reviews(
    *, contract: Contract, reader: User | AnonymousUser, now: datetime
) -> ContractReviews:
    """What ``reader`` may see of the contract's reviews, in one query."""
    can_review = reviewable(contract)
    closes = window_closes(contract) if can_review else None
    is_open = closes is not None and now < closes
    reviews = list(contract.reviews.select_related("author", "subject").order_by("created_at"))
    party = reader.is_authenticated and reader.pk in (contract.client_id, contract.freelancer_id)
    mine = theirs = None
    waiting = False
    if party:
        mine = next((r for r in reviews if r.author_id == reader.pk), None)
        other = next((r for r in reviews if r.author_id != reader.pk), None)
        if other is not None and other.published_at is not None:
            theirs = other
        waiting = other is not None and other.published_at is None
    return ContractReviews(
        reviewable=can_review,
        closes_at=closes,
        is_open=is_open,
        is_party=party,
        mine=mine,
        theirs=theirs,
        theirs_waiting=waiting,
        published=[r for r in reviews if r.published_at is not None],
    )


def review_for_subject(*, pk: int, user: User) -> Review:
    """A published review of ``user``, to reply to; 404 for anything else."""
    review = Review.objects.filter(pk=pk, subject=user, published_at__isnull=False).first()
    if review is None:
        raise Http404("No such review of yours.")
    return review
