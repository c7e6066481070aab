"""How benchmark and freelance rate cells look in the API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.taxonomy import CompanySize, Industry, Level
from gigs.domain import BudgetType, GigCategory
from salaries.dimensions import DIMENSIONS
from salaries.models import BenchmarkCell, FreelanceRateCell

GROUP_BY_CHOICES = [*DIMENSIONS, "currency"]


def _whole(name: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        allow_null=True, help_text=f"{name} in whole currency units; null below the minimum n."
    )


class BenchmarkCellSerializer(serializers.Serializer):
    """One cell; a dimension that is null means "all" of its values."""

    level = serializers.ChoiceField(choices=Level.choices, allow_null=True)
    country = serializers.CharField(allow_null=True, help_text="ISO 3166-1 alpha-2.")
    industry = serializers.ChoiceField(choices=Industry.choices, allow_null=True)
    company_size = serializers.ChoiceField(choices=CompanySize.choices, allow_null=True)
    technical = serializers.BooleanField(allow_null=True)
    currency = serializers.CharField(help_text="ISO 4217; figures are in this currency.")
    n = serializers.IntegerField(help_text="Observations (postings) in the cell.")
    published = serializers.BooleanField(help_text="n is at least the minimum (5).")
    mean = _whole("Mean")
    p10 = _whole("10th percentile")
    p25 = _whole("25th percentile")
    p50 = _whole("Median")
    p75 = _whole("75th percentile")
    p90 = _whole("90th percentile")
    refreshed_at = serializers.DateTimeField()

    def to_representation(self, instance: BenchmarkCell) -> dict[str, Any]:
        return super().to_representation(
            {
                **{dimension: instance.value_of(dimension) for dimension in DIMENSIONS},
                "currency": instance.currency,
                "n": instance.n,
                "published": instance.published,
                **instance.stats,
                "refreshed_at": instance.refreshed_at,
            }
        )


class BenchmarkBreakdownSerializer(serializers.Serializer):
    """The cells of one dimension's values, other dimensions as asked (``?group_by=``)."""

    group_by = serializers.ChoiceField(choices=GROUP_BY_CHOICES)
    results = BenchmarkCellSerializer(many=True)


class BenchmarkNotFoundSerializer(serializers.Serializer):
    detail = serializers.CharField()
    reason = serializers.ChoiceField(
        choices=["not_refreshed", "missing", "thin"],
        help_text="not_refreshed: no refresh has run; missing: no observation matches; "
        "thin: fewer observations than the minimum.",
    )
    n = serializers.IntegerField()
    min_observations = serializers.IntegerField()


RATE_GROUP_BY_CHOICES = ["category", "skill", "currency"]


def _minor(name: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        allow_null=True,
        help_text=f"{name} in minor units, rounded to whole currency units; null below the "
        "minimum n.",
    )


class FreelanceRateCellSerializer(serializers.Serializer):
    """One freelance rate cell; a category or skill that is null means "all" of them."""

    rate_type = serializers.ChoiceField(
        choices=BudgetType.choices, help_text="hourly: rates per hour; fixed: whole-gig prices."
    )
    category = serializers.ChoiceField(choices=GigCategory.choices, allow_null=True)
    skill = serializers.CharField(allow_null=True, help_text="The skill's slug.")
    currency = serializers.CharField(help_text="ISO 4217; figures are in this currency.")
    n = serializers.IntegerField(
        help_text="Hires (accepted proposals and bought offers) in the cell."
    )
    published = serializers.BooleanField(help_text="n is at least the minimum (5).")
    mean = _minor("Mean")
    p10 = _minor("10th percentile")
    p25 = _minor("25th percentile")
    p50 = _minor("Median")
    p75 = _minor("75th percentile")
    p90 = _minor("90th percentile")
    refreshed_at = serializers.DateTimeField()

    def to_representation(self, instance: FreelanceRateCell) -> dict[str, Any]:
        return super().to_representation(
            {
                "rate_type": instance.rate_type,
                "category": instance.category or None,
                "skill": instance.skill.slug if instance.skill else None,
                "currency": instance.currency,
                "n": instance.n,
                "published": instance.published,
                **instance.stats,
                "refreshed_at": instance.refreshed_at,
            }
        )


class FreelanceRateBreakdownSerializer(serializers.Serializer):
    """The cells of each category, skill or currency, the rest as asked (``?group_by=``)."""

    group_by = serializers.ChoiceField(choices=RATE_GROUP_BY_CHOICES)
    results = FreelanceRateCellSerializer(many=True)
