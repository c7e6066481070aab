"""A freelancer's gig feed: its private link's token, and the opt-in daily e-mail of new gigs.

The digest runs through the outbox's daily-digest machinery (``outbox.digests``), as saved
job searches do: new gigs since the last digest (or since opting in), nothing sent when
nothing is new, and a second run over the same period sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from gigs.models import FreelancerProfile, Gig, GigFeedSubscription
from gigs.models.feeds import new_feed_token
from gigs.search import GigQuery, for_you_page
from gigs.search.for_you import skill_ids_of
from outbox import digests
from outbox.mail import email_build, emails_send

# Users per digest task: each costs two queries (their skills, their new gigs), so a task
# stays within a few hundred short queries and a retry redoes little.
DIGEST_USERS_PER_TASK = 200
# Gigs listed in one digest; the e-mail links to the page for the rest.
DIGEST_GIGS = 10

# What a digest e-mail will hold: (gig ids best first, more exist). Celery's JSON turns
# the tuple into a list on the way to the sending task.
Section = tuple[list[int], bool]
_DIGEST_STOP_SALT = "gigs.for-you.digest-stop"


def gig_feed_of(user: User) -> GigFeedSubscription | None:
    return GigFeedSubscription.objects.filter(user=user).first()


def gig_feed_for_token(token: str) -> GigFeedSubscription | None:
    """The subscription whose feed links carry ``token``, with its user; None if none does."""
    return GigFeedSubscription.objects.select_related("user").filter(token=token).first()


@transaction.atomic
def gig_feed_token_rotate(*, user: User) -> GigFeedSubscription:
    """Give the user's feed links a new token: links with the old one stop working."""
    subscription = _subscription_for_update(user)
    subscription.token = new_feed_token()
    subscription.save(update_fields=["token"])
    return subscription


@transaction.atomic
def gig_feed_digest_set(*, user: User, on: bool) -> None:
    """Start or stop the daily e-mail; a fresh start lists gigs posted from now on.

    Starting needs a freelancer profile; stopping never does.
    """
    if not on:
        GigFeedSubscription.objects.filter(user=user).update(digest=False)
        return
    subscription = _subscription_for_update(user)
    if not subscription.digest:
        subscription.digest = True
        subscription.digest_since = timezone.now()
        subscription.save(update_fields=["digest", "digest_since"])


def digest_stop_token(user: User) -> str:
    """A link token that stops the user's digest (for the e-mail and its List-Unsubscribe)."""
    return signing.dumps(user.pk, salt=_DIGEST_STOP_SALT)


def user_for_digest_stop_token(token: str) -> User | None:
    try:
        user_id = signing.loads(token, salt=_DIGEST_STOP_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=user_id).first()


def _subscription_for_update(user: User) -> GigFeedSubscription:
    if not user.is_authenticated or not FreelancerProfile.objects.filter(user=user).exists():
        raise ValidationError("Create your freelancer profile first: the feed follows its skills.")
    subscription, _ = GigFeedSubscription.objects.select_for_update().get_or_create(user=user)
    return subscription


# --- Daily digest -------------------------------------------------------------------


def _subscribers() -> Any:
    return GigFeedSubscription.objects.filter(digest=True)


def digest_user_batches() -> Iterator[list[int]]:
    """IDs of active users who opted in, DIGEST_USERS_PER_TASK at a time, by user id."""
    return digests.digest_user_batches(_subscribers(), size=DIGEST_USERS_PER_TASK)


@transaction.atomic
def gig_feed_digests_prepare(*, user_ids: list[int], until: datetime) -> int:
    """Find each user's new fitting gigs up to ``until`` and queue their digests.

    Costs two queries per user plus the lock, the update and the outbox insert. Returns
    how many digests were queued.
    """
    return digests.digests_prepare(
        subscriptions=_subscribers().filter(digest_since__lte=until).order_by("user_id"),
        user_ids=user_ids,
        until=until,
        news=_new_gigs,
        send=gig_feed_digest_send,
    )


def _new_gigs(subscription: GigFeedSubscription, until: datetime) -> Section | None:
    """The best-fitting gigs posted since the last digest (or the opt-in), if any."""
    since = max(filter(None, (subscription.last_sent_at, subscription.digest_since)))
    news = GigQuery(posted_after=since, posted_until=until)
    keys = Gig.objects.only("posted_at")
    page = for_you_page(skill_ids_of(subscription.user_id), query=news, size=DIGEST_GIGS, rows=keys)
    if not page.items:
        return None
    return ([gig.pk for gig in page.items], page.has_next)


def gig_feed_digest_send(*, user_id: int, sections: Sequence[Sequence[Any]]) -> int:
    """Send one user's digest of ``(gig ids, more)``; return 1 if sent.

    Gigs no longer listed are left out, and nothing is sent when none is left or the user
    has since opted out. Costs three queries whatever the size.
    """
    subscription = (
        GigFeedSubscription.objects.select_related("user")
        .filter(user_id=user_id, user__is_active=True, digest=True)
        .first()
    )
    if subscription is None:
        return 0
    wanted = [gig_id for gig_ids, _ in sections for gig_id in gig_ids]
    listed = Gig.objects.listed().in_bulk(wanted)
    gigs = [listed[pk] for pk in wanted if pk in listed]
    if not gigs:
        return 0
    site = settings.SITE_URL
    stop_url = site + reverse(
        "gigs:for_you_digest_stop", args=[digest_stop_token(subscription.user)]
    )
    context = {
        "gigs": gigs,
        "more": any(more for _, more in sections),
        "site_url": site,
        "page_url": site + reverse("gigs:for_you"),
        "stop_url": stop_url,
    }
    count = len(gigs)
    message = email_build(
        subject=f"{count} new gig{'' if count == 1 else 's'} that fit your skills",
        body=render_to_string("gigs/email/for_you_digest.txt", context),
        to=[subscription.user.email],
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return emails_send([message])
