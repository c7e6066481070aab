"""Admin for gigs, proposals and freelancer profiles; hiding a gig goes through its service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from accounts.http import AuthenticatedHttpRequest
from core.admin import reason_form, reason_page
from core.validators import validate_multi_line
from gigs.models import FreelancerProfile, Gig, Invitation, PayoutMethod, PortfolioItem, Proposal
from gigs.services import gigs as gig_services


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        validators=[validate_multi_line],
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="The client reads this on the gig's page.",
        error_messages={"required": "Tell the client why the gig is hidden."},
    )


@admin.register(Gig)
class GigAdmin(admin.ModelAdmin):
    list_display = ["title", "client", "category", "status", "is_hidden", "currency", "posted_at"]
    list_filter = ["status", "is_hidden", "category", "budget_type"]
    search_fields = ["title", "slug", "client__email"]
    list_select_related = ["client"]
    show_full_result_count = False
    raw_id_fields = ["client", "company"]
    filter_horizontal = ["skills"]
    # Status and moderation change through the services (the actions), never by hand.
    readonly_fields = ["status", "is_hidden", "hidden_reason", "posted_at", "created_at"]
    actions = ["hide_gigs", "unhide_gigs"]

    @admin.action(description="Hide selected gigs with a reason", permissions=["change"])
    def hide_gigs(
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[Gig]
    ) -> HttpResponse | None:
        gigs = list(queryset)
        form = reason_form(HideForm, request)
        if form.is_valid():
            for gig in gigs:
                gig_services.gig_hide(
                    gig=gig, moderator=request.user, reason=form.cleaned_data["reason"]
                )
            self.message_user(request, f"Hid {len(gigs)} gig(s).", messages.SUCCESS)
            return None
        return reason_page(
            self,
            request,
            template="admin/gigs/gig/hide_gigs.html",
            title="Hide gigs",
            action="hide_gigs",
            form=form,
            objects=gigs,
            gigs=gigs,
        )

    @admin.action(description="Show selected hidden gigs again", permissions=["change"])
    def unhide_gigs(self, request: AuthenticatedHttpRequest, queryset: QuerySet[Gig]) -> None:
        gigs = list(queryset.filter(is_hidden=True))
        for gig in gigs:
            gig_services.gig_unhide(gig=gig, moderator=request.user)
        self.message_user(request, f"Showed {len(gigs)} gig(s) again.", messages.SUCCESS)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "gig", "freelancer", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["gig__title", "freelancer__email"]
    list_select_related = ["gig", "freelancer"]
    show_full_result_count = False
    raw_id_fields = ["gig", "freelancer"]
    readonly_fields = ["status", "created_at", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class PortfolioItemInline(admin.StackedInline):
    model = PortfolioItem
    extra = 0
    # Images are only taken through the site's form, which checks and re-encodes them.
    readonly_fields = ["image"]
    exclude = ["image_width", "image_height"]


class PayoutMethodInline(admin.TabularInline):
    """Masked, as the freelancer sees them: staff see full details only on a pending payout."""

    model = PayoutMethod
    extra = 0
    fields = readonly_fields = ("kind", "masked", "bank_country", "bank_name", "status")

    @admin.display(description="Account")
    def masked(self, method: PayoutMethod) -> str:
        return method.masked

    @admin.display(description="Status")
    def status(self, method: PayoutMethod) -> str:
        return "Details needed" if method.details_needed else "Complete"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FreelancerProfile)
class FreelancerProfileAdmin(admin.ModelAdmin):
    list_display = ["headline", "user", "availability", "updated_at"]
    list_filter = ["availability"]
    search_fields = ["headline", "slug", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    filter_horizontal = ["skills"]
    inlines = [PortfolioItemInline, PayoutMethodInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["gig", "freelancer", "created_at"]
    raw_id_fields = ["gig", "freelancer"]
    list_select_related = ["gig", "freelancer"]
