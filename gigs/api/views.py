"""The gig API: search gigs, read one, clients' writes on their own gigs, and proposals.

Ownership as on the site: a client's writes look the gig up among their own (404 for anyone
else's); a proposal is for its freelancer, the gig's client and staff alone (404 for others).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.http import caller
from core.api import KeysetPagination, board_list
from core.validators import SLUG_PATTERN
from gigs import search, selectors
from gigs.filters import GigFilter
from gigs.models import Gig, Proposal
from gigs.services import gigs as services
from gigs.services import proposals as proposal_services

from .serializers import (
    DeclineSerializer,
    GigDetailSerializer,
    GigSerializer,
    GigWriteSerializer,
    ProposalSerializer,
    ProposalWriteSerializer,
)


class GigPagination(KeysetPagination):
    """Pages cut as /gigs/ cuts them (gigs.search.gig_page): a cursor, or `page` for best match."""

    ordering = ("-posted_at", "-id")
    page_size = search.PAGE_SIZE


@extend_schema_view(
    list=extend_schema(
        summary="Search open gigs",
        description=(
            "The same filters and keywords as the /gigs/ page; only open gigs are listed. "
            "Pages never count the result: follow `next` until it is null."
        ),
    ),
    retrieve=extend_schema(
        summary="One gig",
        description="Open, closed, in-progress and completed gigs are public; drafts and "
        "hidden gigs only for their client and staff (404 for everyone else).",
    ),
    create=extend_schema(
        summary="Post a gig",
        request=GigWriteSerializer,
        responses={201: GigDetailSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit your gig",
        description="Until work starts. Someone else's gig answers 404.",
        request=GigWriteSerializer,
        responses=GigDetailSerializer,
    ),
)
class GigViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = GigFilter
    filter_backends = [DjangoFilterBackend]
    pagination_class = GigPagination
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        if self.action in ("list", "retrieve"):
            return search.cards(Gig.objects.listed())
        user = self.request.user
        if not user.is_authenticated:
            return Gig.objects.none()
        return Gig.objects.filter(client=user)

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "list":
            return GigSerializer
        if self.action in ("create", "partial_update"):
            return GigWriteSerializer
        if self.action == "proposals":
            if self.request.method == "POST":
                return ProposalWriteSerializer
            return ProposalSerializer
        return GigDetailSerializer

    def get_object(self) -> Gig:
        slug = self.kwargs[self.lookup_field]
        if self.action == "retrieve":
            return selectors.gig_for_page(slug=slug, user=self.request.user)
        return get_object_or_404(self.get_queryset(), slug=slug)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return board_list(self, search.gig_page)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = GigWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        gig = services.gig_create(
            client=caller(request),
            fields=body.service_fields(),
            skills=body.validated_data.get("skills", []),
            company=body.validated_data.get("company"),
            publish=body.validated_data.get("publish", False),
        )
        return self._detail(gig, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        gig = self.get_object()
        body = GigWriteSerializer(gig, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        gig = services.gig_update(
            gig=gig,
            user=caller(request),
            fields=body.service_fields(),
            skills=body.validated_data.get("skills"),
            change_company="company" in body.validated_data,
            company=body.validated_data.get("company"),
        )
        return self._detail(gig)

    @extend_schema(
        methods=["GET"],
        summary="The proposals on your gig",
        description="For the gig's client and staff; 404 for everyone else.",
        responses=ProposalSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Send a proposal",
        description="One per freelancer on an open gig; not on your own gig (403).",
        request=ProposalWriteSerializer,
        responses={201: ProposalSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        permission_classes=[permissions.IsAuthenticated],
        pagination_class=None,
        filter_backends=[],
    )
    def proposals(self, request: Request, slug: str) -> Response:
        if request.method == "POST":
            gig = selectors.gig_taking_proposals(slug=slug)
            body = ProposalWriteSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            proposal = proposal_services.proposal_submit(
                gig=gig, freelancer=caller(request), fields=body.service_fields()
            )
            return Response(
                ProposalSerializer(proposal, context=self.get_serializer_context()).data,
                status=status.HTTP_201_CREATED,
            )
        gig = selectors.gig_for_page(slug=slug, user=request.user)
        rows = selectors.gig_proposals(gig=gig, user=request.user)
        return Response(ProposalSerializer(rows, many=True).data)

    def _detail(self, gig: Gig, code: int = status.HTTP_200_OK) -> Response:
        gig = selectors.gig_for_page(slug=gig.slug, user=self.request.user)
        context = self.get_serializer_context()
        return Response(GigDetailSerializer(gig, context=context).data, status=code)


@extend_schema_view(
    retrieve=extend_schema(
        summary="One proposal",
        description="For its freelancer, the gig's client and staff; 404 for everyone else.",
    ),
    partial_update=extend_schema(
        summary="Edit your proposal",
        description="Until the client shortlists or declines it.",
        request=ProposalWriteSerializer,
        responses=ProposalSerializer,
    ),
)
class ProposalViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    # An id the database can hold: longer digit strings are no proposal's (and past 4,300
    # digits Python refuses to read them as a number).
    lookup_value_regex = "[0-9]{1,18}"
    serializer_class = ProposalSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = Proposal.objects.none()

    def get_object(self) -> Proposal:
        return selectors.proposal_for(pk=int(self.kwargs["pk"]), user=self.request.user)

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "partial_update":
            return ProposalWriteSerializer
        if self.action == "decline":
            return DeclineSerializer
        return ProposalSerializer

    def partial_update(self, request: Request, pk: str) -> Response:
        body = ProposalWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        proposal = proposal_services.proposal_update(
            proposal=self.get_object(), user=caller(request), fields=body.service_fields()
        )
        return Response(ProposalSerializer(proposal).data)

    @extend_schema(summary="Withdraw your proposal", request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        proposal = proposal_services.proposal_withdraw(
            proposal=self.get_object(), user=caller(request)
        )
        return Response(ProposalSerializer(proposal).data)

    @extend_schema(
        summary="Shortlist a proposal on your gig", request=None, responses=ProposalSerializer
    )
    @action(detail=True, methods=["post"])
    def shortlist(self, request: Request, pk: str) -> Response:
        proposal = proposal_services.proposal_shortlist(
            proposal=self.get_object(), user=caller(request)
        )
        return Response(ProposalSerializer(proposal).data)

    @extend_schema(
        summary="Decline a proposal on your gig",
        request=DeclineSerializer,
        responses=ProposalSerializer,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        body = DeclineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal = proposal_services.proposal_decline(
            proposal=self.get_object(),
            user=caller(request),
            reason=body.validated_data.get("reason", ""),
        )
        return Response(ProposalSerializer(proposal).data)
