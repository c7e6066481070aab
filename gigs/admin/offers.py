"""Admin for offers and their orders; hiding an offer goes through its service."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpResponse

from accounts.http import AuthenticatedHttpRequest
from core.admin import reason_form, reason_page
from core.validators import validate_multi_line
from gigs.models import Offer, OfferExtra, OfferOrder
from gigs.services import offers as offer_services


class HideOfferForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        validators=[validate_multi_line],
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="The freelancer reads this on the offer's page.",
        error_messages={"required": "Tell the freelancer why the offer is hidden."},
    )


class OfferExtraInline(admin.TabularInline):
    model = OfferExtra
    extra = 0


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "freelancer", "category", "status", "is_hidden", "price", "currency"]
    list_filter = ["status", "is_hidden", "category"]
    search_fields = ["title", "slug", "freelancer__email"]
    list_select_related = ["freelancer"]
    show_full_result_count = False
    raw_id_fields = ["freelancer"]
    filter_horizontal = ["skills"]
    inlines = [OfferExtraInline]
    # Status and moderation change through the services (the actions), never by hand.
    readonly_fields = ["status", "is_hidden", "hidden_reason", "published_at", "created_at"]
    actions = ["hide_offers", "unhide_offers"]

    @admin.action(description="Hide selected offers with a reason", permissions=["change"])
    def hide_offers(
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[Offer]
    ) -> HttpResponse | None:
        offers = list(queryset)
        form = reason_form(HideOfferForm, request)
        if form.is_valid():
            for offer in offers:
                offer_services.offer_hide(
                    offer=offer, moderator=request.user, reason=form.cleaned_data["reason"]
                )
            self.message_user(request, f"Hid {len(offers)} offer(s).", messages.SUCCESS)
            return None
        return reason_page(
            self,
            request,
            template="admin/gigs/offer/hide_offers.html",
            title="Hide offers",
            action="hide_offers",
            form=form,
            objects=offers,
            offers=offers,
        )

    @admin.action(description="Show selected hidden offers again", permissions=["change"])
    def unhide_offers(self, request: AuthenticatedHttpRequest, queryset: QuerySet[Offer]) -> None:
        offers = list(queryset.filter(is_hidden=True))
        for offer in offers:
            offer_services.offer_unhide(offer=offer, moderator=request.user)
        self.message_user(request, f"Showed {len(offers)} offer(s) again.", messages.SUCCESS)


@admin.register(OfferOrder)
class OfferOrderAdmin(admin.ModelAdmin):
    """Orders are records of a purchase: read them here, act on their contracts."""

    list_display = ["title", "buyer", "total", "currency", "created_at"]
    search_fields = ["title", "buyer__email", "offer__slug"]
    list_select_related = ["buyer"]
    show_full_result_count = False

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
