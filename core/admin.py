"""Admin pieces every app shares: the reason step before an action, amounts in currency units."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import Model
from django.http import HttpRequest
from django.template.response import TemplateResponse

from core.money import plain_amount, to_minor


def reason_form(form_class: type[forms.Form], request: HttpRequest) -> forms.Form:
    """The reason form of an action: bound once staff confirm on the reason page."""
    return form_class(request.POST if request.POST.get("confirm") else None)


def reason_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    *,
    template: str,
    title: str,
    action: str,
    form: forms.Form,
    objects: Sequence[Model],
    **context: Any,
) -> TemplateResponse:
    """The page asking why before ``action`` runs on ``objects``; a refused reason is a 400.

    ``template`` extends ``admin/act_with_reason.html``; ``context`` adds what it shows.
    """
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": model_admin.model._meta,
        "form": form,
        "objects": objects,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "changelist_url": request.get_full_path(),
        **context,
    }
    return TemplateResponse(request, template, context, status=400 if form.is_bound else 200)


class AmountsInUnitsForm(forms.ModelForm):
    """A model form whose amounts staff type as the site shows them, in currency units (450.50).

    The model keeps minor units. Subclasses declare each amount as a DecimalField, list them
    in ``amount_fields``, and name the field holding their currency in ``currency_field``.
    """

    amount_fields: tuple[str, ...] = ()
    currency_field = "currency"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        currency = getattr(self.instance, self.currency_field)
        for name in self.amount_fields:
            minor = getattr(self.instance, name)
            if minor is not None:
                self.initial[name] = plain_amount(minor, currency)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        currency = cleaned.get(self.currency_field) or ""
        for name in self.amount_fields:
            if cleaned.get(name) is not None:
                cleaned[name] = to_minor(cleaned[name], currency)
        return cleaned
