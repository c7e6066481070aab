"""The job list as visitors who are not signed in see it, cached per query.

Every anonymous visitor gets the same page for the same query, so the list page's board,
its htmx results and the API's list pages are kept in the cache under the board's version.
Each write that changes what the board shows calls ``board_changed()`` (the posting
services, approval and rejection included, the ingestion service and the admin), which
moves the version on: older entries are never read again and expire on their own.
JOBS_BOARD_CACHE_SECONDS bounds how long an entry lives, and with it how stale a change
made outside those writes can get (a filter relative to now, such as "posted within a
day", or an edit made in a shell). A cache that cannot be reached costs speed, never the
page.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, QueryDict

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
VERSION_KEY = "jobs:board:version"

logger = logging.getLogger(__name__)


def board_changed() -> None:
    """Move the board's version on now and again once the current transaction commits.

    The first move lets this connection's next read see the change at once; the second
    drops what another reader cached from the rows as they were before the commit.
    """
    _bump()
    transaction.on_commit(_bump)


def changes_board(service: F) -> F:
    """Mark a service whose writes change what the board shows: it calls ``board_changed()``."""

    @functools.wraps(service)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = service(*args, **kwargs)
        board_changed()
        return result

    return cast(F, wrapper)


def cached(
    request: HttpRequest, kind: str, build: Callable[[], T], *, query: QueryDict | None = None
) -> T:
    """What ``build()`` returns for this request, from the cache for anonymous visitors.

    ``kind`` names the response (page, htmx results, API data). The key holds the board's
    version, the scheme and host (API pages carry absolute links) and the query with its
    parameters in a fixed order: ``query`` when the response is built from more than the
    request's (a default currency), else the request's. Whatever ``build()`` raises is
    raised, and not cached.
    """
    seconds = settings.JOBS_BOARD_CACHE_SECONDS
    if not seconds or request.user.is_authenticated:
        return build()
    try:
        key, found = _lookup(_where(request, kind, request.GET if query is None else query))
    except Exception:  # any cache backend error: serve the page uncached
        logger.warning("Job board cache unavailable; serving uncached", exc_info=True)
        return build()
    if found is not None:
        return found
    value = build()
    try:
        cache.set(key, value, seconds)
    except Exception:  # the page is built; keeping it is only a saving
        logger.warning("Job board cache unavailable; page not kept", exc_info=True)
    return value


def _where(request: HttpRequest, kind: str, query: QueryDict) -> str:
    params = sorted((name, value) for name in query for value in query.getlist(name))
    where = f"{kind}:{request.scheme}://{request.get_host()}{request.path}?{params!r}"
    return hashlib.sha256(where.encode()).hexdigest()[:32]


# The version this process saw last: the entry under it is asked for with the current
# version, in one round trip; only after a change does a second one follow.
_last_version: int | None = None


def _lookup(where: str) -> tuple[str, Any]:
    """The entry's key under the board's current version, and the entry or None."""
    global _last_version
    if _last_version is not None:
        guess = _entry_key(_last_version, where)
        found = cache.get_many([VERSION_KEY, guess])
        if found.get(VERSION_KEY) == _last_version:
            return guess, found.get(guess)
    _last_version = _version()
    key = _entry_key(_last_version, where)
    return key, cache.get(key)


def _entry_key(version: int, where: str) -> str:
    return f"jobs:board:{version}:{where}"


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new number, never one a lost version key had reached, so old entries stay unread.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return int(version)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or it was evicted): start a new one
        cache.set(VERSION_KEY, time.time_ns(), None)
    except Exception:  # entries under the old version expire within their timeout
        logger.warning("Job board cache unavailable; version not moved", exc_info=True)
