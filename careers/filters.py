"""Filters of the certification and resource lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet

from core.money import AMOUNT_DIGITS, is_currency, to_minor
from core.widgets import CheckboxList

from .models import CertificationFormat, ResourceKind, Skill

CHECKBOXES = CheckboxList
DURATION_CHOICES = [("4", "Up to a month"), ("12", "Up to 3 months"), ("26", "Up to 6 months")]


class CertificationFilterForm(forms.Form):
    def clean(self) -> dict:
        data = super().clean() or {}
        currency = (data.get("currency") or "").upper()
        if currency and not is_currency(currency):
            self.add_error("currency", "Use an ISO 4217 code such as GBP, USD or INR.")
        elif data.get("max_cost") and not currency:
            self.add_error("currency", "Say which currency the budget is in.")
        data["currency"] = currency
        return data


class CertificationFilter(filters.FilterSet):
    skill = filters.ModelChoiceFilter(
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        field_name="skills",
        empty_label="Any skill",
        label="Covers the skill",
    )
    # Not "format": DRF reserves that query parameter for choosing the response format.
    delivery = filters.MultipleChoiceFilter(
        field_name="format", label="Format", choices=CertificationFormat.choices, widget=CHECKBOXES
    )
    max_cost = filters.NumberFilter(
        label="Budget up to",
        method="filter_cost",
        min_value=0,
        max_digits=AMOUNT_DIGITS,
        help_text="0 for free only.",
    )
    currency = filters.CharFilter(
        method="filter_noop",
        max_length=3,
        widget=forms.TextInput(attrs={"placeholder": "GBP", "size": 4}),
    )
    max_weeks = filters.ChoiceFilter(
        label="Duration",
        choices=DURATION_CHOICES,
        method="filter_weeks",
        empty_label="Any length",
    )

    class Meta:
        form = CertificationFilterForm
        fields: list[str] = []

    def filter_noop(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_cost(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Free ones, plus those in the chosen currency up to the budget; unknown cost is out."""
        if value is None:
            return queryset
        free = Q(cost=0)
        if not value:
            return queryset.filter(free)
        currency = self.form.cleaned_data["currency"]
        within = Q(currency=currency, cost__lte=to_minor(value, currency))
        return queryset.filter(free | within)

    def filter_weeks(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(duration_weeks__lte=int(value)) if value else queryset


class ResourceFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ResourceKind.choices, empty_label="Every kind")
    skill = filters.ModelChoiceFilter(
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        field_name="skills",
        empty_label="Any skill",
    )
    free = filters.BooleanFilter(
        field_name="is_free",
        label="Price",
        help_text="Only resources whose price a source states.",
        widget=forms.Select(choices=[("", "Any"), ("true", "Free"), ("false", "Paid")]),
    )

    class Meta:
        fields: list[str] = []
