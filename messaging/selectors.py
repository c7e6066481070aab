"""Reads of messaging: a person's threads newest first, a thread's messages, unread counts."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from accounts.models import User
from core.pagination import Page, keyset_page
from gigs.models import Contract
from gigs.permissions import in_dispute
from messaging.models import Message, ResponseTime, Thread, ThreadMember
from messaging.stats import SHOWN_FROM_SAMPLES

THREADS_PER_PAGE = 25
# A thread page shows this many of the newest messages; threads between two people about
# one subject rarely grow past it, and the e-mail and API reach the rest.
MESSAGES_SHOWN = 100
THREAD_KEYS = ["-last_message_at", "-id"]
MEMBER_RELATED = (
    "thread__user_low",
    "thread__user_high",
    "thread__application__posting",
    "thread__proposal__gig",
    "thread__contract__gig",
    "thread__contract__order",
    "thread__offer",
)


def memberships(*, user: User) -> QuerySet[ThreadMember]:
    """The user's sides of threads with what the list shows loaded: one query per page."""
    return ThreadMember.objects.filter(user=user).select_related(*MEMBER_RELATED)


def thread_list_page(*, user: User, cursor: str | None, size: int = THREADS_PER_PAGE) -> Page:
    """One page of the user's threads, the latest message first; threads without one last."""
    return keyset_page(memberships(user=user), keys=THREAD_KEYS, cursor=cursor, size=size)


def unread_count(user: OuterRef) -> Coalesce:
    """Unread messages across the threads of ``user`` (a reference to a user's key), as an
    expression, so the header reads it in the same query as its other figures."""
    unread = (
        ThreadMember.objects.filter(user=user, unread_count__gt=0)
        .values("user")
        .annotate(total=Sum("unread_count"))
        .values("total")
    )
    return Coalesce(Subquery(unread), 0)


def unread_total(*, user: User) -> int:
    """Unread messages across the user's threads: one indexed query."""
    return (
        User.objects.filter(pk=user.pk)
        .annotate(unread=unread_count(OuterRef("pk")))
        .values_list("unread", flat=True)
        .get()
    )


def thread_messages(*, thread: Thread, after_id: int = 0) -> list[Message]:
    """The newest MESSAGES_SHOWN messages after ``after_id``, oldest first, senders loaded."""
    newest = (
        Message.objects.filter(thread=thread, pk__gt=after_id)
        .select_related("sender")
        .order_by("-pk")[:MESSAGES_SHOWN]
    )
    return list(reversed(newest))


def message_for_download(*, thread: Thread, pk: int) -> Message | None:
    return Message.objects.filter(thread=thread, pk=pk).exclude(attachment="").first()


def response_time_shown(*, user_id: int) -> ResponseTime | None:
    """The user's response time when it rests on enough threads to show on a profile."""
    return ResponseTime.objects.filter(
        user_id=user_id, sample_size__gte=SHOWN_FROM_SAMPLES, median_seconds__isnull=False
    ).first()


def dispute_threads(*, contract: Contract, user: User) -> list[Thread]:
    """The contract's threads staff may read now: none unless a payment on it is disputed."""
    if not (user.is_staff and user.is_active) or user.pk in (
        contract.client_id,
        contract.freelancer_id,
    ):
        return []
    return list(Thread.objects.filter(contract=contract).filter(in_dispute(contract.pk)))
