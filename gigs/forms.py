"""Forms clients and freelancers fill in: gigs, proposals, profiles, contracts, payouts.

Amounts are typed in whole units of the currency and reach the services in minor units.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, cast
from uuid import uuid4

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse

from careers.models import Skill
from core.countries import CountryChoices
from core.money import format_money, to_major, to_minor
from core.validators import validate_multi_line, validate_single_line
from core.widgets import CheckboxList
from gigs import hours
from gigs.domain import (
    MAX_MILESTONES,
    MILESTONE_TITLE_LENGTH,
    RATINGS,
    REVIEW_REPLY_LENGTH,
    REVIEW_TEXT_LENGTH,
    GigCategory,
    PayoutKind,
)
from gigs.models import FreelancerProfile, Gig, PayoutMethod, PortfolioItem, Proposal
from gigs.services.gigs import CLIENT_FIELDS
from gigs.services.profiles import PROFILE_FIELDS
from jobs.forms import currency_choices
from jobs.models import Company

# "Discovery interviews: 1200" -- a title, a colon, an amount in whole units.
_MILESTONE_LINE = re.compile(r"^(?P<title>.+?)\s*[:|]\s*(?P<amount>[\d,]+(?:\.\d+)?)\s*$")


class ServiceErrorsMixin:
    def apply_errors(self, error: ValidationError) -> None:
        """Show a service's validation errors on the fields they concern."""
        form: Any = self
        if not hasattr(error, "error_dict"):
            form.add_error(None, error.messages)
            return
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)


class GigForm(ServiceErrorsMixin, forms.ModelForm):
    budget_min = forms.DecimalField(
        label="Budget from", min_value=0, max_digits=14, decimal_places=2
    )
    budget_max = forms.DecimalField(label="Budget to", min_value=0, max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label="Currency", choices=currency_choices)
    company = forms.ModelChoiceField(
        queryset=Company.objects.none(),
        required=False,
        empty_label="Myself",
        help_text="Post for a company you recruit for, or as yourself.",
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"), required=False, widget=CheckboxList
    )

    class Meta:
        model = Gig
        fields = [*CLIENT_FIELDS, "skills"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 12}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "description": "Markdown: **bold**, lists with “- ”, links as [text](https://…).",
            "deadline": "Optional: the date the work must be done by.",
        }

    def __init__(self, *args: Any, companies: QuerySet[Company], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ModelChoiceField, as declared above; the category is the model's choices field.
        cast(forms.ModelChoiceField, self.fields["company"]).queryset = companies
        category = cast(forms.ChoiceField, self.fields["category"])
        category.choices = [("", "Pick a category"), *GigCategory.choices]
        if not companies.exists():
            del self.fields["company"]
        elif self.instance.pk:
            self.initial["company"] = self.instance.company_id
        if self.instance.pk:
            for name in ("budget_min", "budget_max"):
                self.initial[name] = to_major(getattr(self.instance, name), self.instance.currency)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        currency = data.get("currency")
        for name in ("budget_min", "budget_max"):
            if isinstance(data.get(name), Decimal) and currency:
                data[name] = to_minor(data[name], currency)
        # The budget's rules are checked with the gig (gigs.domain.budget_errors).
        return data

    def _post_clean(self) -> None:
        # The service validates the model in one place.
        return

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in CLIENT_FIELDS}


class ProposalForm(ServiceErrorsMixin, forms.ModelForm):
    price = forms.DecimalField(min_value=0, max_digits=14, decimal_places=2)
    milestone_plan = forms.CharField(
        label="Milestone plan (optional)",
        required=False,
        max_length=4000,
        validators=[validate_multi_line],
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "Discovery interviews: 1200\nFinal report: 800"}
        ),
        help_text=(
            f"One milestone a line, “title: amount”, at most {MAX_MILESTONES}; "
            "for a fixed price they add up to it."
        ),
    )

    class Meta:
        model = Proposal
        fields = ["approach", "experience", "price", "timeline"]
        widgets = {
            "approach": forms.Textarea(attrs={"rows": 6}),
            "experience": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"timeline": "For example “3 weeks” or “10 hours a week for 2 months”."}

    def __init__(self, *args: Any, gig: Gig, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gig = gig
        price = self.fields["price"]
        price.label = (
            f"Your hourly rate ({gig.currency})"
            if gig.is_hourly
            else f"Your price ({gig.currency})"
        )
        # As the price is typed, htmx asks for the fee on it and fills #fee-preview.
        price.widget.attrs.update(
            {
                "hx-get": reverse("gigs:fee_preview", args=[gig.slug]),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#fee-preview",
                "hx-include": "this",
                "hx-sync": "this:replace",
            }
        )
        if self.instance.pk:
            self.initial["price"] = to_major(self.instance.price, gig.currency)
            self.initial["milestone_plan"] = "\n".join(
                f"{m['title']}: {to_major(m['amount'], gig.currency)}"
                for m in self.instance.milestones
            )

    def clean_price(self) -> int:
        return to_minor(self.cleaned_data["price"], self.gig.currency)

    def clean_milestone_plan(self) -> list[dict[str, Any]]:
        plan = []
        for number, line in enumerate(self.cleaned_data["milestone_plan"].splitlines(), start=1):
            if not line.strip():
                continue
            found = _MILESTONE_LINE.match(line.strip())
            if not found:
                raise ValidationError(f"Line {number}: write “title: amount”.")
            amount = to_minor(found["amount"].replace(",", ""), self.gig.currency)
            plan.append({"title": found["title"].strip(), "amount": amount})
        return plan

    def _post_clean(self) -> None:
        return

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "approach": data["approach"],
            "experience": data["experience"],
            "price": data["price"],
            "timeline": data["timeline"],
            "milestones": data["milestone_plan"],
        }


