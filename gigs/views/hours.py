"""An hourly contract's escrow and weekly logs on its page, the forms that change them, and
the page that confirms ending a contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from core.money import format_money
from gigs import hour_selectors, hours, payments, selectors
from gigs.domain import ContractStatus
from gigs.forms import (
    HourLogForm,
    MoneyActionForm,
    RejectHoursForm,
    TopUpForm,
    WeeklyLimitForm,
)
from gigs.models import Contract, HourLog
from gigs.services import hours as services
from gigs.services import lifecycle

EXPIRED = "This form has expired: reload the page and try again."


def _weeks(contract: Contract) -> list[Any]:
    return hours.recent_weeks(today=timezone.localdate(), started=contract.created_at.date())


def hourly_context(
    request: AuthenticatedHttpRequest, contract: Contract, *, received: int
) -> dict[str, Any]:
    """What the contract page shows of an hourly contract to ``request.user``; ``received``
    is what the freelancer got for milestones, to which paid weeks add."""
    user = request.user
    is_client, is_freelancer = user.pk == contract.client_id, user.pk == contract.freelancer_id
    active = contract.status == ContractStatus.ACTIVE
    provider = payments.PROVIDERS["bank_transfer"]
    topups = [
        provider.instructions(funding=funding)
        for subject, funding in selectors.funding_requests_open(contract=contract).items()
        if subject.startswith(contract.pool_prefix)
    ]
    rows = hour_selectors.hourlog_rows(contract=contract)
    logs = [
        {
            "row": row,
            "actions": hours.hourlog_actions(
                status=row.log.status, is_client=is_client, is_freelancer=is_freelancer
            )
            if active
            else [],
        }
        for row in rows
    ]
    received += sum(row.receives or 0 for row in rows if row.settled)
    return {
        "received_label": format_money(received, contract.currency),
        "held_label": format_money(
            hour_selectors.hourly_held(contract=contract), contract.currency
        ),
        "hour_logs": logs,
        "topup_instructions": topups if is_client else [],
        "topup_form": TopUpForm(currency=contract.currency) if active and is_client else None,
        "limit_form": WeeklyLimitForm(initial={"minutes": _as_typed(contract.weekly_limit_minutes)})
        if active and is_client
        else None,
        "hour_form": HourLogForm(weeks=_weeks(contract)) if active and is_freelancer else None,
        "reject_form": RejectHoursForm(),
    }


def _as_typed(minutes: int | None) -> str:
    """Minutes as the hours field takes them: "20" or "7:30"."""
    if minutes is None:
        return ""
    whole, rest = divmod(minutes, 60)
    return f"{whole}:{rest:02d}" if rest else str(whole)


def _report(request: AuthenticatedHttpRequest, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for messages_ in error.message_dict.values():
            messages.error(request, " ".join(messages_))
    else:
        messages.error(request, " ".join(error.messages))


def _form_errors(request: AuthenticatedHttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


@login_required
@require_POST
def hourlog_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(pk=pk, user=request.user)
    form = HourLogForm(request.POST, weeks=_weeks(contract))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(contract)
    try:
        log = services.hourlog_submit(
            contract=contract,
            user=request.user,
            week=form.cleaned_data["week"],
            minutes=form.cleaned_data["minutes"],
            description=form.cleaned_data["description"],
        )
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request, f"Logged {log.hours_label} ({log.amount_label}): the client reviews it."
        )
    return redirect(contract)


@login_required
@require_POST
def hourly_fund(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(pk=pk, user=request.user)
    form = TopUpForm(request.POST, currency=contract.currency)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(contract)
    try:
        outcome = services.hourly_fund(
            contract=contract,
            user=request.user,
            amount=form.cleaned_data["amount"],
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except ValidationError as error:
        _report(request, error)
    else:
        if outcome.request is not None:
            messages.info(
                request,
                "Your funds do not cover this yet. Transfer the amount quoting "
                f"{outcome.request.reference}; escrow is topped up once our staff record it.",
            )
        else:
            messages.success(request, "Added to escrow: approved weeks are paid from it.")
    return redirect(contract)


@login_required
@require_POST
def weekly_limit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(pk=pk, user=request.user)
    form = WeeklyLimitForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(contract)
    try:
        services.weekly_limit_set(
            contract=contract, user=request.user, minutes=form.cleaned_data["minutes"]
        )
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, "Weekly limit saved.")
    return redirect(contract)


def _approve(log: HourLog, user: User, post: Any) -> str:
    form = MoneyActionForm(post)
    if not form.is_valid():
        raise ValidationError(EXPIRED)
    services.hourlog_approve(
        log=log, user=user, idempotency_key=form.cleaned_data["idempotency_key"]
    )
    return "Approved: the freelancer is paid from escrow, less the platform fee."


def _reject(log: HourLog, user: User, post: Any) -> str:
    form = RejectHoursForm(post)
    if not form.is_valid():
        raise ValidationError(list(form.errors["reason"]))
    services.hourlog_reject(log=log, user=user, reason=form.cleaned_data["reason"])
    return "Rejected: the freelancer can correct the week or dispute it."


def _dispute(log: HourLog, user: User, post: Any) -> str:
    services.hourlog_dispute(log=log, user=user)
    return "Disputed: our staff will decide what is paid for this week."


HOURLOG_ACTIONS: dict[str, Callable[[HourLog, User, Any], str]] = {
    "approve": _approve,
    "reject": _reject,
    "dispute": _dispute,
}


@login_required
@require_POST
def hourlog_action(
    request: AuthenticatedHttpRequest, pk: int, log_pk: int, action: str
) -> HttpResponse:
    contract = selectors.contract_for(pk=pk, user=request.user)
    log = hour_selectors.hourlog_for(pk=log_pk, user=request.user)
    if log.contract_id != contract.pk or action not in HOURLOG_ACTIONS:
        raise Http404("No such action.")
    try:
        done = HOURLOG_ACTIONS[action](log, request.user, request.POST)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, done)
    return redirect(contract)


@login_required
def contract_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm and says what ending will do; POST ends the contract."""
    contract = selectors.contract_for(pk=pk, user=request.user)
    if request.user.pk not in (contract.client_id, contract.freelancer_id):
        raise Http404("No such contract.")
    if request.method == "POST":
        form = MoneyActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, EXPIRED)
            return redirect("gigs:contract_end", pk=contract.pk)
        try:
            ended = lifecycle.contract_end(
                contract=contract,
                user=request.user,
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ValidationError as error:
            _report(request, error)
            return redirect("gigs:contract_end", pk=contract.pk)
        messages.success(request, f"The contract is {ended.get_status_display().lower()}.")
        return redirect(contract)
    context = {
        "contract": contract,
        "ending": hour_selectors.ending_preview(contract=contract),
        "money_form": MoneyActionForm(),
        "active": contract.status == ContractStatus.ACTIVE,
    }
    return render(request, "gigs/contract_end.html", context)
