"""The contract API: each side's contracts, and the milestone actions on them.

A contract is for its client, its freelancer and staff (404 for everyone else); a money
action (fund, release, cancel) takes an ``Idempotency-Key`` header: the same key and request
again answers as the first time, the same key for another request is a 400.
"""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.http import caller
from core.api import KeysetPagination
from gigs import selectors
from gigs.models import Contract, FundingRequest, Milestone
from gigs.payments import PROVIDERS
from gigs.selectors import MilestoneRow
from gigs.services import contracts as services

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_LENGTH = 100
IDEMPOTENCY_PARAMETER = OpenApiParameter(
    name=IDEMPOTENCY_HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description=(
        "A key you make per money action (a UUID, say): sending the same request again with "
        "it moves the money once and answers alike; the key on a different request is a 400."
    ),
)


class ContractMilestoneSerializer(serializers.ModelSerializer):
    fee = serializers.SerializerMethodField(
        help_text="The platform fee in minor units: charged, or previewed for a release now; "
        "null when it cannot be known yet."
    )
    freelancer_receives = serializers.SerializerMethodField(
        help_text="What the freelancer got (or would get on release now), in minor units."
    )
    agreed = serializers.SerializerMethodField(help_text="Both sides agreed to it.")

    class Meta:
        model = Milestone
        fields = [
            "id",
            "position",
            "title",
            "amount",
            "due_date",
            "status",
            "agreed",
            "fee",
            "freelancer_receives",
        ]
        read_only_fields = fields

    def _row(self, milestone: Milestone) -> MilestoneRow | None:
        return cast(dict[int, MilestoneRow], self.context.get("rows", {})).get(milestone.pk)

    def get_fee(self, milestone: Milestone) -> int | None:
        row = self._row(milestone)
        return row.fee if row else None

    def get_freelancer_receives(self, milestone: Milestone) -> int | None:
        row = self._row(milestone)
        return row.receives if row else None

    def get_agreed(self, milestone: Milestone) -> bool:
        return milestone.agreed_at is not None


class ContractSerializer(serializers.ModelSerializer):
    gig: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    gig_title = serializers.CharField(
        source="title", read_only=True, help_text="The gig's title, or the bought offer's."
    )
    offer = serializers.SerializerMethodField(
        help_text="The bought offer's slug, for a contract made from an offer; else null."
    )
    client = serializers.SerializerMethodField(help_text="The client's name.")
    freelancer = serializers.SerializerMethodField(help_text="The freelancer's name.")

    def get_offer(self, contract: Contract) -> str | None:
        return contract.order.offer.slug if contract.order is not None else None

    class Meta:
        model = Contract
        fields = [
            "id",
            "gig",
            "gig_title",
            "offer",
            "client",
            "freelancer",
            "contract_type",
            "currency",
            "price",
            "status",
            "weekly_limit_minutes",
            "created_at",
            "ended_at",
        ]
        read_only_fields = fields

    def get_client(self, contract: Contract) -> str:
        return contract.client.get_full_name()

    def get_freelancer(self, contract: Contract) -> str:
        return contract.freelancer.get_full_name()


class ContractDetailSerializer(ContractSerializer):
    milestones = serializers.SerializerMethodField()

    class Meta(ContractSerializer.Meta):
        fields = [*ContractSerializer.Meta.fields, "milestones"]
        read_only_fields = fields

    @extend_schema_field(ContractMilestoneSerializer(many=True))
    def get_milestones(self, contract: Contract) -> list[dict[str, Any]]:
        rows = selectors.milestone_rows(contract=contract)
        context = {"rows": {row.milestone.pk: row for row in rows}}
        return cast(
            list[dict[str, Any]],
            ContractMilestoneSerializer(
                [row.milestone for row in rows], many=True, context=context
            ).data,
        )


class FundingSerializer(serializers.ModelSerializer):
    instructions = serializers.SerializerMethodField(help_text="How to pay it in.")

    class Meta:
        model = FundingRequest
        fields = ["reference", "amount", "currency", "instructions"]
        read_only_fields = fields

    def get_instructions(self, funding: FundingRequest) -> str:
        return PROVIDERS[funding.provider].instructions(funding=funding)


class MilestoneResultSerializer(serializers.Serializer):
    milestone = ContractMilestoneSerializer(read_only=True)
    funding_request = FundingSerializer(
        read_only=True,
        allow_null=True,
        help_text="When funding: set while your funds fall short (the milestone stays "
        "proposed until the transfer arrives); otherwise null.",
    )


