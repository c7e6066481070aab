"""The job search form: parses and renders the filters of /jobs/, its feeds, alerts and API.

What the cleaned filters ask for becomes a ``jobs.search.BoardQuery``; searching is that
query's business, so the filter set holds no search logic of its own.
"""

from functools import cached_property
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django_filters import fields as filter_fields
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from careers.models import Skill
from core.countries import CountryChoices, country_codes
from core.money import AMOUNT_DIGITS, is_currency
from core.taxonomy import CompanySize, Industry, Level, RemotePolicy
from core.validators import validate_single_line
from core.widgets import CheckboxList, LongSelect
from jobs.models import JobPosting
from jobs.salary_bounds import annual_ceiling, ceiling_message
from jobs.search import BoardQuery
from jobs.taxonomy import EmploymentType

POSTED_WITHIN_CHOICES = [(1, "Last 24 hours"), (3, "Last 3 days"), (7, "Last week"),
                         (14, "Last 2 weeks"), (30, "Last 30 days")]  # fmt: skip
CHECKBOXES = CheckboxList
SORT_CHOICES = [("newest", "Newest"), ("relevance", "Best match"), ("salary", "Highest salary")]


@extend_schema_field(OpenApiTypes.STR)
class SkillSlugsFilter(filters.ModelMultipleChoiceFilter):
    """Skills named by slug (``?skills=sql&skills=user-research``): any of them matches."""


class CountryCodeField(filter_fields.ChoiceField):
    """A country picked by ISO code, checked against the codes rather than the named choices.

    A plain choice field walks and translates every country's name to validate one code.
    """

    def valid_value(self, value: str) -> bool:
        return value in country_codes()


class CountryFilter(filters.ChoiceFilter):
    field_class = CountryCodeField


class PostingFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        currency = (data.get("currency") or "").upper()
        if currency and not is_currency(currency):
            self.add_error("currency", "Use an ISO 4217 code such as GBP, USD or INR.")
        elif data.get("salary_at_least") is not None and not currency:
            self.add_error("currency", "Pick the currency of the salary.")
        elif currency and (data.get("salary_at_least") or 0) > annual_ceiling(currency):
            # Nothing on the board pays more, and a larger number may not fit the column.
            self.add_error("salary_at_least", ceiling_message(currency))
        data["currency"] = currency
        return data


class PostingFilter(filters.FilterSet):
    q = filters.CharFilter(label="Keywords", max_length=200, validators=[validate_single_line])
    level = filters.MultipleChoiceFilter(choices=Level.choices, widget=CHECKBOXES)
    technical = filters.BooleanFilter(
        label="Technical PM roles",
        widget=forms.Select(
            choices=[("", "Any"), ("true", "Technical only"), ("false", "Non-technical only")]
        ),
    )
    remote_policy = filters.MultipleChoiceFilter(
        label="Workplace", choices=RemotePolicy.choices, widget=CHECKBOXES
    )
    employment_type = filters.MultipleChoiceFilter(
        label="Type", choices=EmploymentType.choices, widget=CHECKBOXES
    )
    # Names come from core.countries, read once per language; ``countries`` itself translates
    # and sorts every name again each time the menu, or a copy of it, reads them.
    country = CountryFilter(choices=CountryChoices(), empty_label="Any country", widget=LongSelect)
    city = filters.CharFilter(
        field_name="city", lookup_expr="iexact", max_length=120, validators=[validate_single_line]
    )
    industry = filters.MultipleChoiceFilter(
        label="Industry",
        field_name="company__industry",
        choices=Industry.choices,
        widget=CHECKBOXES,
    )
    company_size = filters.MultipleChoiceFilter(
        label="Company size",
        field_name="company__size",
        choices=CompanySize.choices,
        widget=CHECKBOXES,
    )
    salary_at_least = filters.NumberFilter(
        label="Salary at least (per year)",
        min_value=0,
        max_digits=AMOUNT_DIGITS,
    )
    currency = filters.CharFilter(
        label="Currency",
        max_length=3,
        widget=forms.TextInput(attrs={"placeholder": "GBP", "size": 4}),
    )
    skills = SkillSlugsFilter(
        label="Skills",
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        field_name="skills__slug",
        widget=CHECKBOXES,
        help_text="Roles asking for any of these.",
    )
    posted_within = filters.ChoiceFilter(
        label="Posted",
        choices=POSTED_WITHIN_CHOICES,
        empty_label="Any time",
    )
    sort = filters.ChoiceFilter(label="Sort by", choices=SORT_CHOICES, empty_label=None)

    class Meta:
        model = JobPosting
        fields: list[str] = []
        form = PostingFilterForm

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The postings of ``queryset`` that the search matches (``.qs`` reads this)."""
        return self.query.filter(queryset)

    @cached_property
    def query(self) -> BoardQuery:
        """The search the valid filters ask for, with "posted within" counted from now."""
        return BoardQuery.from_form(self.form.cleaned_data, now=timezone.now())

    @property
    def active_filter_count(self) -> int:
        """How many filters beyond keywords and order the visitor has set."""
        ignored = {"q", "sort", "currency", "cursor", "page"}
        return sum(
            1
            for key in self.data
            if key not in ignored and any(value.strip() for value in self.data.getlist(key))
        )
