"""A person's money: balances per currency, their statement (page and CSV), withdrawals.

Served under /account/balance/, the address the marketplace's issue names; the code is
gigs' because the ledger is. The first address, /accounts/balance/, redirects here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from tablib import Dataset

from accounts.http import AuthenticatedHttpRequest
from core.exports import FormulaSafeCSV
from core.money import to_major
from gigs import selectors
from gigs.forms import PayoutForm
from gigs.services import payouts as services

STATEMENT_PAGE_SIZE = 25
CSV_HEADERS = ["date", "transaction", "what", "subject", "account", "currency", "amount"]


def _payout_form(request: AuthenticatedHttpRequest, data: object = None) -> PayoutForm:
    balances = selectors.own_balances(user=request.user)
    currencies = [row.currency for row in balances if row.available > 0]
    methods = selectors.own_payout_methods(user=request.user)
    return PayoutForm(data, currencies=currencies, methods=methods)


def _page(request: AuthenticatedHttpRequest, form: PayoutForm, status: int = 200) -> HttpResponse:
    user = request.user
    page = selectors.statement_page(
        user=user, cursor=request.GET.get("cursor"), size=STATEMENT_PAGE_SIZE
    )
    context = {
        "balances": selectors.own_balances(user=user),
        "page": page,
        "statement": [(entry, selectors.account_label(entry)) for entry in page.items],
        "payout_form": form,
        "has_methods": bool(form.fields["method"].choices),  # type: ignore[attr-defined]
        "can_withdraw": bool(form.fields["currency"].choices),  # type: ignore[attr-defined]
        "payouts": selectors.own_payouts(user=user),
        "has_profile": hasattr(user, "freelancer_profile"),
    }
    return render(request, "gigs/balance.html", context, status=status)


@login_required
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _page(request, _payout_form(request))


@login_required
@require_POST
def payout(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _payout_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = services.payout_create(
                freelancer=request.user,
                method_id=data["method"],
                amount=data["amount"],
                currency=data["currency"],
                idempotency_key=data["idempotency_key"],
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(
                request,
                f"Your payout of {made.amount_label} to {made.method_label} is requested; "
                "we e-mail you when it is sent.",
            )
            return redirect("balance:overview")
    return _page(request, form, status=400)


@login_required
@require_GET
def statement_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every entry of the user's statement, newest first, as CSV no spreadsheet runs."""
    dataset = Dataset(headers=CSV_HEADERS)
    for entry in selectors.own_entries(user=request.user).iterator(chunk_size=2000):
        posted = entry.transaction
        dataset.append(
            [
                posted.created_at.isoformat(),
                posted.pk,
                posted.get_kind_display(),
                posted.subject,
                selectors.account_label(entry),
                entry.currency,
                str(to_major(entry.amount, entry.currency)),
            ]
        )
    response = HttpResponse(
        FormulaSafeCSV().export_data(dataset), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="pmportal-statement.csv"'
    return response


def balance_moved(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Send an old /accounts/balance/ address to the same page under /account/balance/.

    A GET moves for good (301); any other method answers 308, so a payout form posted from
    a page loaded before the move reaches the new address with its body.
    """
    target = reverse("balance:overview") + rest
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    response = HttpResponsePermanentRedirect(target)
    if request.method not in ("GET", "HEAD"):
        response.status_code = 308
    return response
