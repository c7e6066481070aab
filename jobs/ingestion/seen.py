"""What a run writes for postings it names but does not change: that it saw them.

In a snapshot a posting still listed is also open (jobs.domain.ingested_state,
status_when_relisted): its closing date moves on (and a warning that it expires soon is
due again, jobs.domain.expiry_warned_after), one that had expired opens again, and any
"no longer listed" mark goes. Nothing here changes a posting's content, so neither the
search-vector trigger nor the salary triggers run, but for a status that changes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from jobs import domain
from jobs.models import JobPosting
from jobs.services.bulk import postings_update

from .records import Posting
from .stored import Stored, stored_postings

# External ids per statement when marking rejected records' postings seen.
SEEN_BATCH_SIZE = 5000
# Columns rewritten for a posting a snapshot lists unchanged.
RELISTED_FIELDS = ["last_seen_at", "valid_through", "expiry_warned_at", "status", "unlisted_at"]

# A stored posting the feed sent unchanged, and the record.
Unchanged = tuple[Stored, Posting]


def unchanged_seen(
    unchanged: list[Unchanged],
    *,
    now: datetime,
    snapshot: bool,
    trusted: bool,
    validity: timedelta,
) -> None:
    """Mark postings the feed sent unchanged seen at ``now``, with one bulk update."""
    if not unchanged:
        return
    if not snapshot:
        ids = [stored.pk for stored, _ in unchanged]
        JobPosting.objects.filter(pk__in=ids).update(last_seen_at=now)
        return
    rows = []
    for stored, posting in unchanged:
        incoming, _, valid_through = domain.ingested_state(
            trusted=trusted,
            posted_at=posting.posted_at or stored.posted_at,
            valid_through=posting.valid_through,
            now=now,
            validity=validity,
            listed=True,
        )
        rows.append(
            {
                "id": stored.pk,
                "last_seen_at": now,
                "valid_through": valid_through,
                "expiry_warned_at": domain.expiry_warned_after(
                    warned_at=stored.expiry_warned_at,
                    valid_through=stored.valid_through,
                    moved_to=valid_through,
                ),
                "status": domain.status_when_relisted(stored.status, incoming),
                "unlisted_at": None,
            }
        )
    postings_update(rows, RELISTED_FIELDS)


def named_seen(*, source: str, external_ids: list[str], now: datetime) -> None:
    """Mark the stored postings of ``source`` with these ids seen at ``now`` (the ids of
    records the run rejected: the source still lists them), found as the store finds a
    batch's postings (jobs.ingestion.stored)."""
    for start in range(0, len(external_ids), SEEN_BATCH_SIZE):
        part = external_ids[start : start + SEEN_BATCH_SIZE]
        stored = stored_postings(source=source, external_ids=part)
        ids = [posting.pk for posting in stored.values()]
        if ids:
            JobPosting.objects.filter(pk__in=ids).update(last_seen_at=now)
