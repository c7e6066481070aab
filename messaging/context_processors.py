"""The header's unread-message count for signed-in users."""

from collections.abc import Callable
from functools import partial

from django.http import HttpRequest

from messaging import selectors


def unread_messages(request: HttpRequest) -> dict[str, Callable[[], int] | int]:
    """A callable, so only pages that show the header run its one query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_messages": 0}
    return {"unread_messages": partial(selectors.unread_total, user=user)}
