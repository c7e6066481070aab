"""The offer API: search offers, read one, sellers' writes on their own, and buying one.

Ownership as on the site: a seller's edits look the offer up among their own (404 for
anyone else's); buying takes an ``Idempotency-Key`` header, so a retried purchase buys once.
Amounts are integer minor units of the offer's ISO 4217 currency.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.http import caller
from core.api import KeysetPagination, board_list
from core.markdown import render_markdown
from core.validators import SLUG_PATTERN
from gigs import offer_selectors as selectors
from gigs.api.contracts import (
    IDEMPOTENCY_PARAMETER,
    ContractMilestoneSerializer,
    FundingSerializer,
    idempotency_key,
)
from gigs.filters import OfferFilter
from gigs.models import Offer, OfferExtra, OfferStatus
from gigs.search import offers as search
from gigs.services import offers as services
from gigs.services.offers import MAX_EXTRAS, OWNER_FIELDS
from jobs.api.serializers import SkillSlugsField


class OfferSerializer(serializers.ModelSerializer):
    """A row of the offer list: what a search result needs."""

    seller = serializers.SerializerMethodField(help_text="The seller's profile slug, or null.")
    url = serializers.SerializerMethodField(help_text="The offer's page on the site.")

    class Meta:
        model = Offer
        fields = [
            "slug",
            "title",
            "category",
            "price",
            "currency",
            "delivery_days",
            "revisions",
            "seller",
            "published_at",
            "url",
        ]
        read_only_fields = fields

    def get_seller(self, offer: Offer) -> str | None:
        profile = getattr(offer.freelancer, "freelancer_profile", None)
        return profile.slug if profile is not None else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, offer: Offer) -> str:
        return self.context["request"].build_absolute_uri(offer.get_absolute_url())


class ExtraSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False, help_text="On edit: the extra to change; leave out for a new one."
    )

    class Meta:
        model = OfferExtra
        fields = ["id", "title", "price", "extra_days"]
        extra_kwargs = {"price": {"help_text": "Minor units of the offer's currency."}}


class OfferDetailSerializer(OfferSerializer):
    """Everything about one offer. Status and moderation are never set through the write."""

    description_html = serializers.SerializerMethodField(
        help_text="The description's Markdown rendered and sanitized."
    )
    extras = ExtraSerializer(many=True, read_only=True)
    skills = SkillSlugsField(read_only=True)

    class Meta(OfferSerializer.Meta):
        fields = [
            *OfferSerializer.Meta.fields,
            "status",
            "description",
            "description_html",
            "deliverables",
            "extras",
            "skills",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_description_html(self, offer: Offer) -> str:
        return str(render_markdown(offer.description))


class OfferWriteSerializer(serializers.ModelSerializer):
    """What a seller sends to create or edit an offer; prices in minor units.

    ``extras`` replaces the offer's extras when sent: items with an ``id`` edit that extra,
    others are added, extras left out are removed. The service validates the offer and its
    errors come back as 400 with field errors.
    """

    skills = SkillSlugsField(required=False, help_text="Skill slugs, e.g. ['sql'].")
    # At most MAX_EXTRAS: the service refuses more with a field error.
    extras = ExtraSerializer(many=True, required=False)
    publish = serializers.BooleanField(
        required=False, default=False, write_only=True, help_text="List the offer at once."
    )

    class Meta:
        model = Offer
        fields = [*OWNER_FIELDS, "skills", "extras", "publish"]
        extra_kwargs = {
            "price": {"help_text": "Minor units (cents, pence)."},
            "currency": {"help_text": "ISO 4217 code, e.g. GBP."},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The service validates the offer as a whole.
        return attrs

    def service_fields(self) -> dict[str, Any]:
        return {
            name: self.validated_data[name] for name in OWNER_FIELDS if name in self.validated_data
        }


class BuySerializer(serializers.Serializer):
    extras = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
        max_length=MAX_EXTRAS,
        help_text="Ids of this offer's extras to add.",
    )
    currency = serializers.CharField(
        required=False,
        max_length=3,
        help_text="The currency you expect to pay in; another one than the offer's is a 400.",
    )


class PurchaseSerializer(serializers.Serializer):
    order = serializers.IntegerField(source="order.pk")
    total = serializers.IntegerField(source="order.total", help_text="Minor units.")
    currency = serializers.CharField(source="order.currency")
    contract = serializers.IntegerField(source="contract.pk")
    milestone = ContractMilestoneSerializer()
    funding_request = FundingSerializer(
        source="request",
        allow_null=True,
        help_text="Set while your funds fall short: pay it in by bank transfer; else null.",
    )


class OfferPagination(KeysetPagination):
    """Pages cut as /offers/ cuts them (gigs.search.offers.offer_page), by cursor."""

    ordering = tuple(search.ORDERS["newest"])
    page_size = search.PAGE_SIZE


@extend_schema_view(
    list=extend_schema(
        summary="Search offers",
        description="The same filters and keywords as the /offers/ page; only published "
        "offers are listed. Pages never count the result: follow `next` until it is null.",
    ),
    retrieve=extend_schema(
        summary="One offer",
        description="Published offers are public; drafts, paused and hidden offers only for "
        "their seller and staff (404 for everyone else).",
    ),
    create=extend_schema(
        summary="Create an offer",
        description="Needs a freelancer profile (403 otherwise).",
        request=OfferWriteSerializer,
        responses={201: OfferDetailSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit your offer",
        description="Someone else's offer answers 404. Orders keep the prices they were bought at.",
        request=OfferWriteSerializer,
        responses=OfferDetailSerializer,
    ),
)
class OfferViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = OfferFilter
    filter_backends = [DjangoFilterBackend]
    pagination_class = OfferPagination
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        if self.action in ("list", "retrieve"):
            return search.cards(Offer.objects.listed())
        user = self.request.user
        if not user.is_authenticated:
            return Offer.objects.none()
        return Offer.objects.by(user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "list":
            return OfferSerializer
        if self.action in ("create", "partial_update"):
            return OfferWriteSerializer
        if self.action == "buy":
            return BuySerializer
        return OfferDetailSerializer

    def get_object(self) -> Offer:
        slug = self.kwargs[self.lookup_field]
        if self.action == "retrieve":
            return selectors.offer_for_page(slug=slug, user=self.request.user)
        return get_object_or_404(self.get_queryset(), slug=slug)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return board_list(self, search.offer_page)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = OfferWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        offer = services.offer_create(
            user=caller(request),
            fields=body.service_fields(),
            skills=body.validated_data.get("skills", []),
            extras=body.validated_data.get("extras", []),
            publish=body.validated_data.get("publish", False),
        )
        return self._detail(offer, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        offer = self.get_object()
        body = OfferWriteSerializer(offer, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        user = caller(request)
        offer = services.offer_update(
            offer=offer,
            user=user,
            fields=body.service_fields(),
            skills=body.validated_data.get("skills"),
            extras=body.validated_data.get("extras"),
        )
        if body.validated_data.get("publish") and offer.status != OfferStatus.PUBLISHED:
            offer = services.offer_publish(offer=offer, user=user)
        return self._detail(offer)

    @extend_schema(
        summary="Buy an offer",
        description="Makes an order, a fixed contract with one milestone for the total, and "
        "funds it from your funds, or answers the bank transfer to make when they fall short. "
        "Not your own offer (403), nor one that is not for sale (404).",
        parameters=[IDEMPOTENCY_PARAMETER],
        request=BuySerializer,
        responses={201: PurchaseSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def buy(self, request: Request, slug: str) -> Response:
        key = idempotency_key(request)
        offer = selectors.offer_for_sale(slug=slug)
        body = BuySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        purchase = services.offer_buy(
            offer=offer,
            buyer=caller(request),
            extra_ids=body.validated_data["extras"],
            currency=body.validated_data.get("currency"),
            idempotency_key=key,
        )
        return Response(PurchaseSerializer(purchase).data, status=status.HTTP_201_CREATED)

    def _detail(self, offer: Offer, code: int = status.HTTP_200_OK) -> Response:
        offer = selectors.offer_for_page(slug=offer.slug, user=self.request.user)
        context = self.get_serializer_context()
        return Response(OfferDetailSerializer(offer, context=context).data, status=code)
