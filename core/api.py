"""What every app's API shares: services' errors as HTTP answers, and pages that never count."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import exceptions, serializers
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from core.pagination import Page, keyset_page


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, also answering a service's ``ValidationError`` with 400 and field errors.

    DRF already answers Django's ``PermissionDenied`` with 403 and ``Http404`` with 404;
    errors a model's ``clean()`` raises for the whole object come back under DRF's
    ``non_field_errors`` key, like a serializer's own.
    """
    if isinstance(exc, DjangoValidationError):
        errors = serializers.as_serializer_error(exc)
        if NON_FIELD_ERRORS in errors:
            errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
        exc = exceptions.ValidationError(errors)
    return drf_exception_handler(exc, context)


class KeysetPagination(BasePagination):
    """Cursor pages in a fixed order (``ordering``, ending in a unique key), never counted.

    Each page asks for the rows after the last one shown (core.pagination.keyset_page), so a
    deep page costs what the first costs and no request counts the result. The body is
    ``{"next": <link to the next page, or null>, "results": [...]}``; a cursor that does not
    decode starts from the first page. A view whose selector cuts its own pages hands them to
    ``paginate_page``; for a numbered page (core.pagination.offset_page) ``next`` carries
    ``page`` instead of ``cursor``.
    """

    ordering: tuple[str, ...] = ("-id",)
    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"
    page_query_param = "page"

    page: Page
    request: Request

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: APIView | None = None
    ) -> list[Any]:
        page = keyset_page(
            queryset,
            keys=list(self.ordering),
            cursor=request.query_params.get(self.cursor_query_param),
            size=self.get_page_size(request),
        )
        return self.paginate_page(page, request)

    def paginate_page(self, page: Page, request: Request) -> list[Any]:
        """Serve a page a selector has already cut, with this paginator's links and body."""
        self.request = request
        self.page = page
        return page.items

    def get_page_size(self, request: Request) -> int:
        """The size the client asked for, within 1..max_page_size; the default otherwise."""
        try:
            size = int(request.query_params[self.page_size_query_param])
        except (KeyError, ValueError):
            return self.page_size
        return min(size, self.max_page_size) if size > 0 else self.page_size

    def get_next_link(self) -> str | None:
        url = self.request.build_absolute_uri()
        if self.page.next_cursor is not None:
            url = remove_query_param(url, self.page_query_param)
            return replace_query_param(url, self.cursor_query_param, self.page.next_cursor)
        if self.page.next_page is not None:
            url = remove_query_param(url, self.cursor_query_param)
            return replace_query_param(url, self.page_query_param, self.page.next_page)
        return None

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page; null on the last one.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "Where the page starts: take it from the previous page's `next`.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Rows per page (default {self.page_size}, "
                f"at most {self.max_page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
