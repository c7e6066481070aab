"""The gig list and a gig's page, and the client's pages: post, edit, act, invite."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from core import boards
from core.http import HtmxHttpRequest
from gigs import permissions, search, selectors
from gigs.filters import GigFilter
from gigs.forms import GigForm, InviteForm, ProposalForm
from gigs.models import Gig
from gigs.services import fees as fee_services
from gigs.services import gigs as services
from gigs.services import proposals as proposal_services
from jobs import selectors as job_selectors
from salaries import rate_selectors


def gig_list(request: HtmxHttpRequest) -> HttpResponse:
    context, valid = boards.board_context(
        request, GigFilter(request.GET), search.gig_page, search.gig_count
    )
    template = boards.results_template(
        request, results="gigs/partials/results.html", full="gigs/gig_list.html"
    )
    return render(request, template, context, status=boards.status(request, valid=valid))


def gig_detail(request: HttpRequest, slug: str) -> HttpResponse:
    gig = selectors.gig_for_page(slug=slug, user=request.user)
    is_client = permissions.is_client(request.user, gig)
    own = selectors.own_proposal(gig=gig, user=request.user)
    context = {
        "gig": gig,
        "is_client": is_client,
        "history": selectors.client_history(client=gig.client),
        "proposal_count": selectors.proposal_count(gig=gig),
        "own_proposal": own,
        "proposal_form": (
            ProposalForm(gig=gig)
            if gig.is_open and not is_client and own is None and request.user.is_authenticated
            else None
        ),
        "invite_form": InviteForm() if is_client and gig.is_open else None,
    }
    if context["proposal_form"] is not None and isinstance(request.user, User):
        context["fee_preview"] = fee_services.fee_preview(
            client=gig.client, freelancer=request.user, amount=None, currency=gig.currency
        )
        context["rate_hint"] = rate_selectors.proposal_hint(gig)
    return render(request, "gigs/gig_detail.html", context)


@login_required
def gig_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    companies = job_selectors.recruiter_companies(request.user)
    form = GigForm(request.POST or None, companies=companies)
    if request.method == "POST" and form.is_valid():
        try:
            gig = services.gig_create(
                client=request.user,
                fields=form.service_fields(),
                skills=form.cleaned_data["skills"],
                company=form.cleaned_data.get("company"),
                publish="publish" in request.POST,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _saved_message(gig))
            return redirect(gig)
    status = 400 if form.errors else 200
    return render(request, "gigs/gig_form.html", {"form": form}, status=status)


@login_required
def gig_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    gig = selectors.own_gig(slug=slug, user=request.user)
    companies = job_selectors.recruiter_companies(request.user)
    form = GigForm(request.POST or None, instance=gig, companies=companies)
    if request.method == "POST" and form.is_valid():
        try:
            gig = services.gig_update(
                gig=gig,
                user=request.user,
                fields=form.service_fields(),
                skills=form.cleaned_data["skills"],
                change_company="company" in form.fields,
                company=form.cleaned_data.get("company"),
            )
            if "publish" in request.POST and gig.status == "draft":
                gig = services.gig_publish(gig=gig, user=request.user)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _saved_message(gig))
            return redirect(gig)
    status = 400 if form.errors else 200
    return render(request, "gigs/gig_form.html", {"form": form, "gig": gig}, status=status)


ACTIONS = {
    "publish": services.gig_publish,
    "close": services.gig_close,
    "reopen": services.gig_reopen,
    "cancel": services.gig_cancel,
}


@login_required
@require_POST
def gig_action(request: AuthenticatedHttpRequest, slug: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        return HttpResponseBadRequest("Unknown action.")
    gig = selectors.own_gig(slug=slug, user=request.user)
    try:
        gig = ACTIONS[action](gig=gig, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _saved_message(gig))
    return redirect(gig)


@login_required
@require_POST
def gig_invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    gig = selectors.own_gig(slug=slug, user=request.user)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the address of a freelancer's profile.")
        return redirect(gig)
    try:
        profile = selectors.profile_for_page(slug=form.cleaned_data["freelancer"])
    except Http404:
        messages.error(request, "No freelancer has that profile address.")
        return redirect(gig)
    try:
        proposal_services.invitation_send(
            gig=gig,
            client=request.user,
            freelancer=profile.user,
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Invited {profile.user.get_full_name() or profile.headline}.")
    return redirect(gig)


@login_required
def my_gigs(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "gigs": selectors.client_gigs(user=request.user),
        "proposals": selectors.freelancer_proposals(user=request.user),
        "invitations": selectors.freelancer_invitations(user=request.user),
    }
    return render(request, "gigs/mine.html", context)


def _saved_message(gig: Gig) -> str:
    return {
        "draft": f"Saved “{gig.title}” as a draft.",
        "open": f"“{gig.title}” is open for proposals.",
        "closed": f"“{gig.title}” no longer takes proposals.",
        "cancelled": f"“{gig.title}” is cancelled.",
    }.get(gig.status, f"Saved “{gig.title}”.")
