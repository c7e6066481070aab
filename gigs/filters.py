"""The gig search form: parses and renders the filters of /gigs/ and the API's gig list.

What the cleaned filters ask for becomes a ``gigs.search.GigQuery``; searching is that
query's business, so the filter set holds no search logic of its own.
"""

from functools import cached_property
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from careers.models import Skill
from core.money import AMOUNT_DIGITS, is_currency, to_minor
from core.validators import validate_single_line
from core.widgets import CheckboxList
from gigs.domain import BudgetType, GigCategory, ceiling_minor
from gigs.models import Gig
from gigs.search import GigQuery
from jobs.filters import POSTED_WITHIN_CHOICES, SkillSlugsFilter

SORT_CHOICES = [("newest", "Newest"), ("relevance", "Best match")]


class GigFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        currency = (data.get("currency") or "").upper()
        budget = data.get("budget_at_least")
        if currency and not is_currency(currency):
            self.add_error("currency", "Use an ISO 4217 code such as GBP, USD or INR.")
        elif budget is not None and not currency:
            self.add_error("currency", "Pick the currency of the budget.")
        elif budget is not None and to_minor(budget, currency) > ceiling_minor(
            currency, BudgetType.FIXED
        ):
            # Nothing on the list costs more, and a larger number may not fit the column.
            self.add_error("budget_at_least", "No gig has a budget that large.")
        data["currency"] = currency
        return data


class GigFilter(filters.FilterSet):
    q = filters.CharFilter(label="Keywords", max_length=200, validators=[validate_single_line])
    category = filters.MultipleChoiceFilter(choices=GigCategory.choices, widget=CheckboxList)
    skills = SkillSlugsFilter(
        label="Skills",
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        field_name="skills__slug",
        widget=CheckboxList,
        help_text="Gigs asking for any of these.",
    )
    budget_type = filters.MultipleChoiceFilter(
        label="Budget", choices=BudgetType.choices, widget=CheckboxList
    )
    budget_at_least = filters.NumberFilter(
        label="Budget at least", min_value=0, max_digits=AMOUNT_DIGITS
    )
    currency = filters.CharFilter(
        label="Currency",
        max_length=3,
        widget=forms.TextInput(attrs={"placeholder": "GBP", "size": 4}),
    )
    posted_within = filters.ChoiceFilter(
        label="Posted", choices=POSTED_WITHIN_CHOICES, empty_label="Any time"
    )
    sort = filters.ChoiceFilter(label="Sort by", choices=SORT_CHOICES, empty_label=None)

    class Meta:
        model = Gig
        fields: list[str] = []
        form = GigFilterForm

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The gigs of ``queryset`` that the search matches (``.qs`` reads this)."""
        return self.query.filter(queryset)

    @cached_property
    def query(self) -> GigQuery:
        """The search the valid filters ask for, with "posted within" counted from now."""
        return GigQuery.from_form(self.form.cleaned_data, now=timezone.now())

    @property
    def active_filter_count(self) -> int:
        """How many filters beyond keywords and order the visitor has set."""
        ignored = {"q", "sort", "currency", "cursor", "page"}
        return sum(
            1
            for key in self.data
            if key not in ignored and any(value.strip() for value in self.data.getlist(key))
        )
