"""Downloading a registered feed, bounded in time and size.

Only http and https addresses are read. The timeout covers the whole download, not
just each network read, and a feed larger than the limit is refused rather than cut.
"""

from __future__ import annotations

import time
from typing import BinaryIO
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from .records import FeedError

# Long enough for a large board on a slow server, short enough to free a worker.
FETCH_TIMEOUT_SECONDS = 60
# Far above the largest job boards' feeds (tens of MB), far below a worker's memory or disk.
FETCH_MAX_BYTES = 200 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
USER_AGENT = "pmportal-feed-reader/1.0"


def download(url: str, destination: BinaryIO) -> int:
    """Write the feed at ``url`` into ``destination``; return its size in bytes."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FeedError(f"{url} is not an http or https address")
    deadline = time.monotonic() + FETCH_TIMEOUT_SECONDS
    request = Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 - scheme checked
    size = 0
    try:
        with urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > FETCH_MAX_BYTES:
                raise FeedError(_too_large(url))
            while chunk := response.read(CHUNK_BYTES):
                size += len(chunk)
                if size > FETCH_MAX_BYTES:
                    raise FeedError(_too_large(url))
                if time.monotonic() > deadline:
                    raise FeedError(f"{url} took longer than {FETCH_TIMEOUT_SECONDS} s to download")
                destination.write(chunk)
    except (URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise FeedError(f"could not download {url}: {reason}") from None
    return size


def _too_large(url: str) -> str:
    return f"{url} is larger than {FETCH_MAX_BYTES // (1024 * 1024)} MB"
