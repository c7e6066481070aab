"""Admin for the money core: the ledger and keys read-only, fee schedules editable."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from gigs.models import (
    Account,
    FeeSchedule,
    FeeTier,
    IdempotencyKey,
    LedgerEntry,
    LedgerTransaction,
)


class ReadOnly:
    """The ledger is append-only and written by services: admin only shows it."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LedgerEntryInline(ReadOnly, admin.TabularInline):
    model = LedgerEntry
    fields = readonly_fields = ("account", "amount", "currency")
    extra = 0


@admin.register(LedgerTransaction)
class LedgerTransactionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["id", "kind", "subject", "currency", "client", "freelancer", "created_at"]
    list_filter = ["kind", "currency"]
    search_fields = ["subject"]
    list_select_related = ["client", "freelancer"]
    inlines = [LedgerEntryInline]
    show_full_result_count = False


@admin.register(Account)
class AccountAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["id", "kind", "currency", "owner"]
    list_filter = ["kind", "currency"]
    list_select_related = ["owner"]
    show_full_result_count = False


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["key", "user", "result", "created_at"]
    list_select_related = ["user", "result"]
    show_full_result_count = False


# Registered with its record action by gigs.admin.contracts.
class FundingRequestAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["reference", "subject", "client", "amount", "currency", "funded_by"]
    search_fields = ["reference", "subject"]
    list_select_related = ["client", "funded_by"]


class FeeTierFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if sum(1 for f in kept if f.cleaned_data.get("up_to") is None) != 1:
            raise ValidationError("Exactly one tier must have no upper bound: the last one.")


class FeeTierInline(admin.TabularInline):
    model = FeeTier
    formset = FeeTierFormSet
    extra = 0


@admin.register(FeeSchedule)
class FeeScheduleAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "currency", "conversion_fee_percent"]
    inlines = [FeeTierInline]
