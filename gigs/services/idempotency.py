"""Idempotency keys: the same key and request twice moves money once and answers the same.

The key row is inserted first, inside the caller's transaction: a concurrent request with
the same key waits on the unique index until the first commits (then reads its result) or
rolls back (then does the work itself).
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction

from accounts.models import User
from gigs.errors import IdempotencyConflict
from gigs.models import IdempotencyKey, LedgerTransaction


def fingerprint(action: str, arguments: Mapping[str, Any]) -> str:
    payload = json.dumps({"action": action, "arguments": arguments}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@transaction.atomic
def idempotent(
    *,
    user: User,
    key: str | None,
    action: str,
    arguments: Mapping[str, Any],
    run: Callable[[], LedgerTransaction],
) -> LedgerTransaction:
    """Run ``run`` once per (user, key); replay its transaction for the same request."""
    if key is None:
        return run()
    digest = fingerprint(action, arguments)
    record, created = IdempotencyKey.objects.get_or_create(
        user=user, key=key, defaults={"fingerprint": digest}
    )
    if record.fingerprint != digest:
        raise IdempotencyConflict(
            "This idempotency key was already used for a different request.",
            code="idempotency_conflict",
        )
    if not created and record.result is not None:
        return record.result
    result = run()
    record.result = result
    record.save(update_fields=["result"])
    return result
