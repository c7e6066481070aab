"""Values worth keeping in the cache, kept when the cache answers and built when it does not.

A cache that cannot be reached (Redis restarting, say) must cost speed, never the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

logger = logging.getLogger(__name__)

# Stored in place of None, so that a build that found nothing is kept too.
_NOTHING = "core.cache:nothing"


def remember(key: str, build: Callable[[], T], seconds: int) -> T:
    """The value kept under ``key``, else what ``build()`` returns, kept for ``seconds``."""
    try:
        found = cache.get(key)
    except Exception:  # any cache backend error: build without it
        logger.warning("Cache unavailable; building %s", key, exc_info=True)
        return build()
    if found is not None:
        return None if found == _NOTHING else found  # type: ignore[return-value]
    value = build()
    try:
        cache.set(key, _NOTHING if value is None else value, seconds)
    except Exception:  # the value is built; keeping it is only a saving
        logger.warning("Cache unavailable; %s not kept", key, exc_info=True)
    return value
