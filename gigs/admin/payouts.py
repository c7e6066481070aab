"""Admin for payouts: staff see the pending ones, where to pay them, and mark them paid.

Lists show a payout's method masked. A pending payout's own page shows the full details to
pay it; each showing is recorded, and the page lists who saw them when.
"""

from typing import Any, cast

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.views.decorators.debug import sensitive_variables

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from gigs.admin.ledger import ReadOnly
from gigs.models import Payout, PayoutDetailsAccess
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


class DetailsAccessInline(ReadOnly, admin.TabularInline):
    model = PayoutDetailsAccess
    fields = readonly_fields = ("viewer", "viewed_at")
    extra = 0
    verbose_name_plural = "Full details seen by"


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
    inlines = [DetailsAccessInline]
    actions = ["mark_paid"]
    change_form_template = "admin/gigs/payout/change_form.html"

    @sensitive_variables()
    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # Revealed before the page is built, so the list of who saw them includes this view.
        context = dict(extra_context or {})
        payout = self.get_object(request, object_id)
        if (
            payout is not None
            and not payout.is_paid
            and request.method == "GET"
            and self.has_view_permission(request, payout)
        ):
            try:
                details = services.payout_details_reveal(
                    actor=cast(User, request.user), payout_id=payout.pk
                )
            except ValidationError as error:
                context["pay_to_error"] = " ".join(error.messages)
            else:
                context["pay_to"] = details.lines()
        return super().change_view(request, object_id, form_url, context)

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
