"""The job search filters, shared by the /jobs/ page, its feeds and the API."""

import copy
from datetime import datetime, timedelta
from functools import cache, cached_property
from typing import Any

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.query import EmptyQuerySet
from django.utils import timezone
from django_filters import fields as filter_fields
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from careers.models import Skill
from core.countries import CountryChoices, country_codes
from core.money import AMOUNT_DIGITS, is_currency, to_minor
from core.renderers import PythonRenderer
from core.taxonomy import CompanySize, Industry, Level, RemotePolicy
from core.validators import validate_single_line
from core.widgets import CheckboxList, LongSelect
from jobs import search
from jobs.models import JobPosting
from jobs.salary_bounds import annual_ceiling, ceiling_message
from jobs.taxonomy import EmploymentType

POSTED_WITHIN_CHOICES = [(1, "Last 24 hours"), (3, "Last 3 days"), (7, "Last week"),
                         (14, "Last 2 weeks"), (30, "Last 30 days")]  # fmt: skip
CHECKBOXES = CheckboxList
SORT_CHOICES = [("newest", "Newest"), ("relevance", "Best match"), ("salary", "Highest salary")]


@extend_schema_field(OpenApiTypes.STR)
class SkillSlugsFilter(filters.ModelMultipleChoiceFilter):
    """Skills named by slug (``?skills=sql&skills=user-research``): any of them matches."""

    def filter(self, queryset: QuerySet, value: QuerySet) -> QuerySet:
        # No skill chosen cleans to Skill.objects.none(), which the base class would build
        # and compile as a query only to find it empty.
        if isinstance(value, EmptyQuerySet):
            return queryset
        return super().filter(queryset, value)


class CountryCodeField(filter_fields.ChoiceField):
    """A country picked by ISO code, checked against the codes rather than the named choices.

    A plain choice field walks and translates every country's name to validate one code.
    """

    def valid_value(self, value: str) -> bool:
        return value in country_codes()


class CountryFilter(filters.ChoiceFilter):
    field_class = CountryCodeField


class PostingFilterForm(forms.Form):
    # Every board page shows the form: its inputs, menus and labels are written in Python.
    default_renderer = PythonRenderer()

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


class SearchFilters(dict[str, filters.Filter]):
    """A filter set class's filters, which every filter set made from it copies as its own.

    FilterSet deep-copies them for each search, with every widget, choice list and queryset
    they hold: half a millisecond a search, more than the search's own filtering. None of
    those change during a search. What a search sets on a filter are its own attributes (its
    model and parent filter set, its label, the form field it builds) and the query set
    argument it writes into its ``extra``, so a shallow copy of each filter with its own
    ``extra`` keeps one search's filters apart from another's. A filter with a method gets
    a new FilterMethod, which finds the method on the copy's parent, not on the original's.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, filters.Filter]:
        return {name: _copy_filter(filter_) for name, filter_ in self.items()}


def _copy_filter(filter_: filters.Filter) -> filters.Filter:
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)
    if filter_.method is not None:
        copied.method = filter_.method
    return copied


class PostingFilter(filters.FilterSet):
    q = filters.CharFilter(
        label="Keywords", method="filter_q", max_length=200, validators=[validate_single_line]
    )
    # Several values of a posting's own field, or its company's, match each posting once: only
    # the skills filter, through a many-to-many link, needs DISTINCT (django-filter's default
    # here), which would make the database aggregate every match before it sorts them.
    level = filters.MultipleChoiceFilter(choices=Level.choices, widget=CHECKBOXES, distinct=False)
    technical = filters.BooleanFilter(
        label="Technical PM roles",
        widget=forms.Select(
            choices=[("", "Any"), ("true", "Technical only"), ("false", "Non-technical only")]
        ),
    )
    remote_policy = filters.MultipleChoiceFilter(
        label="Workplace", choices=RemotePolicy.choices, widget=CHECKBOXES, distinct=False
    )
    employment_type = filters.MultipleChoiceFilter(
        label="Type", choices=EmploymentType.choices, widget=CHECKBOXES, distinct=False
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
        distinct=False,
    )
    company_size = filters.MultipleChoiceFilter(
        label="Company size",
        field_name="company__size",
        choices=CompanySize.choices,
        widget=CHECKBOXES,
        distinct=False,
    )
    salary_at_least = filters.NumberFilter(
        label="Salary at least (per year)",
        method="filter_salary",
        min_value=0,
        max_digits=AMOUNT_DIGITS,
    )
    currency = filters.CharFilter(
        label="Currency",
        method="filter_noop",
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
        method="filter_posted_within",
        empty_label="Any time",
    )
    sort = filters.ChoiceFilter(
        label="Sort by", choices=SORT_CHOICES, method="filter_noop", empty_label=None
    )

    class Meta:
        model = JobPosting
        fields: list[str] = []
        form = PostingFilterForm

    @classmethod
    def get_filters(cls) -> dict[str, filters.Filter]:
        """The declared filters, which each filter set copies as SearchFilters copies them."""
        return SearchFilters(super().get_filters())

    def get_form_class(self) -> type[forms.Form]:
        """The form's class, built once per filter set class.

        django-filter builds it, with a new field for every filter, for each search. No field
        here depends on the request, and every form works on its own deep copies of its class's
        fields, so one class serves every search.
        """
        # mypy cannot see that a class with an untyped base (FilterSet) is hashable.
        return _form_class(type(self))  # type: ignore[arg-type]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search.search(queryset, value) if value.strip() else queryset

    def filter_salary(self, queryset: QuerySet, name: str, value) -> QuerySet:
        currency = self.form.cleaned_data["currency"]
        try:
            minimum = to_minor(value, currency)
        except ValidationError:
            return queryset.none()
        return queryset.filter(salary_currency=currency, salary_max_annual__gte=minimum)

    def filter_posted_within(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(posted_at__gte=self.posted_since)

    @cached_property
    def posted_since(self) -> datetime | None:
        """The moment "posted within N days" starts at: N days before the search, or None.

        A keyword search hands it to the search (jobs.search.first_matches), which asks the
        search index for postings since that hour where that narrows the search.
        """
        days = self.form.cleaned_data.get("posted_within") if self.is_valid() else None
        return timezone.now() - timedelta(days=int(days)) if days else None

    def filter_noop(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset

    @property
    def active_filter_count(self) -> int:
        """How many filters beyond keywords and order the visitor has set."""
        ignored = {"q", "sort", "currency", "cursor", "page"}
        return sum(
            1
            for key in self.data
            if key not in ignored and any(value.strip() for value in self.data.getlist(key))
        )

    @property
    def chosen_sort(self) -> str:
        """The chosen order; best match by default when there are keywords."""
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("sort") or ("relevance" if data.get("q") else "newest")


@cache
def _form_class(filterset: type[PostingFilter]) -> type[forms.Form]:
    return filters.FilterSet.get_form_class(filterset())
