"""The job search form: parses and renders the filters of /jobs/, its feeds, alerts and API.

Its cleaned filters become a ``jobs.search.BoardQuery`` (``core.filters.BoardFilterSet``).
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import django_filters as filters
from django import forms
from django_filters import fields as filter_fields
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from careers.models import Skill
from core.countries import CountryChoices, country_codes
from core.filters import (
    BoardFilterForm,
    BoardFilterSet,
    currency_filter,
    keywords_filter,
    posted_within_filter,
)
from core.money import AMOUNT_DIGITS
from core.taxonomy import CompanySize, Industry, Level, RemotePolicy
from core.validators import validate_single_line
from core.widgets import CheckboxList, LongSelect
from jobs.models import JobPosting
from jobs.salary_bounds import annual_ceiling, ceiling_message
from jobs.search import BoardQuery
from jobs.taxonomy import EmploymentType

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


class PostingFilterForm(BoardFilterForm):
    amount_field = "salary_at_least"
    amount_noun = "salary"

    def amount_error(self, amount: Decimal, currency: str) -> str | None:
        # Nothing on the board pays more, and a larger number may not fit the column.
        return ceiling_message(currency) if amount > annual_ceiling(currency) else None


class PostingFilter(BoardFilterSet[BoardQuery]):
    """The job search's filters; ``country_menu`` replaces every country in the menu's choices.

    Whatever the menu lists, any ISO code is a valid country.
    """

    query_class = BoardQuery
    q = keywords_filter()
    where = filters.CharFilter(
        label="Where",
        max_length=120,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"placeholder": "City, country or remote"}),
    )
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
    currency = currency_filter()
    skills = SkillSlugsFilter(
        label="Skills",
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        field_name="skills__slug",
        widget=CHECKBOXES,
        help_text="Roles asking for any of these.",
    )
    posted_within = posted_within_filter()
    sort = filters.ChoiceFilter(label="Sort by", choices=SORT_CHOICES, empty_label=None)

    class Meta:
        model = JobPosting
        fields: list[str] = []
        form = PostingFilterForm

    def __init__(
        self,
        data: Any = None,
        *args: Any,
        country_menu: Sequence[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, *args, **kwargs)
        if country_menu is not None:
            self.form.fields["country"].choices = country_menu
