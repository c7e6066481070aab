"""Closing what a snapshot feed no longer lists, and staff's review of a closing too large.

A snapshot run marks every posting it names seen at the run's start (``last_seen_at``).
Once the whole feed is read, the source's live postings it did not see are closed with
one update: expired, and marked "no longer listed by the source" (``unlisted_at``). A
later snapshot that lists one again opens the same row (jobs.ingestion.store).

When a snapshot would close more than half of a source's live postings, or all of
them, it closes nothing: the run needs review, staff are told in admin and by e-mail,
and ``feed_closing_confirm`` closes what that run did not see once a person agrees.
Only live postings close this way (``domain.CLOSED_WHEN_UNLISTED``); statuses people
chose are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from jobs import domain, notifications
from jobs.board_cache import changes_board
from jobs.domain import PostingStatus
from jobs.models import FeedRunStatus, FeedSource, JobPosting
from outbox import services as outbox

CONFIRM_PERMISSION = "jobs.change_feedsource"


@dataclass(frozen=True)
class Closing:
    """What a snapshot did with the source's live postings it no longer lists."""

    closed: int
    unlisted: int
    open_count: int

    @property
    def needs_review(self) -> bool:
        return self.closed == 0 and domain.unlisted_needs_review(
            open_count=self.open_count, unlisted=self.unlisted
        )

    def note(self) -> str:
        """The line the feed's report adds when the closing waits for staff."""
        if not self.needs_review:
            return ""
        return (
            f"Closed nothing: this snapshot no longer lists {self.unlisted} of the source's "
            f"{self.open_count} live postings. Check the source, then confirm the closing on "
            "the feed's admin page, or let the next run decide."
        )


def unlisted_postings(*, source: str, seen_before: datetime) -> QuerySet[JobPosting]:
    """The source's live postings no run has seen since ``seen_before``."""
    return _live(source).filter(_unseen(seen_before))


@changes_board
@transaction.atomic
def snapshot_close(*, feed: FeedSource, run_at: datetime) -> Closing:
    """Close the feed's live postings its snapshot that started at ``run_at`` did not see.

    Closes nothing when that needs review; then, the first time a review is asked for,
    staff get an e-mail once this commits.
    """
    counts = _live(feed.name).aggregate(
        open_count=Count("pk"), unlisted=Count("pk", filter=_unseen(run_at))
    )
    closing = Closing(closed=0, **counts)
    if closing.needs_review:
        requested = FeedSource.objects.filter(pk=feed.pk, review_requested_at__isnull=True)
        if requested.update(review_requested_at=run_at):
            outbox.message_queue(
                handler=notifications.feed_review_email_send,
                kwargs={
                    "feed_id": feed.pk,
                    "unlisted": closing.unlisted,
                    "open_count": closing.open_count,
                },
            )
        return closing
    closed = _close(unlisted_postings(source=feed.name, seen_before=run_at), now=run_at)
    FeedSource.objects.filter(pk=feed.pk).update(review_requested_at=None)
    return Closing(closed=closed, unlisted=closing.unlisted, open_count=closing.open_count)


@changes_board
@transaction.atomic
def feed_closing_confirm(*, feed: FeedSource, user: User) -> int:
    """Close the postings the feed's run under review did not see; return how many.

    Staff with the right to change feeds confirm; the feed's last run must still be the
    one that waits for review.
    """
    if not (user.is_active and user.is_staff and user.has_perm(CONFIRM_PERMISSION)):
        raise PermissionDenied("Only staff who manage feeds confirm a closing.")
    feed = FeedSource.objects.select_for_update().get(pk=feed.pk)
    if feed.last_run_status != FeedRunStatus.NEEDS_REVIEW or feed.last_run_at is None:
        raise ValidationError("This feed's last run does not wait for a review.")
    now = timezone.now()
    closed = _close(unlisted_postings(source=feed.name, seen_before=feed.last_run_at), now=now)
    note = f"Closing confirmed by {user.email} on {now:%Y-%m-%d %H:%M} UTC: closed {closed}."
    FeedSource.objects.filter(pk=feed.pk).update(
        last_run_status=FeedRunStatus.SUCCEEDED,
        last_closed=closed,
        review_requested_at=None,
        last_report=f"{feed.last_report}\n{note}",
    )
    return closed


def _live(source: str) -> QuerySet[JobPosting]:
    return JobPosting.objects.filter(source=source, status__in=domain.CLOSED_WHEN_UNLISTED)


def _unseen(seen_before: datetime) -> Q:
    return Q(last_seen_at__lt=seen_before) | Q(last_seen_at__isnull=True)


def _close(postings: QuerySet[JobPosting], *, now: datetime) -> int:
    return postings.update(status=PostingStatus.EXPIRED, unlisted_at=now, updated_at=now)
