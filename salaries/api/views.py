"""The salary benchmark and freelance rate API: one cell, or one dimension's breakdown
(``?group_by=``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from careers.models import Skill
from core.money import is_currency
from core.taxonomy import CompanySize, Industry, Level
from gigs.domain import BudgetType, GigCategory
from salaries import rate_selectors, selectors
from salaries.dimensions import ALL, DIMENSIONS, CellKey, parse
from salaries.models import MIN_OBSERVATIONS, BenchmarkCell, FreelanceRateCell
from salaries.rate_selectors import RateKey

from .serializers import (
    GROUP_BY_CHOICES,
    RATE_GROUP_BY_CHOICES,
    BenchmarkBreakdownSerializer,
    BenchmarkCellSerializer,
    BenchmarkNotFoundSerializer,
    FreelanceRateBreakdownSerializer,
    FreelanceRateCellSerializer,
)

# Query parameters the endpoint understands; anything else is a typo worth a 400.
KNOWN_PARAMETERS = {*DIMENSIONS, "currency", "group_by", "format"}

PARAMETERS = [
    OpenApiParameter(
        "level", OpenApiTypes.STR, enum=[*Level.values, "all"], description="Omitted: all."
    ),
    OpenApiParameter(
        "country", OpenApiTypes.STR, description="ISO 3166-1 alpha-2 code. Omitted: all."
    ),
    OpenApiParameter(
        "industry", OpenApiTypes.STR, enum=[*Industry.values, "all"], description="Omitted: all."
    ),
    OpenApiParameter(
        "company_size",
        OpenApiTypes.STR,
        enum=[*CompanySize.values, "all"],
        description="Omitted: all.",
    ),
    OpenApiParameter(
        "technical",
        OpenApiTypes.STR,
        enum=["true", "false", "all"],
        description="Technical PM roles only (true), the others (false). Omitted: all.",
    ),
    OpenApiParameter(
        "currency",
        OpenApiTypes.STR,
        description="ISO 4217 code of the postings' pay. Omitted: the currency with the most "
        "observations for the other parameters.",
    ),
    OpenApiParameter(
        "group_by",
        OpenApiTypes.STR,
        enum=GROUP_BY_CHOICES,
        description="Return every value of this dimension (the others as given) as a list.",
    ),
]


@dataclass(frozen=True)
class Query:
    dimensions: dict[str, Any]
    currency: str | None
    group_by: str | None


def parse_query(params: Any) -> Query:
    """Read and check the query string; every problem is reported at once as field errors."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(params) - KNOWN_PARAMETERS)
    for name in unknown:
        errors[name] = [f"Unknown parameter. Use: {', '.join(sorted(KNOWN_PARAMETERS))}."]
    dimensions = {}
    for dimension in DIMENSIONS:
        try:
            dimensions[dimension] = parse(dimension, params.get(dimension))
        except ValidationError as error:
            errors.update(error.message_dict)
    currency = (params.get("currency") or "").strip().upper() or None
    if currency and not is_currency(currency):
        errors["currency"] = [f"'{currency}' is not an ISO 4217 currency code."]
    group_by = params.get("group_by") or None
    if group_by and group_by not in GROUP_BY_CHOICES:
        errors["group_by"] = [f"Group by one of: {', '.join(GROUP_BY_CHOICES)}."]
    if errors:
        raise ValidationError(errors)
    return Query(dimensions=dimensions, currency=currency, group_by=group_by)


def not_found(key: CellKey, cell: BenchmarkCell | None) -> Response:
    reason, detail = selectors.not_found_reason(key, cell, selectors.latest_refresh())
    body = {
        "detail": detail,
        "reason": reason,
        "n": cell.n if cell else 0,
        "min_observations": MIN_OBSERVATIONS,
    }
    return Response(BenchmarkNotFoundSerializer(body).data, status=404)


