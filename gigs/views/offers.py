"""The offer pages: the list, an offer's page, buying it, and the seller's own offers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from core import boards
from core.http import HtmxHttpRequest
from core.money import exponent, format_money
from gigs import offer_selectors as selectors
from gigs import review_selectors
from gigs.filters import OfferFilter
from gigs.models import Offer, OfferExtra, OfferStatus
from gigs.offer_forms import (
    BuyForm,
    ExtraFormSet,
    ExtrasForm,
    OfferForm,
    extras_for_service,
    extras_initial,
)
from gigs.search.offers import offer_page
from gigs.services import fees as fee_services
from gigs.services import offers as services
from messaging import selectors as messaging_selectors


def offer_list(request: HtmxHttpRequest) -> HttpResponse:
    context, valid = boards.board_context(request, OfferFilter(request.GET), offer_page)
    template = boards.results_template(
        request, results="gigs/partials/offer_results.html", full="gigs/offer_list.html"
    )
    return render(request, template, context, status=boards.status(request, valid=valid))


def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offer = selectors.offer_for_page(slug=slug, user=request.user)
    is_seller = request.user.is_authenticated and offer.freelancer_id == request.user.pk
    context = {
        "offer": offer,
        "is_seller": is_seller,
        "profile": getattr(offer.freelancer, "freelancer_profile", None),
        "response_time": messaging_selectors.response_time_shown(user_id=offer.freelancer_id),
        "rating": review_selectors.ratings(user=offer.freelancer).freelancer,
        "exponent": exponent(offer.currency),
    }
    if is_seller and isinstance(request.user, User):
        # The fee is the seller's: shown on their own preview, for a client not billed before.
        context["fee_preview"] = fee_services.fee_preview(
            client=request.user,
            freelancer=request.user,
            amount=offer.price,
            currency=offer.currency,
        )
    return render(request, "gigs/offer_detail.html", context)


@login_required
def offer_buy(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """GET confirms the chosen extras and the total; POST buys the order and funds it."""
    offer = selectors.offer_for_sale(slug=slug)
    if offer.freelancer_id == request.user.pk:
        messages.error(request, "This is your own offer: clients buy it from this page.")
        return redirect(offer)
    if request.method != "POST":
        choice = ExtrasForm(request.GET, offer=offer)
        valid = choice.is_valid()
        extras = list(choice.cleaned_data["extras"]) if valid else []
        return _confirm_page(request, offer, BuyForm(offer=offer), extras, errors=not valid)
    form = BuyForm(request.POST, offer=offer)
    if not form.is_valid():
        return _confirm_page(request, offer, form, [], errors=True)
    try:
        purchase = services.offer_buy(
            offer=offer,
            buyer=request.user,
            extra_ids=[extra.pk for extra in form.cleaned_data["extras"]],
            currency=offer.currency,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(offer)
    if purchase.request is not None:
        amount = format_money(purchase.request.amount, purchase.request.currency)
        messages.info(
            request,
            f"Order placed. Pay {amount} by bank transfer quoting {purchase.request.reference}; "
            "the seller starts once our staff record it.",
        )
    else:
        messages.success(request, "Order placed and paid into escrow: the seller can start.")
    return redirect(purchase.contract)


def _confirm_page(
    request: HttpRequest, offer: Offer, form: BuyForm, extras: list[OfferExtra], *, errors: bool
) -> HttpResponse:
    context = {
        "offer": offer,
        "form": form,
        "chosen": extras,
        "total_label": format_money(
            offer.price + sum(extra.price for extra in extras), offer.currency
        ),
        "days": offer.delivery_days + sum(extra.extra_days for extra in extras),
        "errors": errors,
    }
    return render(request, "gigs/offer_buy.html", context, status=400 if errors else 200)


@login_required
def my_offers(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "offers": selectors.offers_by(user=request.user),
        "has_profile": hasattr(request.user, "freelancer_profile"),
    }
    return render(request, "gigs/my_offers.html", context)


def _form_page(request: AuthenticatedHttpRequest, offer: Offer | None) -> HttpResponse:
    form = OfferForm(request.POST or None, instance=offer)
    initial = extras_initial(offer) if offer is not None else []
    formset = ExtraFormSet(request.POST or None, initial=initial, prefix="extras")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        extras = extras_for_service(formset, form.cleaned_data["currency"])
        try:
            if offer is None:
                offer = services.offer_create(
                    user=request.user,
                    fields=form.service_fields(),
                    skills=form.cleaned_data["skills"],
                    extras=extras,
                    publish="publish" in request.POST,
                )
            else:
                offer = services.offer_update(
                    offer=offer,
                    user=request.user,
                    fields=form.service_fields(),
                    skills=form.cleaned_data["skills"],
                    extras=extras,
                )
                if "publish" in request.POST and offer.status != OfferStatus.PUBLISHED:
                    offer = services.offer_publish(offer=offer, user=request.user)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("freelancers:edit")
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"Saved “{offer.title}”.")
            return redirect(offer)
    status = 400 if form.errors or (formset.is_bound and not formset.is_valid()) else 200
    context = {"form": form, "formset": formset, "offer": offer}
    return render(request, "gigs/offer_form.html", context, status=status)


@login_required
def offer_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _form_page(request, None)


@login_required
def offer_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _form_page(request, selectors.own_offer(slug=slug, user=request.user))


ACTIONS = {"publish": services.offer_publish, "pause": services.offer_pause}


@login_required
@require_POST
def offer_action(request: AuthenticatedHttpRequest, slug: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        return HttpResponseBadRequest("Unknown action.")
    offer = selectors.own_offer(slug=slug, user=request.user)
    try:
        offer = ACTIONS[action](offer=offer, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        verb = "is listed" if offer.status == OfferStatus.PUBLISHED else "is paused"
        messages.success(request, f"“{offer.title}” {verb}.")
    return redirect(reverse("offers:mine"))
