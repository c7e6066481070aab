"""Admin for hour logs: staff read them and settle a disputed week through the service."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from accounts.http import AuthenticatedHttpRequest
from core.money import to_minor
from gigs.admin.contracts import KeyedForm, _form_page, _one
from gigs.admin.ledger import ReadOnly
from gigs.hours import HourLogStatus
from gigs.models import HourLog
from gigs.services import hours as services


class ResolveHoursForm(KeyedForm):
    paid = forms.DecimalField(
        label="Amount paid to the freelancer",
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        help_text="In whole units of the contract's currency, from 0 to the log's amount; "
        "paid from the contract's escrow, fee charged. The rest stays in escrow.",
    )


@admin.register(HourLog)
class HourLogAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["id", "contract", "week", "minutes", "amount", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["contract__gig__title", "contract__order__title", "description"]
    list_select_related = ["contract"]
    show_full_result_count = False
    actions = ["resolve_dispute"]

    def has_settle_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    @admin.action(description="Resolve the selected disputed week", permissions=["settle"])
    def resolve_dispute(
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[HourLog]
    ) -> HttpResponse | None:
        log = _one(self, request, queryset.select_related("contract"))
        if log is None:
            return None
        if log.status != HourLogStatus.DISPUTED:
            self.message_user(request, "Only a disputed week is resolved.", messages.ERROR)
            return None
        form = ResolveHoursForm(request.POST if request.POST.get("confirm") else None)
        if form.is_valid():
            try:
                services.hourlog_resolve(
                    log=log,
                    actor=request.user,
                    release_amount=to_minor(form.cleaned_data["paid"], log.contract.currency),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(request, f"Resolved the {log}.", messages.SUCCESS)
                return None
        return _form_page(
            self,
            request,
            obj=log,
            form=form,
            action="resolve_dispute",
            title="Resolve the disputed week",
            summary=(
                f"{log} for {log.amount_label}, rejected by the client: “{log.reason}”. "
                "Both sides are told by e-mail."
            ),
        )
