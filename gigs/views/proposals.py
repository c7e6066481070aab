"""Proposals: a freelancer sends, edits and withdraws one; the client lists and acts on them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from gigs import domain, review_selectors, selectors
from gigs.domain import ReviewRole
from gigs.forms import DeclineForm, FeePreviewForm, ProposalForm, milestone_labels
from gigs.models import Gig
from gigs.services import fees as fee_services
from gigs.services import lifecycle
from gigs.services import proposals as services
from gigs.services.fees import FeePreview
from salaries import rate_selectors


@login_required
@require_POST
def propose(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    gig = selectors.gig_taking_proposals(slug=slug)
    if gig.client_id == request.user.pk:
        raise PermissionDenied("You cannot propose on your own gig.")
    form = ProposalForm(request.POST, gig=gig)
    if form.is_valid():
        try:
            services.proposal_submit(gig=gig, freelancer=request.user, fields=form.service_fields())
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Your proposal is sent; the client hears of it by e-mail.")
            return redirect(gig)
    context = {
        "gig": gig,
        "form": form,
        "fee_preview": preview_for(gig, request.user, form),
        "rate_hint": rate_selectors.proposal_hint(gig),
    }
    return render(request, "gigs/proposal_form.html", context, status=400)


@login_required
def proposal_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_for(pk=pk, user=request.user)
    if proposal.freelancer_id != request.user.pk:
        raise PermissionDenied("Only the freelancer who sent this proposal may edit it.")
    form = ProposalForm(request.POST or None, instance=proposal, gig=proposal.gig)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(
                proposal=proposal, user=request.user, fields=form.service_fields()
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Your proposal is updated.")
            return redirect(proposal.gig)
    context = {
        "gig": proposal.gig,
        "form": form,
        "proposal": proposal,
        "fee_preview": preview_for(proposal.gig, request.user, form),
        "rate_hint": rate_selectors.proposal_hint(proposal.gig),
    }
    return render(request, "gigs/proposal_form.html", context, status=400 if form.errors else 200)


@login_required
def gig_proposals(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    gig = selectors.gig_for_page(slug=slug, user=request.user)
    proposals = selectors.gig_proposals(gig=gig, user=request.user)
    ratings = review_selectors.ratings_by_user(
        user_ids=[proposal.freelancer_id for proposal in proposals], role=ReviewRole.FREELANCER
    )
    context = {
        "gig": gig,
        "proposals": [
            (proposal, milestone_labels(proposal), ratings[proposal.freelancer_id])
            for proposal in proposals
        ],
        "can_hire": gig.status in domain.HIRING,
        "decline_form": DeclineForm(),
    }
    return render(request, "gigs/proposals.html", context)


@login_required
@require_POST
def proposal_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    proposal = selectors.proposal_for(pk=pk, user=request.user)
    gig = proposal.gig
    try:
        if action == "withdraw":
            services.proposal_withdraw(proposal=proposal, user=request.user)
            messages.success(request, "Your proposal is withdrawn.")
            return redirect(gig)
        if action == "accept":
            contract = lifecycle.proposal_accept(proposal=proposal, user=request.user)
            messages.success(request, "Hired: your contract is open. Fund the first milestone.")
            return redirect(contract)
        if action == "shortlist":
            services.proposal_shortlist(proposal=proposal, user=request.user)
            messages.success(request, "Shortlisted.")
        elif action == "decline":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                messages.error(
                    request, " ".join(str(error) for error in form.errors.get("reason", []))
                )
                return redirect("gigs:proposals", slug=gig.slug)
            services.proposal_decline(
                proposal=proposal, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "Declined; the freelancer hears of it by e-mail.")
        else:
            return HttpResponseBadRequest("Unknown action.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if proposal.freelancer_id == request.user.pk:
            return redirect(gig)
    return redirect("gigs:proposals", slug=gig.slug)


def preview_for(gig: Gig, user: User, form: ProposalForm) -> FeePreview:
    """The fee preview of the price in ``form`` as sent, or as it starts when unsent."""
    raw = form.data.get("price") if form.is_bound else form.initial.get("price")
    amount = FeePreviewForm({"price": raw}).amount(gig.currency)
    return fee_services.fee_preview(
        client=gig.client, freelancer=user, amount=amount, currency=gig.currency
    )


@login_required
@require_GET
def fee_preview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The fee and take-home pay on the price typed so far, for the proposal form (htmx)."""
    gig = selectors.gig_for_page(slug=slug, user=request.user)
    amount = FeePreviewForm(request.GET).amount(gig.currency)
    preview = fee_services.fee_preview(
        client=gig.client, freelancer=request.user, amount=amount, currency=gig.currency
    )
    context = {"preview": preview, "hourly": gig.is_hourly}
    return render(request, "gigs/partials/fee_preview.html", context)
