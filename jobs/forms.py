"""Forms recruiters and candidates fill in on the job board."""

from decimal import Decimal
from functools import cached_property
from typing import Any, cast

import pycountry
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse_lazy

from careers.models import Skill
from core.money import to_major, to_minor
from core.taxonomy import Level, RemotePolicy
from core.widgets import CheckboxList
from jobs import domain
from jobs.models import ApplyMethod, Company, JobPosting, PostingReport, SavedSearch
from jobs.services.postings import RECRUITER_FIELDS

# Offered first in the currency menu; every ISO 4217 code follows.
COMMON_CURRENCIES = ["USD", "GBP", "EUR", "INR", "CAD", "AUD", "SGD", "CHF", "SEK", "JPY"]


def currency_choices() -> list[tuple[str, str]]:
    names = {c.alpha_3: f"{c.alpha_3} ({c.name})" for c in pycountry.currencies}
    rest = sorted(code for code in names if code not in COMMON_CURRENCIES)
    return [(code, names[code]) for code in COMMON_CURRENCIES + rest]


# Fields of the posting editor that only mean something for one answer of another field:
# the page shows each only while that answer is chosen (static/js/posting-form.js reads the
# data-shown-when attribute), and the form drops what was typed into one hidden from view.
SHOWN_WHEN = {
    "applicant_countries": ("remote_policy", RemotePolicy.REMOTE),
    "apply_url": ("apply_method", ApplyMethod.URL),
    "apply_email": ("apply_method", ApplyMethod.EMAIL),
}


class PostingForm(forms.ModelForm):
    """The posting editor. Salaries are typed in whole units and stored in minor units."""

    company = forms.ModelChoiceField(queryset=Company.objects.none(), empty_label=None)
    salary_min = forms.DecimalField(
        label="Salary from", min_value=0, max_digits=14, decimal_places=2
    )
    salary_max = forms.DecimalField(label="Salary to", min_value=0, max_digits=14, decimal_places=2)
    salary_currency = forms.ChoiceField(label="Currency", choices=currency_choices)
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        required=False,
        widget=CheckboxList,
        help_text="What the role needs; candidates filter and match on these.",
    )

    class Meta:
        model = JobPosting
        fields = ["company", *RECRUITER_FIELDS, "skills"]
        widgets = {
            "description": forms.Textarea(
                attrs={
                    "rows": 14,
                    "hx-post": reverse_lazy("jobs:preview"),
                    "hx-trigger": "input changed delay:400ms, load",
                    "hx-target": "#preview",
                    "hx-swap": "outerHTML",
                }
            ),
            "applicant_countries": CheckboxList,
        }
        help_texts = {
            "level": "Leave empty to infer it from the title.",
            "description": "Markdown: **bold**, lists with “- ”, links as [text](https://…).",
        }

    def __init__(self, *args: Any, companies: QuerySet[Company] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ModelForm builds these from the model's foreign key and choices field.
        cast(forms.ModelChoiceField, self.fields["company"]).queryset = companies
        level = cast(forms.ChoiceField, self.fields["level"])
        level.required = False
        level.choices = [("", "From the title"), *Level.choices]
        for name, (controller, answer) in SHOWN_WHEN.items():
            self.fields[name].widget.attrs["data-shown-when"] = f"{controller}={answer}"
        if self.instance.pk:
            del self.fields["company"]
            for name in ("salary_min", "salary_max"):
                value = getattr(self.instance, name)
                if value is not None:
                    self.initial[name] = to_major(value, self.instance.salary_currency)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        currency = data.get("salary_currency")
        for name in ("salary_min", "salary_max"):
            if isinstance(data.get(name), Decimal) and currency:
                data[name] = to_minor(data[name], currency)
        # The range and its bounds are checked with the posting (jobs.salary_bounds).
        for name, (controller, answer) in SHOWN_WHEN.items():
            if name in data and data.get(controller) != answer:
                data[name] = self.fields[name].to_python(None)
        return data

    @cached_property
    def publishes_on_submit(self) -> bool:
        """Whether submitting puts the posting live at once rather than in review."""
        company = self.instance.company if self.instance.pk else self._chosen_company()
        if company is None:
            return False
        return domain.submitted_status(verified=company.verified) == domain.Status.PUBLISHED

    def _chosen_company(self) -> Company | None:
        """The company a new posting is for: the one sent, or the menu's first choice."""
        if self.is_bound:
            return getattr(self, "cleaned_data", {}).get("company")
        companies = cast(forms.ModelChoiceField, self.fields["company"]).queryset
        return companies.first() if companies is not None else None

    def _post_clean(self) -> None:
        # The service validates the model (with derived fields set) in one place.
        return

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in RECRUITER_FIELDS}

    def apply_errors(self, error: ValidationError) -> None:
        """Show a service's validation errors on the fields they concern."""
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class ReportForm(forms.ModelForm):
    class Meta:
        model = PostingReport
        fields = ["reason", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = ["name", "website", "industry", "size", "country", "description", "logo"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class SavedSearchForm(forms.Form):
    """A saved search's name and e-mails; its criteria are the board's own filter form.

    Its fields carry a prefix, so they share a request with the filters without clashing.
    """

    prefix = "alert"
    name = SavedSearch._meta.get_field("name").formfield()
    frequency = SavedSearch._meta.get_field("frequency").formfield(widget=forms.RadioSelect)

    def apply_errors(self, error: ValidationError, *, filters: forms.Form) -> None:
        """Show a service's validation errors on this form's fields or on the ``filters``."""
        for field, messages in error.message_dict.items():
            if field in self.fields:
                self.add_error(field, messages)
            else:
                filters.add_error(field if field in filters.fields else None, messages)
