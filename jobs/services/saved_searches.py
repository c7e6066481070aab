"""Saved job searches: follow a board search and get its new matches by e-mail.

Each user gets at most one digest a day, listing for every saved search that is due the
live postings posted since that search was last sent (or since it was saved): daily
searches every day, weekly ones once a week, and searches kept without e-mails never.
A search's ``last_sent_at`` moves to the run's cut-off in the same transaction that finds
its matches, so a second run over the same period finds nothing and sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from jobs.describe import describe_searches
from jobs.filters import PostingFilter
from jobs.models import AlertFrequency, JobPosting, SavedSearch
from jobs.search import board_page
from outbox import digests
from outbox.mail import email_build

# Enough to follow a few roles and places; beyond that the digest stops being readable.
MAX_SAVED_SEARCHES = 20
# Users per digest task: each costs one query per saved search (at most 20), so a task
# stays within a few thousand short queries and a retry redoes little.
DIGEST_USERS_PER_TASK = 200
# Postings listed per search in one digest; the e-mail links to the board for the rest.
DIGEST_POSTINGS_PER_SEARCH = 10
# A weekly search is due once its last digest is this old: the daily run starts a little
# earlier or later from day to day, so a full week would sometimes wait for an eighth run.
WEEKLY_GAP = timedelta(days=7) - timedelta(hours=12)
_UNSUBSCRIBE_ALL_SALT = "jobs.saved-searches.unsubscribe-all"
_QUERY_MAX_LENGTH = cast(int, SavedSearch._meta.get_field("query").max_length)

# What a digest e-mail will hold: (saved search id, posting ids newest first, more exist).
# Celery's JSON turns the tuples into lists on the way to the sending task.
Section = tuple[int, list[int], bool]


# --- Reads --------------------------------------------------------------------------


def saved_searches_of(user: User) -> QuerySet:
    """The user's saved searches, newest first."""
    return SavedSearch.objects.filter(user=user).order_by("-created_at", "-id")


@dataclass(frozen=True)
class DescribedSearch:
    """A saved search as its list shows it: what it looks for in words, and where it runs."""

    search: SavedSearch
    description: str
    board_url: str


def saved_searches_described(user: User) -> list[DescribedSearch]:
    """The user's saved searches, newest first, each with its criteria in words."""
    searches = list(saved_searches_of(user))
    descriptions = describe_searches([search.query for search in searches])
    return [
        DescribedSearch(search=search, description=description, board_url=board_url(search.query))
        for search, description in zip(searches, descriptions, strict=True)
    ]


def board_url(query: str) -> str:
    """The job board's address for the board query string ``query``."""
    board = reverse("jobs:list")
    return f"{board}?{query}" if query else board


def saved_search_for_token(token: str) -> SavedSearch | None:
    return SavedSearch.objects.filter(unsubscribe_token=token).first()


def unsubscribe_all_token(user: User) -> str:
    """A link token that stops every alert of ``user`` (for the List-Unsubscribe header)."""
    return signing.dumps(user.pk, salt=_UNSUBSCRIBE_ALL_SALT)


def user_for_unsubscribe_all_token(token: str) -> User | None:
    try:
        user_id = signing.loads(token, salt=_UNSUBSCRIBE_ALL_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=user_id).first()


def normalize_query(raw: str) -> str:
    """The board query string reduced to its filters, in a stable order.

    Paging (cursor, page) and unknown parameters are dropped. Raises ValidationError
    with the filters' own messages when the search would not run on the board.
    """
    data = QueryDict(raw.strip().lstrip("?"))
    kept = QueryDict(mutable=True)
    for name in PostingFilter.base_filters:
        values = [value for value in data.getlist(name) if value.strip()]
        if values:
            kept.setlist(name, values)
    filterset = PostingFilter(kept)
    if not filterset.is_valid():
        # Keyed by filter, so a form of the same filters shows each message on its field.
        raise ValidationError(filterset.form.errors.as_data())
    query = kept.urlencode()
    if len(query) > _QUERY_MAX_LENGTH:
        raise ValidationError({"query": "This search has too many filters to save."})
    return query


# --- Writes -------------------------------------------------------------------------


