"""The filters of the benchmark and freelance rate pages and the salary calculator's questions."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django import forms

from careers.models import Skill
from core.countries import country_codes as all_country_codes
from core.countries import country_name
from core.taxonomy import PERIODS_PER_YEAR, CompanySize, Industry, Level, SalaryPeriod
from gigs.domain import BudgetType, GigCategory
from jobs.salary_bounds import annual_ceiling, ceiling_message

from .dimensions import DIMENSIONS

TECHNICAL_CHOICES = [
    ("", "Technical and not"),
    ("true", "Technical PM"),
    ("false", "Not technical"),
]


class CountryField(forms.ChoiceField):
    """An ISO 3166-1 alpha-2 choice that accepts the code in any case ("gb" for GB)."""

    def to_python(self, value: Any) -> str:
        return super().to_python(value).upper()


class BenchmarkFilterForm(forms.Form):
    """GET filters; every one is optional ("all"). Country and currency list those with data."""

    level = forms.ChoiceField(choices=[("", "All levels"), *Level.choices], required=False)
    country = CountryField(required=False)
    industry = forms.ChoiceField(
        choices=[("", "All industries"), *Industry.choices], required=False
    )
    company_size = forms.ChoiceField(
        choices=[("", "All company sizes"), *CompanySize.choices], required=False
    )
    technical = forms.ChoiceField(choices=TECHNICAL_CHOICES, required=False, label="Role type")
    currency = forms.ChoiceField(
        required=False,
        label="Postings paid in",
        help_text="Benchmarks are computed per currency of pay.",
    )
    display = forms.ChoiceField(
        required=False,
        label="Show figures in",
        help_text="Converted with the rates our staff set; the original currency is the exact one.",
    )

    def __init__(
        self,
        *args: Any,
        country_codes: list[str],
        currencies: list[str],
        display_currencies: list[str],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        codes = set(country_codes)
        chosen = str(self.data.get("country") or "").upper()
        if chosen in all_country_codes():
            # A valid country without data is still a fair question; the page says why it is empty.
            codes.add(chosen)
        self.choice_field("country").choices = [("", "All countries")] + sorted(
            ((code, country_name(code)) for code in codes), key=lambda pair: pair[1]
        )
        self.currency_choices = [(code, code) for code in currencies]
        self.choice_field("currency").choices = [
            ("", "Automatic"),
            *self.currency_choices,
        ]
        self.choice_field("display").choices = [
            ("", "Currency of pay"),
            *((code, code) for code in display_currencies),
        ]

    def choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def dimensions(self) -> dict[str, Any]:
        """The chosen cell position: None for every dimension left at "all"."""
        data = self.cleaned_data
        technical = {"true": True, "false": False}.get(data.get("technical") or "")
        values = {name: data.get(name) or None for name in DIMENSIONS if name != "technical"}
        return {**values, "technical": technical}


class CalculatorForm(BenchmarkFilterForm):
    """Where would an offer sit? The benchmark filters plus the offer itself."""

    offer = forms.DecimalField(
        min_value=Decimal(1),
        max_digits=14,
        decimal_places=2,
        label="Offer",
        help_text="Base salary before tax, in the currency of pay.",
    )
    # Longest period first: salaries are usually quoted per year, and a link that names no
    # period means a yearly offer, which is also what the menu shows first.
    period = forms.ChoiceField(
        choices=sorted(
            SalaryPeriod.choices, key=lambda pair: PERIODS_PER_YEAR[SalaryPeriod(pair[0])]
        ),
        initial=SalaryPeriod.YEAR,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Offers are compared in their own currency: nothing to convert.
        del self.fields["display"]
        currency = self.choice_field("currency")
        currency.label = "Currency of the offer"
        currency.help_text = ""
        currency.required = True
        currency.choices = self.currency_choices

    def clean_period(self) -> str:
        return self.cleaned_data["period"] or SalaryPeriod.YEAR

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        currency = data.get("currency")
        if "offer" in data and currency and self.annual_offer() > annual_ceiling(currency):
            self.add_error("offer", ceiling_message(currency))
        return data

    def annual_offer(self) -> int:
        """The offer in whole currency units per year, halves rounded up."""
        yearly = (
            self.cleaned_data["offer"] * PERIODS_PER_YEAR[SalaryPeriod(self.cleaned_data["period"])]
        )
        return int(yearly.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class FreelanceRateFilterForm(forms.Form):
    """GET filters of the freelance rates page; each may be left to "all" or the busiest."""

    rate_type = forms.ChoiceField(
        choices=[("", "Most common here"), *BudgetType.choices],
        required=False,
        label="Rate",
    )
    category = forms.ChoiceField(
        choices=[("", "All categories"), *GigCategory.choices], required=False
    )
    skill = forms.ChoiceField(required=False)
    currency = forms.ChoiceField(
        required=False,
        label="Paid in",
        help_text="Rates are computed per currency of the gig.",
    )

    def __init__(self, *args: Any, skills: list[Skill], currencies: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.skills_by_slug = {skill.slug: skill for skill in skills}
        skill = cast(forms.ChoiceField, self.fields["skill"])
        skill.choices = [("", "All skills"), *((s.slug, s.name) for s in skills)]
        currency = cast(forms.ChoiceField, self.fields["currency"])
        currency.choices = [("", "Automatic"), *((code, code) for code in currencies)]

    def chosen_skill(self) -> Skill | None:
        return self.skills_by_slug.get(self.cleaned_data.get("skill") or "")
