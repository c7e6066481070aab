"""The portal's admin site: one "Accounts" section, and an index that opens on the counts of
work waiting for staff."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse

from accounts.landing_selectors import staff_queues

ACCOUNTS = "accounts"
# Apps whose admin models are about the people who sign in: allauth's e-mail addresses,
# DRF's API tokens and Django's groups. Each would otherwise be a section of its own, and
# allauth's is also called "Accounts".
FOLDED_INTO_ACCOUNTS = frozenset({"account", "authtoken", "auth"})


class PortalAdminSite(admin.AdminSite):
    def index(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        context = {"staff_queues": staff_queues(user=request.user), **(extra_context or {})}
        return super().index(request, context)

    def get_app_list(
        self, request: HttpRequest, app_label: str | None = None
    ) -> list[dict[str, Any]]:
        apps = super().get_app_list(request)
        folded = [app for app in apps if app["app_label"] in FOLDED_INTO_ACCOUNTS]
        apps = [app for app in apps if app["app_label"] not in FOLDED_INTO_ACCOUNTS]
        if folded:
            accounts = next((app for app in apps if app["app_label"] == ACCOUNTS), None)
            if accounts is None:
                accounts = {
                    "name": "Accounts",
                    "app_label": ACCOUNTS,
                    "app_url": reverse(
                        "admin:app_list", kwargs={"app_label": ACCOUNTS}, current_app=self.name
                    ),
                    "has_module_perms": True,
                    "models": [],
                }
                apps = sorted([*apps, accounts], key=lambda app: app["name"].lower())
            models = [*accounts["models"], *(model for app in folded for model in app["models"])]
            accounts["models"] = sorted(models, key=lambda model: model["name"])
        if app_label is None:
            return apps
        wanted = ACCOUNTS if app_label in FOLDED_INTO_ACCOUNTS else app_label
        return [app for app in apps if app["app_label"] == wanted]
