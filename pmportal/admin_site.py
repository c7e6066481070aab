"""The admin site, whose index opens on the counts of work waiting for staff."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse

from accounts.landing_selectors import staff_queues


class PortalAdminSite(admin.AdminSite):
    def index(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        context = {"staff_queues": staff_queues(user=request.user), **(extra_context or {})}
        return super().index(request, context)
