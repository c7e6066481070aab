"""The hourly contract API: a contract's weekly hour logs, escrow top-ups and limit, the
actions on a log, and ending a contract.

Ownership as on the web: a contract and its logs are for its two sides and staff (404 for
everyone else), and each action checks the side that may take it. Money actions (top-up,
approve, end) take an ``Idempotency-Key`` header.
"""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.http import caller
from gigs import hour_selectors, hours, selectors
from gigs.api.contracts import (
    IDEMPOTENCY_PARAMETER,
    ContractDetailSerializer,
    ContractViewSet,
    FundingSerializer,
    idempotency_key,
)
from gigs.hour_selectors import HourLogRow
from gigs.models import Contract, HourLog
from gigs.services import hours as services
from gigs.services import lifecycle


class HourLogSerializer(serializers.ModelSerializer):
    fee = serializers.SerializerMethodField(
        help_text="The platform fee in minor units: charged, or previewed for approval now; "
        "null when it cannot be known yet."
    )
    freelancer_receives = serializers.SerializerMethodField(
        help_text="What the freelancer got (or would get on approval now), in minor units."
    )

    class Meta:
        model = HourLog
        fields = [
            "id",
            "week",
            "minutes",
            "description",
            "amount",
            "status",
            "reason",
            "approved_automatically",
            "submitted_at",
            "fee",
            "freelancer_receives",
        ]
        read_only_fields = fields

    def _row(self, log: HourLog) -> HourLogRow | None:
        return cast(dict[int, HourLogRow], self.context.get("rows", {})).get(log.pk)

    def get_fee(self, log: HourLog) -> int | None:
        row = self._row(log)
        return row.fee if row else None

    def get_freelancer_receives(self, log: HourLog) -> int | None:
        row = self._row(log)
        return row.receives if row else None


class HourLogInputSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="The Monday of the week (ISO 8601 date).")
    minutes = serializers.IntegerField(
        min_value=1, max_value=hours.MAX_WEEK_MINUTES, help_text="Time worked that week."
    )
    description = serializers.CharField(max_length=hours.DESCRIPTION_LENGTH)


class HoursSerializer(serializers.Serializer):
    escrow_held = serializers.IntegerField(
        help_text="What escrow holds for the contract, in minor units."
    )
    weekly_limit_minutes = serializers.IntegerField(allow_null=True)
    results = HourLogSerializer(many=True, help_text="Up to a year of weeks, newest first.")


class TopUpInputSerializer(serializers.Serializer):
    amount = serializers.IntegerField(help_text="Minor units of the contract's currency.")


class TopUpSerializer(serializers.Serializer):
    escrow_held = serializers.IntegerField()
    funding_request = FundingSerializer(
        allow_null=True,
        help_text="Set while your funds fall short: nothing moved; pay it by bank transfer.",
    )


class WeeklyLimitSerializer(serializers.Serializer):
    minutes = serializers.IntegerField(
        allow_null=True, help_text="The most a week's log may hold; null lifts the limit."
    )


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=hours.REASON_LENGTH)


def _hours_body(contract: Contract) -> dict[str, Any]:
    rows = hour_selectors.hourlog_rows(contract=contract)
    body = {
        "escrow_held": hour_selectors.hourly_held(contract=contract),
        "weekly_limit_minutes": contract.weekly_limit_minutes,
        "results": [row.log for row in rows],
    }
    context = {"rows": {row.log.pk: row for row in rows}}
    return cast(dict[str, Any], HoursSerializer(body, context=context).data)


def _log_answer(log: HourLog) -> Response:
    rows = {row.log.pk: row for row in hour_selectors.hourlog_rows(contract=log.contract)}
    fresh = rows[log.pk].log if log.pk in rows else log
    return Response(HourLogSerializer(fresh, context={"rows": rows}).data)


