"""The careers API: read paths, certifications and skill demand; compute a skill gap."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from careers import selectors
from careers.filters import CertificationFilter
from careers.models import CareerPath, CareerStep, Certification, Skill
from core.api import KeysetPagination
from core.taxonomy import Level
from core.validators import SLUG_PATTERN

from .serializers import (
    CertificationSerializer,
    PathDetailSerializer,
    PathSerializer,
    SkillGapRequestSerializer,
    SkillGapSerializer,
    SkillSerializer,
)

LEVEL = OpenApiParameter(
    "level",
    OpenApiTypes.STR,
    enum=Level.values,
    description="Demand at this level only (default: all published postings).",
)


class PathPagination(KeysetPagination):
    ordering = ("order", "id")


class CertificationPagination(KeysetPagination):
    ordering = ("-is_featured", "order", "id")


class SkillPagination(KeysetPagination):
    ordering = ("name", "id")
    page_size = 50


@extend_schema_view(
    list=extend_schema(summary="Career paths", description="Published paths with their steps."),
    retrieve=extend_schema(
        summary="One career path",
        description="Every step with its guide (sanitized HTML), skills, checklist and links.",
    ),
)
class PathViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    pagination_class = PathPagination
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[CareerPath]:
        if self.action == "list":
            return selectors.published_paths()
        live = Certification.objects.filter(is_active=True)
        steps = CareerStep.objects.prefetch_related(
            "skills", "checklist", "resources", Prefetch("certifications", queryset=live)
        )
        return (
            CareerPath.objects.filter(is_published=True)
            .select_related("variant_of")
            .prefetch_related(Prefetch("steps", queryset=steps))
        )

    def get_serializer_class(self):
        return PathSerializer if self.action == "list" else PathDetailSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Certifications",
        description=(
            "Active certifications, featured first and then in the editors' order, with the "
            "filters of the /careers/certifications/ page. `max_cost` is in whole units of "
            "`currency`; 0 means free only and needs no currency."
        ),
    )
)
class CertificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = CertificationSerializer
    filterset_class = CertificationFilter
    filter_backends = [DjangoFilterBackend]
    pagination_class = CertificationPagination
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[Certification]:
        return selectors.active_certifications()


@extend_schema_view(
    list=extend_schema(
        summary="Skills with demand",
        description=(
            "The shared skill taxonomy. `demand_n` counts the published postings asking for "
            "each skill and `demand_share` divides it by all published postings, as of the "
            "last hourly refresh."
        ),
        parameters=[LEVEL],
    )
)
class SkillViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = SkillSerializer
    pagination_class = SkillPagination
    permission_classes = [permissions.AllowAny]
    queryset = Skill.objects.all()

    def level(self) -> str:
        level = self.request.query_params.get("level", "")
        if level and level not in Level.values:
            raise exceptions.ValidationError({"level": [f'"{level}" is not a level.']})
        return level

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        level = self.level()
        page = cast(list[Skill], self.paginate_queryset(self.get_queryset()))
        selectors.attach_demand(page, level=level)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class SkillGapView(APIView):
    """Rank the skills you lack by how many live postings ask for them."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Your skill gap",
        description=(
            "Send the slugs of the skills you have (left out: your profile's skills when "
            "authenticated), optionally a target `level` or a live `posting`. Missing skills "
            "come back most wanted first, each with the share of published postings asking "
            "for it and the certifications and resources that cover it. With a posting, "
            "`posting_has` and `posting_lacks` compare you with its skills."
        ),
        request=SkillGapRequestSerializer,
        responses=SkillGapSerializer,
    )
    def post(self, request: Request) -> Response:
        data = SkillGapRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        have = data.validated_data.get("skills")
        if have is None:
            user = request.user
            have = list(cast(User, user).profile_skills.all()) if user.is_authenticated else []
        result = selectors.skill_gap(
            have=have,
            level=data.validated_data.get("level", ""),
            posting=data.validated_data.get("posting"),
        )
        return Response(SkillGapSerializer(result).data)
