"""The gig search form: parses and renders the filters of /gigs/ and the API's gig list.

Its cleaned filters become a ``gigs.search.GigQuery`` (``core.filters.BoardFilterSet``).
"""

from decimal import Decimal

import django_filters as filters

from careers.models import Skill
from core.filters import (
    BoardFilterForm,
    BoardFilterSet,
    currency_filter,
    keywords_filter,
    posted_within_filter,
)
from core.money import AMOUNT_DIGITS, to_minor
from core.widgets import CheckboxList
from gigs.domain import BudgetType, GigCategory, ceiling_minor
from gigs.models import Gig
from gigs.search import GigQuery
from jobs.filters import SkillSlugsFilter

SORT_CHOICES = [("newest", "Newest"), ("relevance", "Best match")]


class GigFilterForm(BoardFilterForm):
    amount_field = "budget_at_least"
    amount_noun = "budget"

    def amount_error(self, amount: Decimal, currency: str) -> str | None:
        # Nothing on the list costs more, and a larger number may not fit the column.
        if to_minor(amount, currency) > ceiling_minor(currency, BudgetType.FIXED):
            return "No gig has a budget that large."
        return None


class GigFilter(BoardFilterSet[GigQuery]):
    query_class = GigQuery
    q = keywords_filter()
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
    currency = currency_filter()
    posted_within = posted_within_filter()
    sort = filters.ChoiceFilter(label="Sort by", choices=SORT_CHOICES, empty_label=None)

    class Meta:
        model = Gig
        fields: list[str] = []
        form = GigFilterForm