class ContractActionsViewSet(ContractViewSet):
    """``/api/v1/contracts/``: the contracts, with their hourly and ending actions.

    get_object is ContractViewSet's: the contract for its two sides and staff, else 404.
    """

    @extend_schema(
        methods=["GET"],
        summary="An hourly contract's weeks",
        description="Escrow held for the contract and its weekly logs with fees.",
        request=None,
        responses=HoursSerializer,
    )
    @extend_schema(
        methods=["POST"],
        summary="Log a week (freelancer)",
        description="Submits the week's hours, or corrects a week the client has not "
        "approved; the amount is the minutes at the contract's hourly rate, rounded half up.",
        request=HourLogInputSerializer,
        responses={201: HourLogSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def hours(self, request: Request, pk: str) -> Response:
        contract = self.get_object()
        if request.method == "GET":
            return Response(_hours_body(contract))
        data = HourLogInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        log = services.hourlog_submit(
            contract=contract, user=caller(request), **data.validated_data
        )
        response = _log_answer(log)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        summary="Add to an hourly contract's escrow (client)",
        description="Moves the amount from your funds into the contract's escrow. When your "
        "funds fall short nothing moves and the answer carries bank transfer instructions.",
        parameters=[IDEMPOTENCY_PARAMETER],
        request=TopUpInputSerializer,
        responses=TopUpSerializer,
    )
    @action(detail=True, methods=["post"])
    def fund(self, request: Request, pk: str) -> Response:
        key = idempotency_key(request)
        data = TopUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = services.hourly_fund(
            contract=self.get_object(),
            user=caller(request),
            amount=data.validated_data["amount"],
            idempotency_key=key,
        )
        body = {
            "escrow_held": hour_selectors.hourly_held(contract=outcome.contract),
            "funding_request": outcome.request,
        }
        return Response(TopUpSerializer(body).data)

    @extend_schema(
        summary="Set or lift the weekly hour limit (client)",
        request=WeeklyLimitSerializer,
        responses=WeeklyLimitSerializer,
    )
    @action(detail=True, methods=["post"], url_path="weekly-limit")
    def weekly_limit(self, request: Request, pk: str) -> Response:
        data = WeeklyLimitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contract = services.weekly_limit_set(
            contract=self.get_object(),
            user=caller(request),
            minutes=data.validated_data["minutes"],
        )
        return Response({"minutes": contract.weekly_limit_minutes})

    @extend_schema(
        summary="End the contract (either side)",
        description="Refunds funded milestones with no work submitted and unspent hourly "
        "escrow, drops proposed milestones; refused while submitted or disputed work waits. "
        "The contract is completed if anything was paid, else cancelled.",
        parameters=[IDEMPOTENCY_PARAMETER],
        request=None,
        responses=ContractDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        key = idempotency_key(request)
        contract = lifecycle.contract_end(
            contract=self.get_object(), user=caller(request), idempotency_key=key
        )
        fresh = selectors.contract_for(pk=contract.pk, user=request.user)
        return Response(ContractDetailSerializer(fresh).data)


class HourLogViewSet(viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]{1,18}"
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = HourLogSerializer
    queryset = HourLog.objects.none()

    def get_object(self) -> HourLog:
        return hour_selectors.hourlog_for(pk=int(self.kwargs["pk"]), user=self.request.user)

    @extend_schema(
        summary="Approve a submitted week (client)",
        description="Pays the week from the contract's escrow, less the platform fee; once. "
        "Refused, saying how much to add, when escrow holds too little.",
        parameters=[IDEMPOTENCY_PARAMETER],
        request=None,
        responses=HourLogSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        key = idempotency_key(request)
        return _log_answer(
            services.hourlog_approve(
                log=self.get_object(), user=caller(request), idempotency_key=key
            )
        )

    @extend_schema(
        summary="Reject a submitted week (client)",
        description="With a reason the freelancer sees; they may correct and resubmit it.",
        request=RejectSerializer,
        responses=HourLogSerializer,
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _log_answer(
            services.hourlog_reject(
                log=self.get_object(), user=caller(request), reason=data.validated_data["reason"]
            )
        )

    @extend_schema(
        summary="Dispute a rejected week (freelancer)",
        description="Staff decide what is paid for it from the contract's escrow.",
        request=None,
        responses=HourLogSerializer,
    )
    @action(detail=True, methods=["post"])
    def dispute(self, request: Request, pk: str) -> Response:
        return _log_answer(services.hourlog_dispute(log=self.get_object(), user=caller(request)))
