"""Admin pieces every app shares: the step that asks for a reason before an action runs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import Model
from django.http import HttpRequest
from django.template.response import TemplateResponse


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
