"""Freelancer profiles: the public page, and the owner's editor, portfolio and payouts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from gigs import selectors
from gigs.forms import PayoutMethodForm, PortfolioItemForm, ProfileForm
from gigs.services import profiles as services
from messaging import selectors as messaging_selectors


def freelancer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    profile = selectors.profile_for_page(slug=slug)
    context = {
        "profile": profile,
        "is_owner": request.user.is_authenticated and profile.user_id == request.user.pk,
        "payout_methods": selectors.payout_methods(profile=profile, user=request.user),
        "response_time": messaging_selectors.response_time_shown(user_id=profile.user_id),
    }
    return render(request, "gigs/freelancer_detail.html", context)


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
    context = {
        "form": form,
        "profile": profile,
        "portfolio_form": PortfolioItemForm(),
        "payout_form": PayoutMethodForm(),
    }
    return render(request, "gigs/profile_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def portfolio_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PortfolioItemForm(request.POST)
    if form.is_valid():
        try:
            services.portfolio_item_add(user=request.user, fields=form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Added to your portfolio.")
    else:
        messages.error(request, _errors(form))
    return redirect("freelancers:edit")


@login_required
@require_POST
def portfolio_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    services.portfolio_item_delete(user=request.user, item_id=pk)
    messages.success(request, "Removed from your portfolio.")
    return redirect("freelancers:edit")


@login_required
@require_POST
def payout_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PayoutMethodForm(request.POST)
    if form.is_valid():
        try:
            services.payout_method_add(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Payout method saved.")
    else:
        messages.error(request, _errors(form))
    return redirect("freelancers:edit")


@login_required
@require_POST
def payout_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    services.payout_method_delete(user=request.user, method_id=pk)
    messages.success(request, "Payout method removed.")
    return redirect("freelancers:edit")


def _errors(form: PortfolioItemForm | PayoutMethodForm) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
