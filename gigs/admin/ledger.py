"""Admin for the money core: the ledger and keys read-only, fee schedules editable until used."""

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from accounts.models import User
from gigs import fees, selectors
from gigs.models import (
    Account,
    FeeSchedule,
    FeeTier,
    IdempotencyKey,
    LedgerEntry,
    LedgerTransaction,
)
from gigs.services import fees as services


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

    def tiers(self) -> list[fees.Tier]:
        return [
            fees.Tier(up_to=f.cleaned_data.get("up_to"), rate=f.cleaned_data["rate"])
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


class FeeTierInline(admin.TabularInline):
    model = FeeTier
    formset = FeeTierFormSet
    extra = 0

    def _editable(self, obj: FeeSchedule | None) -> bool:
        return obj is None or not selectors.fee_schedule_frozen(schedule=obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


class FeeScheduleForm(forms.ModelForm):
    class Meta:
        model = FeeSchedule
        fields = ["effective_from", "currency", "conversion_fee_percent"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        if not self.errors:
            try:
                services.fee_schedule_check(
                    schedule_id=self.instance.pk,
                    effective_from=self.cleaned_data.get("effective_from"),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, messages in error.message_dict.items():
                        self.add_error(field, messages)
                else:
                    self.add_error(None, error.messages)
        return self.cleaned_data


class CopyForm(forms.Form):
    effective_from = forms.SplitDateTimeField(
        label="In force from",
        widget=AdminSplitDateTime,
        help_text="Later than now; the copy's tiers can be edited until a payment uses them.",
    )


@admin.register(FeeSchedule)
class FeeScheduleAdmin(admin.ModelAdmin):
    """Versions of the fee rules; a version in force or used by a payment is read-only.

    Every write goes through gigs.services.fees, which refuses the same changes for any
    other caller.
    """

    form = FeeScheduleForm
    list_display = ["effective_from", "currency", "conversion_fee_percent", "in_use"]
    inlines = [FeeTierInline]
    actions = ["copy_as_new_version"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FeeSchedule]:
        used = LedgerTransaction.objects.filter(fee_schedule=OuterRef("pk"))
        return super().get_queryset(request).annotate(used=Exists(used))

    @admin.display(boolean=True, description="Used by payments")
    def in_use(self, schedule: FeeSchedule) -> bool:
        return bool(getattr(schedule, "used", False))

    def _frozen(self, obj: FeeSchedule | None) -> bool:
        return obj is not None and selectors.fee_schedule_frozen(schedule=obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = dict(extra_context or {})
        if self._frozen(self.get_object(request, object_id)):
            context["subtitle"] = (
                "This schedule is in force or payments used it, so it is read-only. To change "
                "the fees, copy it as a new version from the list and give the copy a later start."
            )
        return super().change_view(request, object_id, form_url, context)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: FeeSchedule, form: forms.ModelForm, change: bool
    ) -> None:
        services.fee_schedule_save(actor=cast(User, request.user), schedule=obj)

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        for formset in formsets:
            if isinstance(formset, FeeTierFormSet):
                services.fee_tiers_set(
                    actor=cast(User, request.user),
                    schedule_id=form.instance.pk,
                    tiers=formset.tiers(),
                )

    def construct_change_message(
        self, request: HttpRequest, form: forms.Form, formsets: Any, add: bool = False
    ) -> list[dict[str, Any]]:
        # The service replaces the tiers as a whole, so the formsets record no row changes.
        message = super().construct_change_message(request, form, [], add)
        if not add and any(formset.has_changed() for formset in formsets or []):
            message.append({"changed": {"fields": ["tiers"]}})
        return message

    def delete_model(self, request: HttpRequest, obj: FeeSchedule) -> None:
        services.fee_schedule_delete(actor=cast(User, request.user), schedule_id=obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[FeeSchedule]) -> None:
        for schedule_id in queryset.values_list("pk", flat=True):
            services.fee_schedule_delete(actor=cast(User, request.user), schedule_id=schedule_id)

    @admin.action(description="Copy the selected schedule as a new version")
    def copy_as_new_version(
        self, request: HttpRequest, queryset: QuerySet[FeeSchedule]
    ) -> HttpResponse | None:
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, "Pick exactly one schedule to copy.", messages.WARNING)
            return None
        source = chosen[0]
        form = CopyForm(request.POST if request.POST.get("confirm") else None)
        if form.is_valid():
            try:
                copy = services.fee_schedule_copy(
                    actor=cast(User, request.user),
                    schedule_id=source.pk,
                    effective_from=form.cleaned_data["effective_from"],
                )
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(request, f"Added {copy}; edit its tiers if needed.")
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Copy as a new version",
            "subtitle": None,
            "summary": f"{source}: its currency, conversion fee and tiers are copied.",
            "opts": self.model._meta,
            "form": form,
            "obj": source,
            "action": "copy_as_new_version",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "changelist_url": request.get_full_path(),
            "media": self.media + form.media,
        }
        status = 400 if form.is_bound else 200
        return TemplateResponse(request, "admin/gigs/money_action.html", context, status=status)
