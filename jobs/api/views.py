"""The job board API: search postings, read one, and recruiters' writes on their own postings.

Ownership: every endpoint that changes a posting or shows its applicants looks the posting up
among the caller's own (selectors.recruiter_postings: postings of the companies they recruit
for) and answers 404 for anyone else's, so a draft's slug reveals nothing. Reading one
posting is open to all for published, expired and filled postings, and to its recruiters
and staff in every status. Staff moderate in the admin; through the API they act only for
companies they recruit for, like anyone else.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.http import caller
from accounts.models import User
from core.api import KeysetPagination, board_list
from core.pagination import MAX_PAGE
from core.validators import SLUG_PATTERN
from jobs import board_cache, search, selectors
from jobs.filters import PostingFilter
from jobs.models import ApplicationStatus, JobPosting
from jobs.services import postings as services

from .serializers import (
    ApplicationSerializer,
    CompanySerializer,
    PostingCloseSerializer,
    PostingCreateSerializer,
    PostingDetailSerializer,
    PostingRowSerializer,
    PostingUpdateSerializer,
)

MINE = OpenApiParameter(
    "mine",
    OpenApiTypes.BOOL,
    description=(
        "true: the postings of the companies you recruit for, in every status, newest first "
        "(filters apply, `sort` does not). Needs authentication; empty for non-recruiters."
    ),
)
WHERE = OpenApiParameter(
    "where",
    OpenApiTypes.STR,
    description=(
        "A place or workplace: a city (`Berlin`), a country by name or ISO code (`Germany`, "
        "`DE`), a US state or Canadian province code (`CA` finds California and Canada), "
        "`city, region` (`Austin, TX`), and `remote` or `hybrid`, alone or with a place "
        "(`remote, Germany`)."
    ),
)
CURRENCY = OpenApiParameter(
    "currency",
    OpenApiTypes.STR,
    description=(
        "ISO 4217 code of `salary_at_least`, required with it: the API does not guess a "
        "currency (the /jobs/ page fills in the visitor's)."
    ),
)
APPLICATION_STATUS = OpenApiParameter(
    "status", OpenApiTypes.STR, enum=ApplicationStatus.values, description="Only this status."
)


class PostingPagination(KeysetPagination):
    """Pages of postings, cut as the /jobs/ page cuts them (jobs.search.board_page).

    Newest (the default) and salary orders walk a cursor. Best match (`sort=relevance`, the
    default with `q`) ranks a capped set of the newest matches (search.board.RANK_CANDIDATES)
    and pages it by number: `next` then carries `page`. A recruiter's own postings walk a
    cursor in creation order, newest first.
    """

    ordering = ("-created_at", "-id")
    page_size = search.PAGE_SIZE

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.page_query_param,
                "in": "query",
                "required": False,
                "description": "Page number, used by best-match pages: follow `next`.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
        ]


class ApplicationPagination(KeysetPagination):
    page_size = selectors.APPLICATIONS_PAGE_SIZE


class CompanyPagination(KeysetPagination):
    ordering = ("name", "id")


@extend_schema_view(
    list=extend_schema(
        summary="Search the job board",
        description=(
            "The same filters and keywords as the /jobs/ page. Pages never count the "
            "result: follow `next` until it is null."
        ),
        parameters=[MINE, WHERE, CURRENCY],
    ),
    retrieve=extend_schema(
        summary="One posting",
        description=(
            "Published, expired and filled postings are public; drafts and other statuses "
            "only for the company's recruiters and staff (404 for everyone else)."
        ),
        responses=PostingDetailSerializer,
    ),
    create=extend_schema(
        summary="Create a draft posting",
        description="For a company you recruit for (403 otherwise). Submit it afterwards.",
        request=PostingCreateSerializer,
        responses={201: PostingDetailSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit your posting",
        description=(
            "Only the recruiter fields change; status, company and provenance are ignored. "
            "A live posting of an unverified company goes back to review. "
            "Someone else's posting answers 404."
        ),
        request=PostingUpdateSerializer,
        responses=PostingDetailSerializer,
    ),
)
class PostingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = PostingFilter
    filter_backends = [DjangoFilterBackend]
    pagination_class = PostingPagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if self.action == "list" and not self.lists_own():
            return search.cards(JobPosting.objects.on_board())
        user = self.request.user
        if not user.is_authenticated:
            return JobPosting.objects.none()
        if self.action == "list":
            return selectors.recruiter_cards(cast(User, user))
        return selectors.recruiter_postings(cast(User, user))

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "list":
            return PostingRowSerializer
        if self.action == "create":
            return PostingCreateSerializer
        if self.action == "partial_update":
            return PostingUpdateSerializer
        return PostingDetailSerializer

    def get_object(self) -> JobPosting:
        slug = self.kwargs[self.lookup_field]
        if self.action == "retrieve":
            # Anonymous callers are welcome here: the selector shows them public postings.
            posting = selectors.posting_for_page(slug=slug, user=cast(User, self.request.user))
        else:
            posting = get_object_or_404(self.get_queryset(), slug=slug)
        self.check_object_permissions(self.request, posting)
        return posting

    def lists_own(self) -> bool:
        return self.request.query_params.get("mine", "") in serializers.BooleanField.TRUE_VALUES

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if self.lists_own():
            if not request.user.is_authenticated:
                raise exceptions.NotAuthenticated("Sign in to list your own postings.")
            return super().list(request, *args, **kwargs)
        # DRF's request wraps Django's, which carries the user DRF authenticated.
        return Response(board_cache.cached(request._request, "api", lambda: self.board(request)))

    def board(self, request: Request) -> dict[str, Any]:
        """One page of the public board, as the list answers it.

        The board is cut by the search the /jobs/ page runs, so the two always list the
        same postings.
        """
        return board_list(self, search.board_page).data

    def perform_create(self, serializer: BaseSerializer[JobPosting]) -> None:
        create = cast(PostingCreateSerializer, serializer)
        serializer.instance = services.posting_create(
            user=caller(self.request),
            company=create.validated_data["company"],
            fields=create.service_fields(),
            skills=create.validated_data.get("skills", []),
        )

    def perform_update(self, serializer: BaseSerializer[JobPosting]) -> None:
        update = cast(PostingUpdateSerializer, serializer)
        serializer.instance = services.posting_update(
            posting=cast(JobPosting, update.instance),
            user=caller(self.request),
            fields=update.service_fields(),
            skills=update.validated_data.get("skills"),
        )

    @extend_schema(
        summary="Submit your posting for review",
        description="A draft or rejected posting goes to review; a verified company's goes live.",
        request=None,
        responses=PostingDetailSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def submit(self, request: Request, slug: str) -> Response:
        posting = services.posting_submit(posting=self.get_object(), user=caller(request))
        return self._detail(posting)

    @extend_schema(
        summary="Close your posting",
        description="As filled (a published posting whose role is taken) or withdrawn (archived).",
        request=PostingCloseSerializer,
        responses=PostingDetailSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def close(self, request: Request, slug: str) -> Response:
        body = PostingCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        posting = services.posting_close(
            posting=self.get_object(), user=caller(request), filled=body.validated_data["filled"]
        )
        return self._detail(posting)

    @extend_schema(
        summary="Repost your closed posting",
        description="Opens an expired, filled or archived posting again with fresh dates.",
        request=None,
        responses=PostingDetailSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def repost(self, request: Request, slug: str) -> Response:
        posting = services.posting_repost(posting=self.get_object(), user=caller(request))
        return self._detail(posting)

    @extend_schema(
        summary="Applications to your posting",
        description="Newest first. Someone else's posting answers 404.",
        parameters=[APPLICATION_STATUS],
        responses=ApplicationSerializer(many=True),
    )
    @action(
        detail=True,
        permission_classes=[permissions.IsAuthenticated],
        pagination_class=ApplicationPagination,
        filter_backends=[],
    )
    def applications(self, request: Request, slug: str) -> Response:
        posting = self.get_object()
        status = request.query_params.get("status") or None
        if status is not None and status not in ApplicationStatus.values:
            message = f"{status} is not an application status."
            raise exceptions.ValidationError({"status": [message]})
        paginator = cast(ApplicationPagination, self.paginator)
        page = selectors.posting_applicants(
            posting,
            status=status,
            cursor=request.query_params.get(paginator.cursor_query_param),
            size=paginator.get_page_size(request),
        )
        rows = paginator.paginate_page(page, request)
        data = ApplicationSerializer(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def _detail(self, posting: JobPosting) -> Response:
        context = self.get_serializer_context()
        return Response(PostingDetailSerializer(posting, context=context).data)


@extend_schema_view(
    list=extend_schema(summary="Companies hiring product managers"),
    retrieve=extend_schema(summary="One company"),
)
class CompanyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CompanySerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    pagination_class = CompanyPagination
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet:
        return selectors.companies_with_open_postings()