class BenchmarkView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Salary benchmark: one cell, or a breakdown",
        description=(
            "Annualized salaries of published and expired postings of the last "
            "SALARY_WINDOW_DAYS (365) days, per currency, as n, mean and the 10th-90th "
            "percentiles (linear interpolation) in whole currency units. Without `group_by` "
            "the answer is the one cell where every omitted dimension is 'all'; a cell with "
            f"fewer than {MIN_OBSERVATIONS} observations, or none, answers 404 with a reason. "
            "With `group_by` the answer lists that dimension's cells, thin ones with `published` "
            "false and null figures. An unknown parameter or value answers 400."
        ),
        parameters=PARAMETERS,
        responses={
            200: PolymorphicProxySerializer(
                component_name="BenchmarkResult",
                serializers=[BenchmarkCellSerializer, BenchmarkBreakdownSerializer],
                resource_type_field_name=None,
            ),
            400: OpenApiTypes.OBJECT,
            404: BenchmarkNotFoundSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        query = parse_query(request.query_params)
        dimensions = dict(query.dimensions)
        if query.group_by and query.group_by != "currency":
            dimensions[query.group_by] = None
        currency = query.currency or selectors.busiest_currency(dimensions)
        key = CellKey(currency=currency or "", **dimensions)
        if query.group_by == "currency":
            cells = selectors.currency_breakdown(key)
        elif query.group_by:
            cells = selectors.breakdown(key, query.group_by)
        else:
            cell = selectors.cell_for(key) if currency else None
            if cell is None or not cell.published:
                return not_found(key, cell)
            return Response(BenchmarkCellSerializer(cell).data)
        body = {"group_by": query.group_by, "results": cells}
        return Response(BenchmarkBreakdownSerializer(body).data)


RATE_PARAMETERS = {"rate_type", "category", "skill", "currency", "group_by", "format"}

RATE_SCHEMA_PARAMETERS = [
    OpenApiParameter(
        "rate_type",
        OpenApiTypes.STR,
        enum=BudgetType.values,
        description="hourly or fixed. Omitted: the one with the most hires.",
    ),
    OpenApiParameter(
        "category",
        OpenApiTypes.STR,
        enum=[*GigCategory.values, "all"],
        description="The gigs' category. Omitted: all.",
    ),
    OpenApiParameter("skill", OpenApiTypes.STR, description="A skill's slug. Omitted: all."),
    OpenApiParameter(
        "currency",
        OpenApiTypes.STR,
        description="ISO 4217 code of the gigs' currency. Omitted: the currency with the most "
        "hires for the other parameters.",
    ),
    OpenApiParameter(
        "group_by",
        OpenApiTypes.STR,
        enum=RATE_GROUP_BY_CHOICES,
        description="Return every value of this dimension (the others as given) as a list.",
    ),
]


@dataclass(frozen=True)
class RateQuery:
    rate_type: str | None
    category: str | None
    skill: Skill | None
    currency: str | None
    group_by: str | None


def parse_rate_query(params: Any) -> RateQuery:
    """Read and check the query string; every problem is reported at once as field errors."""
    errors: dict[str, list[str]] = {}
    for name in sorted(set(params) - RATE_PARAMETERS):
        errors[name] = [f"Unknown parameter. Use: {', '.join(sorted(RATE_PARAMETERS))}."]
    rate_type = (params.get("rate_type") or "").strip().lower() or None
    if rate_type and rate_type not in BudgetType.values:
        errors["rate_type"] = [f"Use one of: {', '.join(BudgetType.values)}."]
    category = (params.get("category") or "").strip().lower() or None
    if category == ALL:
        category = None
    if category and category not in GigCategory.values:
        errors["category"] = [f"Use one of: {', '.join(GigCategory.values)}, all."]
    slug = (params.get("skill") or "").strip().lower()
    skill = None
    if slug and slug != ALL:
        skill = Skill.objects.filter(slug=slug).first()
        if skill is None:
            errors["skill"] = [f"No skill has the slug '{slug}'."]
    currency = (params.get("currency") or "").strip().upper() or None
    if currency and not is_currency(currency):
        errors["currency"] = [f"'{currency}' is not an ISO 4217 currency code."]
    group_by = params.get("group_by") or None
    if group_by and group_by not in RATE_GROUP_BY_CHOICES:
        errors["group_by"] = [f"Group by one of: {', '.join(RATE_GROUP_BY_CHOICES)}."]
    if errors:
        raise ValidationError(errors)
    return RateQuery(rate_type, category, skill, currency, group_by)


class FreelanceRateView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Freelance rates: one cell, or a breakdown",
        description=(
            "Prices of proposals clients accepted and offers they bought on this portal "
            "(not a market survey), "
            "per rate type (hourly rates or fixed prices) and currency, as n, mean and the "
            "10th-90th percentiles (linear interpolation) in minor units, rounded to whole "
            "currency units. Without `group_by` the answer is the one cell where an omitted "
            f"category or skill is 'all'; a cell with fewer than {MIN_OBSERVATIONS} accepted "
            "proposals, or none, answers 404 with a reason. With `group_by` the answer lists "
            "that dimension's cells, thin ones with `published` false and null figures. An "
            "unknown parameter or value answers 400."
        ),
        parameters=RATE_SCHEMA_PARAMETERS,
        responses={
            200: PolymorphicProxySerializer(
                component_name="FreelanceRateResult",
                serializers=[FreelanceRateCellSerializer, FreelanceRateBreakdownSerializer],
                resource_type_field_name=None,
            ),
            400: OpenApiTypes.OBJECT,
            404: BenchmarkNotFoundSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        query = parse_rate_query(request.query_params)
        category = None if query.group_by == "category" else query.category
        skill_id = None if query.group_by == "skill" or not query.skill else query.skill.pk
        found = rate_selectors.busiest(
            rate_type=query.rate_type,
            currency=query.currency,
            category=category,
            skill_id=skill_id,
        )
        rate_type, currency = found or (
            query.rate_type or BudgetType.HOURLY,
            query.currency or "",
        )
        key = RateKey(rate_type=rate_type, currency=currency, category=category, skill_id=skill_id)
        if query.group_by:
            cells = rate_selectors.breakdown(key, query.group_by)
            body = {"group_by": query.group_by, "results": cells}
            return Response(FreelanceRateBreakdownSerializer(body).data)
        cell = rate_selectors.cell_for(key) if found else None
        if cell is None or not cell.published:
            return rate_not_found(cell)
        return Response(FreelanceRateCellSerializer(cell).data)


def rate_not_found(cell: FreelanceRateCell | None) -> Response:
    if selectors.latest_refresh() is None:
        reason, detail = "not_refreshed", "The freelance rates have not been computed yet."
    elif cell is None:
        reason, detail = "missing", "No hire matches these parameters."
    else:
        reason = "thin"
        detail = (
            f"Only {cell.n} hire{'s' if cell.n != 1 else ''} match these "
            f"parameters; a figure needs at least {MIN_OBSERVATIONS}."
        )
    body = {
        "detail": detail,
        "reason": reason,
        "n": cell.n if cell else 0,
        "min_observations": MIN_OBSERVATIONS,
    }
    return Response(BenchmarkNotFoundSerializer(body).data, status=404)