@transaction.atomic
def saved_search_create(*, user: User | AnonymousUser, name: str, query: str) -> SavedSearch:
    """Follow the board search ``query`` under ``name``."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("Sign in to save searches.")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the search a name."})
    query = normalize_query(query)
    # Two saves by one user at once must not both slip under the limit.
    User.objects.select_for_update().filter(pk=user.pk).exists()
    mine = SavedSearch.objects.filter(user=user)
    if mine.filter(query=query).exists():
        raise ValidationError({"query": "You already follow this search."})
    if mine.count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            f"You can follow up to {MAX_SAVED_SEARCHES} searches; delete one to add another."
        )
    saved = SavedSearch(user=user, name=name, query=query)
    saved.full_clean(exclude=["unsubscribe_token"])
    saved.save()
    return saved


@transaction.atomic
def saved_search_update(
    *, user: User, saved_search: SavedSearch, name: str, query: str, frequency: str
) -> SavedSearch:
    """Change what ``saved_search`` looks for (the board query ``query``), its name and e-mails.

    A search whose e-mails were off and come back on starts from now, not from its last
    digest. Nothing is written when nothing changes.
    """
    if saved_search.user_id != user.pk:
        raise PermissionDenied("This is not your saved search.")
    saved = SavedSearch.objects.select_for_update().get(pk=saved_search.pk)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the search a name."})
    query = normalize_query(query)
    if SavedSearch.objects.filter(user=user, query=query).exclude(pk=saved.pk).exists():
        raise ValidationError({"query": "You already follow this search."})
    if (saved.name, saved.query, saved.frequency) == (name, query, frequency):
        return saved
    if saved.frequency == AlertFrequency.NEVER and frequency != AlertFrequency.NEVER:
        saved.last_sent_at = timezone.now()
    saved.name, saved.query, saved.frequency = name, query, frequency
    saved.full_clean(exclude=["unsubscribe_token"])
    saved.save()
    return saved


@transaction.atomic
def saved_search_delete(*, user: User, saved_search: SavedSearch) -> None:
    if saved_search.user_id != user.pk:
        raise PermissionDenied("This is not your saved search.")
    saved_search.delete()


@transaction.atomic
def saved_search_unsubscribe(*, token: str) -> SavedSearch | None:
    """Delete the search whose e-mail link carries ``token``; None if there is none."""
    saved = SavedSearch.objects.select_for_update().filter(unsubscribe_token=token).first()
    if saved is not None:
        saved.delete()
    return saved


@transaction.atomic
def saved_searches_unsubscribe_all(*, user: User) -> int:
    """Delete every saved search of ``user``; return how many there were."""
    deleted, _ = SavedSearch.objects.filter(user=user).delete()
    return deleted


# --- Daily digest -------------------------------------------------------------------


def digest_user_batches() -> Iterator[list[int]]:
    """IDs of active users with e-mailed searches, DIGEST_USERS_PER_TASK at a time, by user id."""
    emailed = SavedSearch.objects.exclude(frequency=AlertFrequency.NEVER)
    return digests.digest_user_batches(emailed, size=DIGEST_USERS_PER_TASK)


@transaction.atomic
def saved_search_digests_prepare(*, user_ids: list[int], until: datetime) -> int:
    """Find new matches up to ``until`` for these users' searches and queue their digests.

    Every search's ``last_sent_at`` moves to ``until``; each user with at least one new
    match gets one e-mail, sent after commit. Costs one query per saved search (each has
    its own filters; a second one when it names skills, to check them) plus the lock and
    the update; searches another run holds are skipped, not waited for.
    Returns how many digests were queued.
    """
    return digests.digests_prepare(
        subscriptions=SavedSearch.objects.filter(_due(until), created_at__lte=until).order_by(
            "user_id", "created_at", "id"
        ),
        user_ids=user_ids,
        until=until,
        news=_new_matches,
        send=saved_search_digest_send,
    )


def _due(until: datetime) -> Q:
    """Searches whose digest is due at ``until``: daily ones, and weekly ones a week on."""
    week_before = until - WEEKLY_GAP
    return Q(frequency=AlertFrequency.DAILY) | Q(
        Q(last_sent_at__lte=week_before)
        | Q(last_sent_at__isnull=True, created_at__lte=week_before),
        frequency=AlertFrequency.WEEKLY,
    )


def _new_matches(search: SavedSearch, until: datetime) -> Section | None:
    """The newest live postings matching ``search`` since it was last sent, if any."""
    filterset = PostingFilter(QueryDict(search.query))
    if not filterset.is_valid():
        # A skill the search named has since been removed: nothing can match it.
        return None
    query = filterset.query
    since = search.last_sent_at or search.created_at
    if query.posted_after is not None:  # "posted within N days" of the run
        since = max(since, query.posted_after)
    news = replace(query, sort="newest", posted_after=since, posted_until=until)
    keys = JobPosting.objects.only("posted_at")  # what a page's cursor reads
    page = board_page(news, size=DIGEST_POSTINGS_PER_SEARCH, rows=keys)
    if not page.items:
        return None
    return (search.pk, [posting.pk for posting in page.items], page.has_next)


@dataclass(frozen=True)
class DigestSection:
    search: SavedSearch
    postings: list[JobPosting]
    more: bool
    search_url: str
    unsubscribe_url: str


def saved_search_digest_send(*, user_id: int, sections: Sequence[Sequence[Any]]) -> int:
    """Send one user's digest of ``(search id, posting ids, more)`` sections; return 1 if sent.

    Searches deleted and postings closed since the digest was prepared are left out;
    when nothing is left, nothing is sent. Costs three queries whatever the size.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    searches = SavedSearch.objects.filter(user=user).in_bulk([pk for pk, _, _ in sections])
    wanted = [posting_id for _, posting_ids, _ in sections for posting_id in posting_ids]
    postings = JobPosting.objects.on_board().select_related("company").in_bulk(wanted)
    blocks = []
    for search_id, posting_ids, more in sections:
        search = searches.get(search_id)
        live = [postings[pk] for pk in posting_ids if pk in postings]
        if search is not None and live:
            blocks.append(_section(search, live, more))
    if not blocks:
        return 0
    site = settings.SITE_URL
    unsubscribe_all_url = site + reverse(
        "jobs:saved_search_unsubscribe_all", args=[unsubscribe_all_token(user)]
    )
    context = {
        "sections": blocks,
        "site_url": site,
        "manage_url": site + reverse("jobs:saved_searches"),
        "unsubscribe_all_url": unsubscribe_all_url,
    }
    if len(blocks) == 1:
        subject = f"New product roles for “{blocks[0].search.name}”"
    else:
        subject = f"New product roles for {len(blocks)} of your saved searches"
    message = email_build(
        subject=subject,
        body=render_to_string("jobs/email/digest.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_all_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return message.send(fail_silently=False)


def _section(search: SavedSearch, postings: list[JobPosting], more: bool) -> DigestSection:
    site = settings.SITE_URL
    return DigestSection(
        search=search,
        postings=postings,
        more=more,
        search_url=site + board_url(search.query),
        unsubscribe_url=site
        + reverse("jobs:saved_search_unsubscribe", args=[search.unsubscribe_token]),
    )
