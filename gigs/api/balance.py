"""The signed-in user's money in the API: balances, statement, payout requests.

Everything is the caller's own: the selectors filter by the caller, so another person's
entries can never appear. Amounts are integer minor units.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import caller
from core.api import KeysetPagination
from gigs import selectors
from gigs.models import LedgerEntry, Payout
from gigs.selectors import CurrencyBalances
from gigs.services import payouts as services

IDEMPOTENCY_HEADER = "Idempotency-Key"
KEY_LENGTH = 100


class CurrencyBalancesSerializer(serializers.Serializer):
    currency = serializers.CharField(help_text="ISO 4217.")
    client_funds = serializers.IntegerField(help_text="Paid in as a client, not yet in escrow.")
    escrow = serializers.IntegerField(help_text="Held in escrow for your milestones.")
    available = serializers.IntegerField(help_text="Earned as a freelancer, free to withdraw.")
    payout_pending = serializers.IntegerField(help_text="Requested payouts not yet sent.")
    paid_out = serializers.IntegerField(help_text="Payouts sent, in total.")


class PayoutMethodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    masked = serializers.CharField(help_text="The method as the site shows it, masked.")
    details_needed = serializers.BooleanField(
        help_text="Recorded without the full details: no payout goes to it until they are given."
    )


class BalanceSerializer(serializers.Serializer):
    balances = CurrencyBalancesSerializer(many=True)
    payout_methods = PayoutMethodSerializer(many=True)


class EntrySerializer(serializers.ModelSerializer):
    created_at = serializers.DateTimeField(source="transaction.created_at")
    transaction = serializers.IntegerField(source="transaction_id")
    kind = serializers.CharField(source="transaction.kind", help_text="What moved the money.")
    subject = serializers.CharField(source="transaction.subject")
    account = serializers.CharField(source="account.kind", help_text="Which of your accounts.")
    amount = serializers.IntegerField(help_text="Signed minor units: positive is money in.")

    class Meta:
        model = LedgerEntry
        fields = ["id", "created_at", "transaction", "kind", "subject", "account", "amount"]
        fields += ["currency"]


class PayoutRequestSerializer(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1, help_text="Minor units.")
    currency = serializers.CharField(max_length=3)
    method = serializers.IntegerField(help_text="The id of one of your payout methods.")


class PayoutSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = Payout
        fields = ["id", "amount", "currency", "method_label", "status", "created_at", "paid_at"]

    def get_status(self, payout: Payout) -> str:
        return "paid" if payout.is_paid else "pending"


class BalanceView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Your balances", responses=BalanceSerializer)
    def get(self, request: Request) -> Response:
        user = caller(request)
        rows: list[CurrencyBalances] = selectors.own_balances(user=user)
        methods = [
            {
                "id": m.pk,
                "kind": m.kind,
                "masked": f"{m.get_kind_display()} {m.masked}",
                "details_needed": m.details_needed,
            }
            for m in selectors.own_payout_methods(user=user)
        ]
        body = BalanceSerializer({"balances": rows, "payout_methods": methods})
        return Response(body.data)


class StatementPagination(KeysetPagination):
    ordering = tuple(selectors.STATEMENT_KEYS)
    page_size = 50


class StatementView(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = EntrySerializer
    pagination_class = StatementPagination
    queryset = LedgerEntry.objects.none()

    @extend_schema(
        summary="Your statement",
        description="Your ledger entries, newest first. Follow `next` until it is null.",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return selectors.own_entries(user=caller(self.request))


class PayoutRequestView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Request a payout",
        description=(
            "Set aside part of your available money for one of your payout methods. The "
            f"`{IDEMPOTENCY_HEADER}` header is required: the same key and request again answer "
            "the first payout (200); the same key with another request is refused (400)."
        ),
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="A key you choose, unique per payout (a UUID, say).",
            )
        ],
        request=PayoutRequestSerializer,
        responses={201: PayoutSerializer, 200: PayoutSerializer},
    )
    def post(self, request: Request) -> Response:
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if not key or len(key) > KEY_LENGTH:
            message = f"Send an {IDEMPOTENCY_HEADER} header of 1 to {KEY_LENGTH} characters."
            raise exceptions.ValidationError({IDEMPOTENCY_HEADER: [message]})
        body = PayoutRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        user = caller(request)
        replayed = selectors.idempotency_key_used(user=user, key=key)
        payout = services.payout_create(
            freelancer=user,
            method_id=data["method"],
            amount=data["amount"],
            currency=data["currency"],
            idempotency_key=key,
        )
        code = status.HTTP_200_OK if replayed else status.HTTP_201_CREATED
        return Response(PayoutSerializer(payout).data, status=code)