class ContractPagination(KeysetPagination):
    ordering = ("-created_at", "-id")


def idempotency_key(request: Request) -> str:
    """The request's Idempotency-Key header, which every money action requires."""
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key or len(key) > IDEMPOTENCY_KEY_LENGTH or not key.isprintable():
        raise exceptions.ValidationError(
            {
                IDEMPOTENCY_HEADER: [
                    f"Send a key of 1 to {IDEMPOTENCY_KEY_LENGTH} printable characters."
                ]
            }
        )
    return key


@extend_schema_view(
    list=extend_schema(
        summary="Your contracts",
        description="Contracts you are the client or the freelancer of, newest first.",
    ),
    retrieve=extend_schema(
        summary="One contract",
        description="With its milestones, their fees and what the freelancer receives; for "
        "its two sides and staff (404 for everyone else).",
        responses=ContractDetailSerializer,
    ),
)
class ContractViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]{1,18}"
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = ContractPagination
    queryset = Contract.objects.none()

    def get_queryset(self) -> Any:
        return selectors.contracts_for(user=caller(self.request))

    def get_object(self) -> Contract:
        return selectors.contract_for(pk=int(self.kwargs["pk"]), user=self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return ContractDetailSerializer if self.action == "retrieve" else ContractSerializer


def _answer(milestone: Milestone, funding: FundingRequest | None = None) -> Response:
    contract = selectors.contract_for(pk=milestone.contract_id, user=milestone.contract.client)
    rows = {row.milestone.pk: row for row in selectors.milestone_rows(contract=contract)}
    fresh = rows[milestone.pk].milestone
    body = MilestoneResultSerializer(
        {"milestone": fresh, "funding_request": funding}, context={"rows": rows}
    )
    return Response(body.data)


@extend_schema_view(
    fund=extend_schema(
        summary="Fund a milestone (client)",
        description="Moves the amount from your funds into escrow. When your funds fall "
        "short nothing moves and the answer carries bank transfer instructions.",
        parameters=[IDEMPOTENCY_PARAMETER],
    ),
    submit=extend_schema(summary="Submit the work of a funded milestone (freelancer)"),
    release=extend_schema(
        summary="Release a submitted milestone (client)",
        description="Pays the freelancer from escrow less the platform fee; once.",
        parameters=[IDEMPOTENCY_PARAMETER],
    ),
    dispute=extend_schema(
        summary="Dispute a funded or submitted milestone (either side)",
        description="The money stays in escrow until staff resolve it.",
    ),
    cancel=extend_schema(
        summary="Cancel a funded milestone and refund it (client)",
        description="Before the work is submitted; the escrow returns to your funds.",
        parameters=[IDEMPOTENCY_PARAMETER],
    ),
)
class MilestoneViewSet(viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]{1,18}"
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MilestoneResultSerializer
    queryset = Milestone.objects.none()

    def get_object(self) -> Milestone:
        return selectors.milestone_for(pk=int(self.kwargs["pk"]), user=self.request.user)

    @extend_schema(request=None, responses=MilestoneResultSerializer)
    @action(detail=True, methods=["post"])
    def fund(self, request: Request, pk: str) -> Response:
        key = idempotency_key(request)
        outcome = services.milestone_fund(
            milestone=self.get_object(), user=caller(request), idempotency_key=key
        )
        return _answer(outcome.milestone, outcome.request)

    @extend_schema(request=None, responses=MilestoneResultSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return _answer(services.milestone_submit(milestone=self.get_object(), user=caller(request)))

    @extend_schema(request=None, responses=MilestoneResultSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str) -> Response:
        key = idempotency_key(request)
        return _answer(
            services.milestone_release(
                milestone=self.get_object(), user=caller(request), idempotency_key=key
            )
        )

    @extend_schema(request=None, responses=MilestoneResultSerializer)
    @action(detail=True, methods=["post"])
    def dispute(self, request: Request, pk: str) -> Response:
        return _answer(
            services.milestone_dispute(milestone=self.get_object(), user=caller(request))
        )

    @extend_schema(request=None, responses=MilestoneResultSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        key = idempotency_key(request)
        return _answer(
            services.milestone_cancel(
                milestone=self.get_object(), user=caller(request), idempotency_key=key
            )
        )
