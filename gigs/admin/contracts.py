"""Admin for contracts: staff read them, resolve disputed milestones, refund, and record the
bank transfers clients make to fund milestones or top up an hourly contract's escrow. Every
money move goes through a service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import uuid4

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from accounts.http import AuthenticatedHttpRequest
from core.money import format_money, to_major, to_minor
from gigs.admin.ledger import FundingRequestAdmin, ReadOnly
from gigs.domain import MilestoneStatus
from gigs.models import Contract, FundingRequest, HourLog, Milestone
from gigs.services import contracts as services

OUTCOMES = [
    ("release", "Release it all to the freelancer (fee charged)"),
    ("refund", "Refund it all to the client"),
    ("split", "Split: release part, refund the rest"),
]


class KeyedForm(forms.Form):
    """A staff money action: its key, made when the form is drawn, moves money once."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid4().hex


class ResolveForm(KeyedForm):
    outcome = forms.ChoiceField(choices=OUTCOMES, widget=forms.RadioSelect)
    released = forms.DecimalField(
        label="Released amount",
        required=False,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        help_text="For a split: in whole units of the contract's currency; the rest is refunded.",
    )


class TransferForm(KeyedForm):
    amount = forms.DecimalField(
        label="Amount received",
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        help_text="In whole units of the request's currency, as it arrived.",
    )


class MilestoneInline(ReadOnly, admin.TabularInline):
    model = Milestone
    fields = readonly_fields = ("position", "title", "amount", "status", "due_date")
    extra = 0


class HourLogInline(ReadOnly, admin.TabularInline):
    model = HourLog
    fields = readonly_fields = ("week", "minutes", "amount", "status", "reason")
    extra = 0


@admin.register(Contract)
class ContractAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["id", "gig", "client", "freelancer", "contract_type", "price", "status"]
    list_filter = ["status", "contract_type"]
    search_fields = ["gig__title", "order__title", "client__email", "freelancer__email"]
    list_select_related = ["gig", "client", "freelancer"]
    show_full_result_count = False
    inlines = [MilestoneInline, HourLogInline]


def _one(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]) -> Any | None:
    chosen = list(queryset[:2])
    if len(chosen) != 1:
        modeladmin.message_user(request, "Pick exactly one.", messages.WARNING)
        return None
    return chosen[0]


def _form_page(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    *,
    obj: Any,
    form: forms.Form,
    action: str,
    title: str,
    summary: str,
) -> TemplateResponse:
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "summary": summary,
        "opts": modeladmin.model._meta,
        "form": form,
        "obj": obj,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "changelist_url": request.get_full_path(),
    }
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "admin/gigs/money_action.html", context, status=status)


@admin.register(Milestone)
class MilestoneAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["id", "title", "contract", "amount", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "contract__gig__title", "contract__order__title"]
    list_select_related = ["contract"]
    show_full_result_count = False
    actions = ["resolve_dispute", "cancel_and_refund"]

    def has_settle_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    @admin.action(description="Resolve the selected disputed milestone", permissions=["settle"])
    def resolve_dispute(
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[Milestone]
    ) -> HttpResponse | None:
        milestone = _one(self, request, queryset.select_related("contract"))
        if milestone is None:
            return None
        if milestone.status != MilestoneStatus.DISPUTED:
            self.message_user(request, "Only a disputed milestone is resolved.", messages.ERROR)
            return None
        form = ResolveForm(request.POST if request.POST.get("confirm") else None)
        if form.is_valid():
            outcome, amount = form.cleaned_data["outcome"], milestone.amount
            released = {"release": amount, "refund": 0}.get(outcome)
            try:
                if released is None:
                    if form.cleaned_data["released"] is None:
                        raise ValidationError({"released": "Give the released amount."})
                    released = to_minor(form.cleaned_data["released"], milestone.contract.currency)
                    if not 0 < released < amount:
                        raise ValidationError(
                            {"released": "A split releases more than nothing and less than all."}
                        )
                services.milestone_resolve(
                    milestone=milestone,
                    actor=request.user,
                    release_amount=released,
                    refund_amount=amount - released,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                self.message_user(request, f"Resolved “{milestone.title}”.", messages.SUCCESS)
                return None
        return _form_page(
            self,
            request,
            obj=milestone,
            form=form,
            action="resolve_dispute",
            title="Resolve the dispute",
            summary=(
                f"“{milestone.title}”: escrow holds {milestone.amount_label}. Both sides are "
                "told by e-mail how it was settled."
            ),
        )

    @admin.action(description="Cancel and refund the selected milestone", permissions=["settle"])
    def cancel_and_refund(
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[Milestone]
    ) -> HttpResponse | None:
        milestone = _one(self, request, queryset)
        if milestone is None:
            return None
        form = KeyedForm(request.POST if request.POST.get("confirm") else None)
        if form.is_valid():
            try:
                services.milestone_cancel(
                    milestone=milestone,
                    user=request.user,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, f"Refunded “{milestone.title}”.", messages.SUCCESS)
            return None
        return _form_page(
            self,
            request,
            obj=milestone,
            form=form,
            action="cancel_and_refund",
            title="Cancel and refund",
            summary=f"“{milestone.title}”'s escrow goes back to the client's funds.",
        )


@admin.register(FundingRequest)
class FundingRequestRecordAdmin(FundingRequestAdmin):
    """Funding requests, and recording the bank transfer a client made for one."""

    actions = ["record_transfer"]

    def has_record_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    @admin.action(description="Record the transfer received", permissions=["record"])
    def record_transfer(
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[FundingRequest]
    ) -> HttpResponse | None:
        funding = _one(self, request, queryset.select_related("client"))
        if funding is None:
            return None
        form = TransferForm(request.POST if request.POST.get("confirm") else None)
        if not form.is_bound:
            form.initial["amount"] = to_major(funding.amount, funding.currency)
        if form.is_valid():
            try:
                funded = services.funding_record(
                    actor=request.user,
                    funding=funding,
                    amount=to_minor(form.cleaned_data["amount"], funding.currency),
                    currency=funding.currency,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                done = "and funded escrow" if funded else "as the client's funds"
                self.message_user(
                    request, f"Recorded {funding.reference} {done}.", messages.SUCCESS
                )
                return None
        return _form_page(
            self,
            request,
            obj=funding,
            form=form,
            action="record_transfer",
            title="Record the transfer received",
            summary=(
                f"{funding.reference}: {funding.client} was asked for "
                f"{format_money(funding.amount, funding.currency)} for {funding.subject}."
            ),
        )
