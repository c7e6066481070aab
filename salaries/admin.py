"""Staff tools for salaries: FX rates and reference figures to edit, benchmark refreshes to run."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from core.money import exponent, is_currency, to_major, to_minor
from outbox.broker import task_enqueue

from . import aggregation, selectors
from .models import BenchmarkCell, BenchmarkRefresh, FxRate, ReferenceFigure
from .tasks import refresh_salary_benchmarks

AMOUNTS = ("low", "high", "average")
REFRESH_PERMISSION = "salaries.refresh_benchmarks"


@admin.register(FxRate)
class FxRateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "base", "quote", "rate", "as_of", "source"]
    list_filter = ["base", "quote"]
    date_hierarchy = "as_of"
    search_fields = ["base", "quote", "source"]


class ReferenceFigureForm(forms.ModelForm):
    """Amounts typed in currency units (52,913.00), stored in minor units."""

    low = forms.DecimalField(label="Range from", required=False, min_value=Decimal(0))
    high = forms.DecimalField(label="Range to", required=False, min_value=Decimal(0))
    average = forms.DecimalField(required=False, min_value=Decimal(0))

    class Meta:
        model = ReferenceFigure
        fields = [
            "title", "kind", "country", "level", "technical", "experience", "active",
            "display_order", "currency", "low", "high", "average", "approximate", "open_ended",
            "source", "intermediary", "as_of", "source_url", "note",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in AMOUNTS:
            value = getattr(self.instance, name)
            if value is not None:
                self.initial[name] = to_major(value, self.instance.currency)

    def _minor(self, name: str) -> int | None:
        amount = self.cleaned_data.get(name)
        currency = (self.cleaned_data.get("currency") or "").upper()
        if amount is None or not is_currency(currency):
            return None
        if amount.as_tuple().exponent < -exponent(currency):
            raise forms.ValidationError(f"{currency} has no unit smaller than that.")
        return to_minor(amount, currency)

    def clean_low(self) -> int | None:
        return self._minor("low")

    def clean_high(self) -> int | None:
        return self._minor("high")

    def clean_average(self) -> int | None:
        return self._minor("average")


@admin.register(ReferenceFigure)
class ReferenceFigureAdmin(admin.ModelAdmin):
    form = ReferenceFigureForm
    list_display = ["title", "country", "level", "technical", "kind", "average_label"]
    list_display += ["range_label", "attribution", "active", "display_order"]
    list_editable = ["active", "display_order"]
    list_filter = ["active", "technical", "kind", "source", "intermediary", "as_of"]
    search_fields = ["title", "source", "intermediary", "note"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "kind",
                    "country",
                    "level",
                    "technical",
                    "experience",
                    "active",
                    "display_order",
                ]  # fmt: skip
            },
        ),
        (
            "Figure",
            {"fields": ["currency", "average", "low", "high", "approximate", "open_ended"]},
        ),
        (
            "Provenance",
            {
                "description": "Pages show a figure only with its year, as "
                "'publisher via intermediary, year'.",
                "fields": ["source", "intermediary", "as_of", "source_url", "note"],
            },
        ),
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Computed by the refresh: staff read these, only the refresh writes them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BenchmarkRefresh)
class BenchmarkRefreshAdmin(ReadOnlyAdmin):
    """The refresh history, the last run's figures, and a button that queues a refresh now."""

    list_display = ["refreshed_at", "window_days", "observations", "cells", "published_cells"]
    list_display += ["duration_ms"]
    exclude = ["insights"]
    change_list_template = "admin/salaries/benchmarkrefresh/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        refresh = path(
            "refresh/",
            self.admin_site.admin_view(self.refresh_now_view),
            name="salaries_benchmarkrefresh_refresh",
        )
        return [refresh, *super().get_urls()]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        last = selectors.latest_refresh()
        context = {
            "last_refresh": last,
            "last_refresh_took": f"{last.duration_ms / 1000:.1f} seconds" if last else "",
            "can_refresh": request.user.has_perm(REFRESH_PERMISSION),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    @method_decorator(require_POST)
    def refresh_now_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(REFRESH_PERMISSION):
            raise PermissionDenied
        if aggregation.refresh_running():
            self.message_user(
                request,
                "A refresh is running now; its figures appear here when it finishes.",
                messages.WARNING,
            )
        # The request writes nothing, so there is no commit for the task to wait for, and
        # queuing at once lets this page say whether the broker took it.
        elif task_enqueue(refresh_salary_benchmarks):
            self.message_user(
                request,
                "Refresh queued. Its figures appear here when it finishes, usually within a "
                "minute.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                "The task queue cannot be reached, so no refresh was queued. The hourly refresh "
                "runs once it is back; to refresh at once, run the refresh_salary_benchmarks "
                "command.",
                messages.ERROR,
            )
        return HttpResponseRedirect(reverse("admin:salaries_benchmarkrefresh_changelist"))


@admin.register(BenchmarkCell)
class BenchmarkCellAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "currency", "n", "p10", "p50", "p90", "refreshed_at"]
    list_filter = ["currency", "level", "industry", "company_size"]
    search_fields = ["country"]
    show_full_result_count = False
