"""The board pages' shared view logic: a search form beside one page of results.

/jobs/ and /gigs/ each pair a ``core.filters.BoardFilterSet`` with their search's page
function; these helpers run the one with the other and name the template htmx or a full
page needs, so both boards answer alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, QueryDict

from core.filters import BoardFilterSet
from core.http import HtmxHttpRequest
from core.pagination import MatchCount, PageOf, page_position

PAGE_POSITION = ("cursor", "page")


def without_position(data: QueryDict) -> str:
    """The query string of ``data`` without its page position: what the board's links carry."""
    filters = data.copy()
    for key in PAGE_POSITION:
        filters.pop(key, None)
    return filters.urlencode()


def results_template(request: HtmxHttpRequest, *, results: str, full: str) -> str:
    """``results`` for an htmx request, ``full`` otherwise."""
    # htmx swaps the results alone; a full page shows the search form beside them.
    return results if request.htmx else full


def status(request: HtmxHttpRequest, *, valid: bool) -> int:
    """The board's status code: 400 for invalid filters, except to htmx.

    htmx swaps no 4xx answer, so it gets 200 and swaps in the results with the form's
    errors beside their fields.
    """
    return 200 if valid or request.htmx else 400


def board_context(
    request: HttpRequest,
    filterset: BoardFilterSet,
    page_of: PageOf,
    count_of: Callable[[Any], MatchCount] | None = None,
) -> tuple[dict[str, Any], bool]:
    """What the board's templates show, and whether the filters were valid.

    Valid filters get the page ``page_of`` cuts at the request's position and, for a board
    that counts its matches, what ``count_of`` counts; invalid ones get neither, and the
    templates show the form's errors. Links carry the filter set's data, which may hold more
    than the request's (a default currency).
    """
    valid = filterset.is_valid()
    page = count = None
    if valid:
        position = page_position(request.GET)
        page = page_of(filterset.query, cursor=position.cursor, page=position.page)
        if count_of is not None:
            count = count_of(filterset.query)
    context = {
        "filter": filterset,
        "page": page,
        "count": count,
        "query": without_position(filterset.data),
        "filters_active": filterset.active_filter_count,
    }
    return context, valid
