"""What every app's API shares: errors as HTTP answers and in the schema, pages that never count."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from django_filters import utils as filter_utils
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ComponentRegistry
from rest_framework import exceptions, generics, permissions, serializers
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from core.pagination import Page, PageOf, keyset_page, page_number


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


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, for a person to read.")


# The errors each operation may answer, and what each means (ApiSchema adds them).
BAD_REQUEST = (
    "Bad input: each field's messages under its name, `non_field_errors` for the request "
    "as a whole, or `detail`."
)
UNAUTHENTICATED = "A missing, wrong or revoked token."
FORBIDDEN = "Not allowed for this account."
NOT_FOUND = "No such object, or not one you may see."
THROTTLED = "Too many requests: wait and try again."
UNSUPPORTED_MEDIA = "The body is in a media type this operation does not read, or names none."
# Permissions that never answer 403: without a user, token authentication answers 401.
NEVER_FORBIDDEN = (
    permissions.AllowAny,
    permissions.IsAuthenticated,
    permissions.IsAuthenticatedOrReadOnly,
)


class ApiSchema(AutoSchema):
    """drf-spectacular's operations, with every error status the operation can answer.

    Any request can carry a bad token (401); a body or query parameters (filters, page size)
    can be refused (400); permissions other than signing in, and CSRF on writes, can refuse
    (403); a path with an ID can miss (404); a body in a media type no parser reads can be
    refused (415); a throttled view can say slow down (429). A status an operation declares
    itself keeps its own body.
    """

    def get_operation(
        self,
        path: str,
        path_regex: str,
        path_prefix: str,
        method: str,
        registry: ComponentRegistry,
    ) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        fields = {"type": "object", "additionalProperties": {}}
        queried = any(parameter["in"] == "query" for parameter in operation.get("parameters", []))
        statuses = self.error_statuses(queried=queried, body="requestBody" in operation)
        for code, description in statuses.items():
            schema = fields if code == 400 else error
            operation["responses"].setdefault(
                str(code),
                {"description": description, "content": {"application/json": {"schema": schema}}},
            )
        return operation

    def error_statuses(self, *, queried: bool, body: bool) -> dict[int, str]:
        """What this operation may answer besides success.

        ``queried``: it has query parameters; ``body``: it reads a request body.
        """
        writes = self.method not in permissions.SAFE_METHODS
        errors = {401: UNAUTHENTICATED}
        if writes or queried:
            errors[400] = BAD_REQUEST
        checks = self.view.get_permissions()
        if writes or any(not isinstance(check, NEVER_FORBIDDEN) for check in checks):
            errors[403] = FORBIDDEN
        if "{" in self.path:
            errors[404] = NOT_FOUND
        if body:
            errors[415] = UNSUPPORTED_MEDIA
        if self.view.get_throttles():
            errors[429] = THROTTLED
        return dict(sorted(errors.items()))


class BlankAddressesMixin:
    """For a ModelSerializer: a URL or e-mail field the model lets be blank may answer "".

    DRF drops ``allow_blank`` from read-only fields, so their schema would promise a URI or an
    address where the API answers an empty string. A field class that allows blanks by
    itself keeps the promise honest (drf-spectacular documents it as the address or "").
    """

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[type, dict]:
        field_class, kwargs = super().build_standard_field(  # type: ignore[misc]
            field_name, model_field
        )
        if model_field.blank:
            if isinstance(model_field, models.URLField):
                field_class = BlankableURLField
            elif isinstance(model_field, models.EmailField):
                field_class = BlankableEmailField
        return field_class, kwargs


class BlankableURLField(serializers.URLField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"allow_blank": True, **kwargs})


class BlankableEmailField(serializers.EmailField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"allow_blank": True, **kwargs})


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
        """The size the client asked for, or the default; outside 1..max_page_size, a 400."""
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return self.page_size
        try:
            size = int(asked)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            message = f"Give a whole number from 1 to {self.max_page_size}."
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return size

    def get_page_number(self, request: Request) -> int:
        """The numbered page the client asks for, 1 when none; outside 1..MAX_PAGE, a 400."""
        try:
            return page_number(request.query_params.get(self.page_query_param))
        except DjangoValidationError as error:
            raise exceptions.ValidationError({self.page_query_param: error.messages}) from error

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


def board_list(view: generics.GenericAPIView, page_of: PageOf) -> Response:
    """One page of a board as its API lists it, cut by the search its web page runs.

    The view's ``filterset_class`` parses the query string (invalid filters are a 400 naming
    each field), ``page_of`` cuts the page at the request's cursor or page number, and the
    view's paginator and serializer answer it.
    """
    request = view.request
    filterset = view.filterset_class(request.query_params)  # type: ignore[attr-defined]
    if not filterset.is_valid():
        raise filter_utils.translate_validation(filterset.errors)
    paginator = cast(KeysetPagination, view.paginator)
    page = page_of(
        filterset.query,
        cursor=request.query_params.get(paginator.cursor_query_param),
        page=paginator.get_page_number(request),
        size=paginator.get_page_size(request),
    )
    rows = paginator.paginate_page(page, request)
    return view.get_paginated_response(view.get_serializer(rows, many=True).data)