def milestone_labels(proposal: Proposal) -> list[tuple[str, str]]:
    return [
        (m["title"], format_money(m["amount"], proposal.gig.currency)) for m in proposal.milestones
    ]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=2000,
        validators=[validate_multi_line],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The freelancer reads this in their e-mail.",
    )


class InviteForm(forms.Form):
    freelancer = forms.SlugField(
        label="Freelancer's profile address",
        max_length=80,
        help_text="The last part of their /freelancers/… page address.",
    )
    message = forms.CharField(
        required=False,
        max_length=2000,
        validators=[validate_multi_line],
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProfileForm(ServiceErrorsMixin, forms.ModelForm):
    hourly_rate = forms.DecimalField(
        label="Hourly rate", required=False, min_value=0, max_digits=14, decimal_places=2
    )
    currency = forms.ChoiceField(
        label="Currency", required=False, choices=lambda: [("", "—"), *currency_choices()]
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"), required=False, widget=CheckboxList
    )

    class Meta:
        model = FreelancerProfile
        fields = [*PROFILE_FIELDS, "skills"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"bio": "Markdown. What you do best, for whom, and how you work."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.hourly_rate is not None:
            self.initial["hourly_rate"] = to_major(
                self.instance.hourly_rate, self.instance.currency
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if isinstance(data.get("hourly_rate"), Decimal):
            if not data.get("currency"):
                self.add_error("currency", "Say which currency your rate is in.")
            else:
                data["hourly_rate"] = to_minor(data["hourly_rate"], data["currency"])
        return data

    def _post_clean(self) -> None:
        return

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in PROFILE_FIELDS}


class PortfolioItemForm(ServiceErrorsMixin, forms.ModelForm):
    # A plain file field: the service reads the content (gigs.portfolio_images), once.
    image = forms.FileField(
        label="Image (optional)",
        required=False,
        help_text="JPEG, PNG or WebP, at most 5 MB, such as a screenshot or a chart.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = PortfolioItem
        fields = ["title", "description", "link"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _line(label: str, max_length: int, help_text: str = "", **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        validators=[validate_single_line],
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off", **attrs}),
    )


class PayoutMethodForm(ServiceErrorsMixin, forms.Form):
    """Where to be paid. Which fields each kind needs is gigs.payout_details' rule; the
    values reach the service as typed and are sealed there."""

    kind = forms.ChoiceField(label="Method", choices=PayoutKind.choices)
    email = _line("PayPal e-mail", 254, "PayPal only.", type="email")
    holder_name = _line("Name on the account", 120, "Bank transfer and wire.")
    bank_country = forms.ChoiceField(
        label="Bank country",
        required=False,
        choices=[("", "—")],
        help_text="Bank transfer and wire.",
    )
    iban = _line(
        "IBAN",
        42,
        "Bank transfer and wire: the IBAN, or else the account number below.",
        spellcheck="false",
    )
    account_number = _line("Account number", 40, "Where the bank has no IBAN.", spellcheck="false")
    bank_code = _line(
        "Bank code",
        20,
        "Bank transfer with an account number: sort code, routing number or the like.",
        spellcheck="false",
    )
    bank_name = _line("Bank name", 120, "Wire only.")
    bic = _line("SWIFT/BIC", 15, "Wire only, e.g. NWBKGB2L.", spellcheck="false")

    def __init__(self, *args: Any, kind: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["bank_country"]).choices = [
            ("", "—"),
            *CountryChoices(),
        ]
        if kind is not None:
            # Re-entering a method's details keeps its kind.
            self.fields["kind"].initial = kind
            self.fields["kind"].disabled = True

    def details(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if name != "kind"}


class MoneyActionForm(forms.Form):
    """A button that moves money: its key, made when the page is drawn, makes a resubmitted
    form (a double click, a browser retry) move the money once."""

    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, max_length=100, validators=[validate_single_line]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid4().hex


class MilestoneForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(max_length=MILESTONE_TITLE_LENGTH, validators=[validate_single_line])
    amount = forms.DecimalField(min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    due_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Due date (optional)"
    )

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["amount"].label = f"Amount ({currency})"

    def clean_amount(self) -> int:
        return to_minor(self.cleaned_data["amount"], self.currency)


class HoursField(forms.CharField):
    """Hours typed as "7.5" or "7:30", cleaned to minutes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 8, "inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 8:
            raise ValidationError('Give the hours as "7.5" or "7:30".', code="hours")
        try:
            return hours.parse_minutes(text)
        except ValueError as error:
            raise ValidationError(str(error), code="hours") from error


class HourLogForm(ServiceErrorsMixin, forms.Form):
    """A week's hours: the Monday is picked from the weeks the contract has run."""

    week = forms.TypedChoiceField(coerce=date.fromisoformat, label="Week starting")
    minutes = HoursField(label="Hours worked", help_text='Such as "7.5" or "7:30".')
    description = forms.CharField(
        label="What you worked on",
        max_length=hours.DESCRIPTION_LENGTH,
        validators=[validate_single_line],
    )

    def __init__(self, *args: Any, weeks: list[date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        week_field = cast(forms.TypedChoiceField, self.fields["week"])
        week_field.choices = [
            (week.isoformat(), f"{week:%a} {week.day} {week:%b %Y}") for week in weeks
        ]


class RejectHoursForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Why (the freelancer sees this)",
        max_length=hours.REASON_LENGTH,
        validators=[validate_single_line],
    )


class TopUpForm(MoneyActionForm):
    amount = forms.DecimalField(min_value=Decimal("0.01"), max_digits=14, decimal_places=2)

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["amount"].label = f"Amount ({currency})"

    def clean_amount(self) -> int:
        return to_minor(self.cleaned_data["amount"], self.currency)


class WeeklyLimitForm(forms.Form):
    minutes = HoursField(
        label="Weekly limit (hours)",
        required=False,
        help_text="Leave empty for no limit.",
    )


class FeePreviewForm(forms.Form):
    """The price typed so far, for the proposal form's fee preview; blank previews nothing."""

    price = forms.DecimalField(required=False, min_value=0, max_digits=14, decimal_places=2)

    def amount(self, currency: str) -> int | None:
        """The price in minor units, or None while it is blank or not yet a price."""
        if not self.is_valid() or self.cleaned_data["price"] is None:
            return None
        minor = to_minor(self.cleaned_data["price"], currency)
        return minor or None


class PayoutForm(ServiceErrorsMixin, forms.Form):
    """A withdrawal: how much, in which currency, to which of the freelancer's methods.

    The hidden key is made when the form is shown, so a second submission of the same page
    (a double click, a resent request) answers the first payout instead of making another.
    """

    amount = forms.DecimalField(min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    currency = forms.ChoiceField()
    method = forms.TypedChoiceField(label="Pay to", coerce=int, required=False, empty_value=None)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(
        self, *args: Any, currencies: list[str], methods: list[PayoutMethod], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["currency"]).choices = [(c, c) for c in currencies]
        cast(forms.ChoiceField, self.fields["method"]).choices = [
            (method.pk, method.label) for method in methods
        ]
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid4().hex

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if isinstance(data.get("amount"), Decimal) and data.get("currency"):
            data["amount"] = to_minor(data["amount"], data["currency"])
        return data


class ReviewForm(ServiceErrorsMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label="Your rating",
        coerce=int,
        choices=[(stars, f"{stars} star{'s' if stars > 1 else ''}") for stars in RATINGS],
        widget=forms.RadioSelect,
        error_messages={"required": "Pick from 1 to 5 stars."},
    )
    text = forms.CharField(
        label="Your review",
        max_length=REVIEW_TEXT_LENGTH,
        validators=[validate_multi_line],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Plain text. Once sent it cannot be changed; the other side sees it when "
        "both reviews are in or the window closes.",
        error_messages={"required": "Write a few words about working together."},
    )


class ReplyForm(ServiceErrorsMixin, forms.Form):
    reply = forms.CharField(
        label="Your public reply",
        max_length=REVIEW_REPLY_LENGTH,
        validators=[validate_multi_line],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown under the review. You can reply once.",
        error_messages={"required": "Write your reply."},
    )
