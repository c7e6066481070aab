"""Freelancer profiles: the public page, and the owner's editor, portfolio and payouts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from gigs import offer_selectors, review_selectors, selectors
from gigs.domain import ReviewRole
from gigs.forms import PayoutMethodForm, PortfolioItemForm, ProfileForm
from gigs.payout_details import SEALED
from gigs.services import profiles as services
from messaging import selectors as messaging_selectors

# Reviews a profile shows at a time; older ones page on by cursor.
REVIEWS_PER_PAGE = 10


def freelancer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    profile = selectors.profile_for_page(slug=slug)
    context = {
        "profile": profile,
        "rating": review_selectors.ratings(user=profile.user).freelancer,
        "reviews": review_selectors.public_reviews_page(
            user=profile.user,
            role=ReviewRole.FREELANCER,
            cursor=request.GET.get("cursor"),
            size=REVIEWS_PER_PAGE,
        ),
        "is_owner": request.user.is_authenticated and profile.user_id == request.user.pk,
        "payout_methods": selectors.payout_methods(profile=profile, user=request.user),
        "response_time": messaging_selectors.response_time_shown(user_id=profile.user_id),
        "offers": offer_selectors.listed_offers_of(user_id=profile.user_id),
    }
    return render(request, "gigs/freelancer_detail.html", context)


def _edit_page(
    request: AuthenticatedHttpRequest,
    *,
    form: ProfileForm | None = None,
    portfolio_form: PortfolioItemForm | None = None,
    payout_form: PayoutMethodForm | None = None,
    status: int = 200,
) -> HttpResponse:
    profile = selectors.own_profile(user=request.user)
    context = {
        "form": form or ProfileForm(instance=profile),
        "profile": profile,
        "portfolio_form": portfolio_form or PortfolioItemForm(),
        "payout_form": payout_form or PayoutMethodForm(),
    }
    return render(request, "gigs/profile_form.html", context, status=status)


@login_required
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = selectors.own_profile(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.profile_save(
                user=request.user, fields=form.service_fields(), skills=form.cleaned_data["skills"]
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Your freelancer profile is saved.")
            return redirect(profile)
    return _edit_page(request, form=form, status=400 if form.errors else 200)


@login_required
@require_POST
def portfolio_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if selectors.own_profile(user=request.user) is None:
        messages.error(request, "Set up your freelancer profile first.")
        return redirect("freelancers:edit")
    form = PortfolioItemForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.portfolio_item_add(
                user=request.user,
                fields=form.service_fields(),
                image=form.cleaned_data["image"],
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Added to your portfolio.")
            return redirect(reverse("freelancers:edit") + "#portfolio-title")
    return _edit_page(request, portfolio_form=form, status=400)


@login_required
@require_POST
def portfolio_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    services.portfolio_item_delete(user=request.user, item_id=pk)
    messages.success(request, "Removed from your portfolio.")
    return redirect("freelancers:edit")


@login_required
@require_POST
@sensitive_post_parameters(*SEALED)
def payout_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if selectors.own_profile(user=request.user) is None:
        messages.error(request, "Set up your freelancer profile first.")
        return redirect("freelancers:edit")
    form = PayoutMethodForm(request.POST)
    if form.is_valid():
        try:
            services.payout_method_add(
                user=request.user, kind=form.cleaned_data["kind"], fields=form.details()
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Payout method saved.")
            return redirect(reverse("freelancers:edit") + "#payouts")
    return _edit_page(request, payout_form=form, status=400)


@login_required
@sensitive_post_parameters(*SEALED)
def payout_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Enter a method's details again; the stored ones are never shown back, even masked."""
    method = selectors.own_payout_method(user=request.user, pk=pk)
    form = PayoutMethodForm(request.POST or None, kind=method.kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.payout_method_update(user=request.user, method_id=pk, fields=form.details())
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Payout details saved.")
            return redirect(reverse("freelancers:edit") + "#payouts")
    context = {"method": method, "payout_form": form}
    status = 400 if form.errors else 200
    return render(request, "gigs/payout_method_form.html", context, status=status)


@login_required
@require_POST
def payout_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    services.payout_method_delete(user=request.user, method_id=pk)
    messages.success(request, "Payout method removed.")
    return redirect("freelancers:edit")
