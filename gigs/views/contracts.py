"""Contracts: each side's list, a contract's page, and the milestone actions on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
from core.pagination import keyset_page
from gigs import domain, payments, review_selectors, selectors
from gigs.forms import MilestoneForm, MoneyActionForm, ReplyForm, ReviewForm
from gigs.models import Contract, Milestone
from gigs.services import contracts as services
from gigs.views.hours import hourly_context
from messaging import selectors as messaging_selectors


@dataclass(frozen=True)
class Button:
    action: str
    label: str
    money: bool = False  # carries the form's idempotency key
    style: str = ""


ACTION_BUTTONS: dict[str, Callable[[Milestone], Button]] = {
    "agree": lambda m: Button("agree", "Agree to this milestone", style="button-secondary"),
    "fund": lambda m: Button("fund", f"Fund {m.amount_label}", money=True),
    "submit": lambda m: Button("submit", "Submit the work"),
    "release": lambda m: Button("release", f"Release {m.amount_label}", money=True),
    "cancel": lambda m: Button("cancel", "Cancel and refund", money=True, style="button-danger"),
    "dispute": lambda m: Button("dispute", "Dispute", style="button-secondary"),
}

# A page of the contract list; a very busy account pages on.
CONTRACTS_PER_PAGE = 25


@login_required
def contract_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Newest first, a cursor page at a time: a busy account's list is never counted."""
    page = keyset_page(
        selectors.contracts_for(user=request.user),
        keys=["-created_at", "-id"],
        cursor=request.GET.get("cursor"),
        size=CONTRACTS_PER_PAGE,
    )
    return render(request, "gigs/contracts.html", {"page": page})


def _contract_page(
    request: AuthenticatedHttpRequest,
    contract: Contract,
    *,
    milestone_form: MilestoneForm | None = None,
    review_form: ReviewForm | None = None,
    reply_form: ReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = selectors.milestone_rows(contract=contract)
    requests = selectors.funding_requests_open(contract=contract)
    provider = payments.PROVIDERS["bank_transfer"]
    instructions = {
        subject: provider.instructions(funding=funding) for subject, funding in requests.items()
    }
    user = request.user
    is_client, is_freelancer = user.pk == contract.client_id, user.pk == contract.freelancer_id
    active = contract.status == domain.ContractStatus.ACTIVE
    milestones = [
        {
            "row": row,
            "instruction": instructions.get(row.milestone.subject) if is_client else None,
            "actions": [
                ACTION_BUTTONS[action](row.milestone)
                for action in domain.milestone_actions(
                    status=row.milestone.status,
                    agreed=row.milestone.agreed_at is not None,
                    proposed_by_me=row.milestone.proposed_by_id == user.pk,
                    is_client=is_client,
                    is_freelancer=is_freelancer,
                )
            ]
            if active
            else [],
        }
        for row in rows
    ]
    received = sum(row.receives or 0 for row in rows if row.settled)
    context = {
        "contract": contract,
        "milestones": milestones,
        "is_freelancer": is_freelancer,
        "can_add": active and (is_client or is_freelancer),
        "money_form": MoneyActionForm(),
        "milestone_form": milestone_form or MilestoneForm(currency=contract.currency),
        "received_label": format_money(received, contract.currency),
        "dispute_threads": messaging_selectors.dispute_threads(contract=contract, user=user),
        "can_end": active and (is_client or is_freelancer),
        "reviews": review_selectors.contract_reviews(
            contract=contract, reader=user, now=timezone.now()
        ),
        "review_form": review_form or ReviewForm(),
        "reply_form": reply_form or ReplyForm(),
    }
    if contract.is_hourly:
        context |= hourly_context(request, contract, received=received)
    return render(request, "gigs/contract_detail.html", context, status=status)


@login_required
def contract_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(pk=pk, user=request.user)
    return _contract_page(request, contract)


def contract_page(
    request: AuthenticatedHttpRequest,
    contract: Contract,
    *,
    review_form: ReviewForm | None = None,
    reply_form: ReplyForm | None = None,
) -> HttpResponse:
    """The contract's page again with a refused review or reply form, as a 400."""
    return _contract_page(
        request, contract, review_form=review_form, reply_form=reply_form, status=400
    )


@login_required
@require_POST
def milestone_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(pk=pk, user=request.user)
    form = MilestoneForm(request.POST, currency=contract.currency)
    if form.is_valid():
        try:
            services.milestone_add(
                contract=contract,
                user=request.user,
                title=form.cleaned_data["title"],
                amount=form.cleaned_data["amount"],
                due_date=form.cleaned_data["due_date"],
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Milestone proposed; the other side agrees to it.")
            return redirect(contract)
    return _contract_page(request, contract, milestone_form=form, status=400)


def _fund(milestone: Milestone, user: User, key: str | None) -> str:
    outcome = services.milestone_fund(milestone=milestone, user=user, idempotency_key=key)
    if outcome.request is not None:
        return (
            "Your funds do not cover this milestone yet. Transfer the amount quoting "
            f"{outcome.request.reference}; it is funded once our staff record the transfer."
        )
    return "Funded: the money is held in escrow and the freelancer can start."


def _release(milestone: Milestone, user: User, key: str | None) -> str:
    services.milestone_release(milestone=milestone, user=user, idempotency_key=key)
    return "Released: the freelancer is paid, less the platform fee."


def _cancel(milestone: Milestone, user: User, key: str | None) -> str:
    services.milestone_cancel(milestone=milestone, user=user, idempotency_key=key)
    return "Cancelled: the escrow is back in your funds."


def _agree(milestone: Milestone, user: User) -> str:
    services.milestone_agree(milestone=milestone, user=user)
    return "Agreed: the client can fund it."


def _submit(milestone: Milestone, user: User) -> str:
    services.milestone_submit(milestone=milestone, user=user)
    return "Submitted: the client reviews the work and releases the payment."


def _dispute(milestone: Milestone, user: User) -> str:
    services.milestone_dispute(milestone=milestone, user=user)
    return "Disputed: the money stays in escrow until our staff resolve it."


# Actions that move money carry the form's idempotency key; each returns what to tell the user.
MONEY_ACTIONS: dict[str, Callable[[Milestone, User, str | None], str]] = {
    "fund": _fund,
    "release": _release,
    "cancel": _cancel,
}
OTHER_ACTIONS: dict[str, Callable[[Milestone, User], str]] = {
    "agree": _agree,
    "submit": _submit,
    "dispute": _dispute,
}


@login_required
@require_POST
def milestone_action(
    request: AuthenticatedHttpRequest, pk: int, milestone_pk: int, action: str
) -> HttpResponse:
    contract = selectors.contract_for(pk=pk, user=request.user)
    milestone = selectors.milestone_for(pk=milestone_pk, user=request.user)
    if milestone.contract_id != contract.pk or action not in {*MONEY_ACTIONS, *OTHER_ACTIONS}:
        raise Http404("No such action.")
    try:
        if action in MONEY_ACTIONS:
            form = MoneyActionForm(request.POST)
            if not form.is_valid():
                messages.error(request, "This form has expired: reload the page and try again.")
                return redirect(contract)
            done = MONEY_ACTIONS[action](
                milestone, request.user, form.cleaned_data["idempotency_key"]
            )
        else:
            done = OTHER_ACTIONS[action](milestone, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(contract)
