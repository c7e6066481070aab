"""Counting a posting's page views: once per visitor a day, never its team, staff or bots."""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from jobs import permissions
from jobs.models import JobPosting

logger = logging.getLogger(__name__)

# A visitor's first view of a posting on a day is remembered this long; the key names the day,
# so a view the next day counts again.
SEEN_SECONDS = 24 * 60 * 60
# User agents of crawlers, link previews, headless browsers and scripts.
BOT_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|externalhit|preview|headless|lighthouse|"
    r"curl|wget|python|java/|go-http|okhttp|httpclient|libwww|scrapy",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return BOT_AGENT.search(user_agent) is not None


def posting_record_view(
    *,
    posting: JobPosting,
    viewer: User | AnonymousUser,
    address: str,
    user_agent: str,
    today: date | None = None,
) -> bool:
    """Count this view unless the visitor was counted today; return whether it counted.

    A signed-in visitor is their account; anyone else is their address and browser. Only
    the first view of the day writes to the posting row: the cache remembers the rest.
    """
    if not posting.is_open or is_bot(user_agent):
        return False
    if viewer.is_authenticated:
        if permissions.can_manage(viewer, posting):
            return False
        visitor = f"user:{viewer.pk}"
    else:
        visitor = hashlib.sha256(f"{address}|{user_agent}".encode()).hexdigest()[:32]
    day = (today or timezone.localdate()).isoformat()
    try:
        first = cache.add(f"jobs:seen:{posting.pk}:{day}:{visitor}", True, SEEN_SECONDS)
    except Exception:  # any cache backend error: a lost view costs less than a failed page
        logger.warning("View cache unavailable; view not counted", exc_info=True)
        return False
    if first:
        JobPosting.objects.filter(pk=posting.pk).update(views=F("views") + 1)
    return bool(first)
