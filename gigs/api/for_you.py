"""The signed-in user's gig feed in the API: open gigs ranked by how many of their skills fit."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import caller
from core.api import KeysetPagination
from core.pagination import MAX_PAGE
from gigs import search
from gigs.models import Gig
from gigs.search.for_you import skill_ids_of

from .serializers import GigSerializer


class GigForYouSerializer(GigSerializer):
    """A gig of the feed: a gig list row, and which of your skills it asks for."""

    match_count = serializers.IntegerField(
        read_only=True, help_text="How many of your profile's skills the gig asks for."
    )
    matched_skills = serializers.SerializerMethodField(
        help_text="Slugs of your profile's skills the gig asks for, by name."
    )

    class Meta(GigSerializer.Meta):
        fields = [*GigSerializer.Meta.fields, "match_count", "matched_skills"]
        read_only_fields = fields

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_matched_skills(self, gig: Gig) -> list[str]:
        return [skill.slug for skill in getattr(gig, "matched_skills", ())]


class ForYouPagination(KeysetPagination):
    """Numbered pages over the capped ranking (gigs.search.for_you_page)."""

    page_size = search.PAGE_SIZE

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        size, *_ = [
            parameter
            for parameter in super().get_schema_operation_parameters(view)
            if parameter["name"] == self.page_size_query_param
        ]
        page = {
            "name": self.page_query_param,
            "in": "query",
            "required": False,
            "description": "The page number: take it from the previous page's `next`.",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
        }
        return [page, size]


class GigsForYouView(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = GigForYouSerializer
    pagination_class = ForYouPagination
    queryset = Gig.objects.none()

    @extend_schema(
        summary="Open gigs that fit your skills",
        description=(
            "Open gigs asking for any skill on your freelancer profile: the most of your "
            "skills first, then newest, as on /gigs/for-you/. Gigs asking for none of them, "
            "and everyone's gigs when you have no profile or no skills, are left out. "
            "Follow `next` until it is null."
        ),
        responses=GigForYouSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        paginator: ForYouPagination = self.paginator  # type: ignore[assignment]
        page = search.for_you_page(
            skill_ids_of(caller(request).pk),
            page=paginator.get_page_number(request),
            size=paginator.get_page_size(request),
        )
        rows = paginator.paginate_page(page, request)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)
