"""The review API: write a review of an ended contract, reply to one of you, and list a
freelancer's or a gig client's published reviews.

A blind review is answered to its author alone, in the answer to its own POST; lists only
ever hold published reviews staff have not hidden. Reviewers' names, as on the site, are
for signed-in callers.
"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.http import caller
from core.api import ErrorSerializer, KeysetPagination
from core.validators import SLUG_PATTERN
from gigs import review_selectors, selectors
from gigs.domain import RATINGS, REVIEW_REPLY_LENGTH, REVIEW_TEXT_LENGTH, ReviewRole
from gigs.models import Review
from gigs.services import reviews as services


class ReviewSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(
        help_text="The reviewer's name, for signed-in callers; null otherwise."
    )
    gig_title = serializers.CharField(
        source="contract.title", read_only=True, help_text="The gig's title, or the bought offer's."
    )

    class Meta:
        model = Review
        fields = [
            "id",
            "contract",
            "gig_title",
            "author",
            "subject_role",
            "rating",
            "text",
            "created_at",
            "published_at",
            "reply",
            "replied_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "published_at": {"help_text": "Null while the review is blind (seen by you alone)."}
        }

    def get_author(self, review: Review) -> str | None:
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return None
        return review.author.get_full_name()


class ReviewWriteSerializer(serializers.Serializer):
    contract = serializers.IntegerField(
        min_value=1, max_value=10**18, help_text="The ended contract you review."
    )
    rating = serializers.IntegerField(min_value=RATINGS.start, max_value=RATINGS.stop - 1)
    text = serializers.CharField(max_length=REVIEW_TEXT_LENGTH, help_text="Plain text.")


class ReplySerializer(serializers.Serializer):
    reply = serializers.CharField(max_length=REVIEW_REPLY_LENGTH, help_text="Plain text, once.")


class ReviewPagination(KeysetPagination):
    ordering = tuple(review_selectors.PUBLIC_KEYS)


LIST_PARAMETERS = [
    OpenApiParameter(
        "freelancer",
        OpenApiTypes.STR,
        description="A freelancer profile's slug: their reviews as a freelancer.",
        pattern=SLUG_PATTERN,
    ),
    OpenApiParameter(
        "gig",
        OpenApiTypes.STR,
        description="A gig's slug: its client's reviews as a client.",
        pattern=SLUG_PATTERN,
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="Published reviews of a freelancer or of a gig's client",
        description="Name exactly one of `freelancer` or `gig`. Newest first, in cursor "
        "pages; blind and hidden reviews are never listed.",
        parameters=LIST_PARAMETERS,
        responses={
            200: ReviewSerializer(many=True),
            404: OpenApiResponse(ErrorSerializer, description="No such freelancer or gig."),
        },
    ),
    create=extend_schema(
        summary="Review the other side of an ended contract",
        description="Once per contract, within 14 days of its end. The review is blind "
        "(`published_at` null) until the other side's arrives or the window closes.",
        request=ReviewWriteSerializer,
        responses={
            201: ReviewSerializer,
            404: OpenApiResponse(
                ErrorSerializer, description="No such contract, or not one you may see."
            ),
        },
    ),
)
class ReviewViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]{1,18}"
    serializer_class = ReviewSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    pagination_class = ReviewPagination
    queryset = Review.objects.none()

    def get_queryset(self) -> Any:
        params = self.request.query_params
        named = [name for name in ("freelancer", "gig") if params.get(name)]
        if len(named) != 1:
            raise exceptions.ValidationError(
                {"non_field_errors": ["Name exactly one of freelancer or gig."]}
            )
        slug = params[named[0]]
        if not re.fullmatch(SLUG_PATTERN, slug):
            raise exceptions.NotFound("No such freelancer or gig.")
        if named[0] == "freelancer":
            profile = selectors.profile_for_page(slug=slug)
            return review_selectors.public_reviews(user=profile.user, role=ReviewRole.FREELANCER)
        gig = selectors.gig_for_page(slug=slug, user=self.request.user)
        return review_selectors.public_reviews(user=gig.client, role=ReviewRole.CLIENT)

    def create(self, request: Request) -> Response:
        body = ReviewWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contract = selectors.contract_for(pk=body.validated_data["contract"], user=request.user)
        review = services.review_submit(
            contract=contract,
            author=caller(request),
            rating=body.validated_data["rating"],
            text=body.validated_data["text"],
        )
        data = ReviewSerializer(review, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Reply once to a published review of you",
        request=ReplySerializer,
        responses=ReviewSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def reply(self, request: Request, pk: str) -> Response:
        body = ReplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        review = review_selectors.review_for_subject(pk=int(pk), user=caller(request))
        review = services.review_reply(
            review=review, user=caller(request), text=body.validated_data["reply"]
        )
        return Response(ReviewSerializer(review, context=self.get_serializer_context()).data)
