"""Forms of the offer pages: the seller's offer with its extras, and the buyer's choice.

Prices are typed in whole units of the currency and reach the services in minor units.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast
from uuid import uuid4

from django import forms
from django.forms import formset_factory

from careers.models import Skill
from core.money import to_major, to_minor
from core.validators import validate_single_line
from core.widgets import CheckboxList
from gigs.domain import GigCategory
from gigs.forms import ServiceErrorsMixin
from gigs.models import Offer, OfferExtra
from gigs.models.offers import MAX_DELIVERY_DAYS
from gigs.services.offers import MAX_EXTRAS, OWNER_FIELDS
from jobs.forms import currency_choices


class OfferForm(ServiceErrorsMixin, forms.ModelForm):
    price = forms.DecimalField(label="Price", min_value=Decimal("0.01"), max_digits=14,
                               decimal_places=2)  # fmt: skip
    currency = forms.ChoiceField(label="Currency", choices=currency_choices)
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"), required=False, widget=CheckboxList
    )

    class Meta:
        model = Offer
        fields = [*OWNER_FIELDS, "skills"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "deliverables": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"delivery_days": "Delivery time (days)", "revisions": "Revisions included"}
        help_texts = {
            "description": "Markdown: **bold**, lists with “- ”, links as [text](https://…).",
            "deliverables": "What the client receives, one item a line.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = cast(forms.ChoiceField, self.fields["category"])
        category.choices = [("", "Pick a category"), *GigCategory.choices]
        if self.instance.pk:
            self.initial["price"] = to_major(self.instance.price, self.instance.currency)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if isinstance(data.get("price"), Decimal) and data.get("currency"):
            data["price"] = to_minor(data["price"], data["currency"])
        return data

    def _post_clean(self) -> None:
        # The service validates the model in one place.
        return

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in OWNER_FIELDS}


class ExtraForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(max_length=120, required=False, validators=[validate_single_line])
    price = forms.DecimalField(min_value=Decimal("0.01"), max_digits=14, decimal_places=2,
                               required=False)  # fmt: skip
    extra_days = forms.IntegerField(
        label="Extra days", min_value=0, max_value=MAX_DELIVERY_DAYS, required=False, initial=0
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("title") and data.get("price") is None:
            self.add_error("price", "Give the extra a price.")
        elif data.get("price") is not None and not data.get("title"):
            self.add_error("title", "Name the extra.")
        return data


ExtraFormSet = formset_factory(ExtraForm, extra=2, max_num=MAX_EXTRAS, validate_max=True)


def extras_initial(offer: Offer) -> list[dict[str, Any]]:
    return [
        {
            "id": extra.pk,
            "title": extra.title,
            "price": to_major(extra.price, offer.currency),
            "extra_days": extra.extra_days,
        }
        for extra in offer.extras.all()
    ]


def extras_for_service(formset: Any, currency: str) -> list[dict[str, Any]]:
    """The filled rows of a valid extras formset, prices in minor units of ``currency``."""
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "price": to_minor(row["price"], currency),
            "extra_days": row.get("extra_days") or 0,
        }
        for row in formset.cleaned_data
        if row and row.get("title")
    ]


class ExtrasForm(forms.Form):
    """The extras a client chose on the offer's page, from that offer's alone."""

    extras = forms.ModelMultipleChoiceField(
        queryset=OfferExtra.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose extras from this offer only."},
    )

    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["extras"])
        field.queryset = offer.extras.all()


class BuyForm(ExtrasForm):
    """The confirmed choice, with a key that makes a resubmitted purchase buy once."""

    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, max_length=100, validators=[validate_single_line]
    )

    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        super().__init__(*args, offer=offer, **kwargs)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid4().hex
