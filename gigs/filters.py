"""The gig and offer search forms: parse and render the filters of /gigs/, /offers/ and the
API's lists.

Their cleaned filters become a ``gigs.search.GigQuery`` or ``gigs.search.offers.OfferQuery``
(``core.filters.BoardFilterSet``).
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
from gigs.models import Gig, Offer
from gigs.search import GigQuery
from gigs.search.offers import OfferQuery
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


DELIVERY_CHOICES = [(1, "Within a day"), (3, "Within 3 days"), (7, "Within a week"),
                    (14, "Within 2 weeks"), (30, "Within 30 days")]  # fmt: skip
OFFER_SORT_CHOICES = [("newest", "Newest"), ("price", "Lowest price")]


class OfferFilterForm(BoardFilterForm):
    amount_field = "price_at_most"
    amount_noun = "price"

    def amount_error(self, amount: Decimal, currency: str) -> str | None:
        # The column's ceiling: a larger number may not fit it, and nothing costs more.
        if to_minor(amount, currency) > ceiling_minor(currency, BudgetType.FIXED):
            return "That price is beyond any offer's."
        return None


class OfferFilter(BoardFilterSet[OfferQuery]):
    query_class = OfferQuery
    q = keywords_filter()
    category = filters.MultipleChoiceFilter(choices=GigCategory.choices, widget=CheckboxList)
    price_at_most = filters.NumberFilter(
        label="Price at most", min_value=0, max_digits=AMOUNT_DIGITS
    )
    currency = currency_filter()
    delivery_within = filters.ChoiceFilter(
        label="Delivery", choices=DELIVERY_CHOICES, empty_label="Any time"
    )
    sort = filters.ChoiceFilter(label="Sort by", choices=OFFER_SORT_CHOICES, empty_label=None)

    class Meta:
        model = Offer
        fields: list[str] = []
        form = OfferFilterForm
