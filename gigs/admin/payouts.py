"""Admin for payouts: staff see the pending ones and mark them paid through the service."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.http import AuthenticatedHttpRequest
from gigs.models import Payout
from gigs.services import payouts as services


class PaidFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("pending", "Pending"), ("paid", "Paid")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Payout]) -> QuerySet[Payout]:
        if self.value() == "pending":
            return queryset.filter(paid_at__isnull=True)
        if self.value() == "paid":
            return queryset.filter(paid_at__isnull=False)
        return queryset


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    list_display = ["id", "freelancer", "amount_label", "method_label", "created_at", "paid_at"]
    list_filter = [PaidFilter, "currency"]
    list_select_related = ["freelancer"]
    search_fields = ["freelancer__email", "method_label"]
    show_full_result_count = False
    # Money moves only through the action, which writes the ledger; nothing is edited by hand.
    readonly_fields = [
        "freelancer",
        "method",
        "method_label",
        "amount",
        "currency",
        "requested",
        "paid",
        "created_at",
        "paid_at",
    ]
    actions = ["mark_paid"]

    @admin.display(description="Amount")
    def amount_label(self, payout: Payout) -> str:
        return payout.amount_label

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Mark selected payouts paid (e-mails the freelancer)")
    def mark_paid(self, request: AuthenticatedHttpRequest, queryset: QuerySet[Payout]) -> None:
        paid, refused = 0, []
        for payout_id in queryset.values_list("pk", flat=True):
            try:
                services.payout_mark_paid(actor=request.user, payout_id=payout_id)
            except ValidationError as error:
                refused.append(f"#{payout_id}: {' '.join(error.messages)}")
            else:
                paid += 1
        if paid:
            self.message_user(request, f"Marked {paid} payout(s) paid.", messages.SUCCESS)
        if refused:
            self.message_user(request, "Not marked: " + "; ".join(refused), messages.ERROR)
