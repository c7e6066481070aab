"""Reviews on a contract's page: each side writes one, and replies once to the other's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from gigs import review_selectors, selectors
from gigs.forms import ReplyForm, ReviewForm
from gigs.services import reviews as services
from gigs.views.contracts import contract_page


@login_required
@require_POST
def review_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(pk=pk, user=request.user)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            review = services.review_submit(
                contract=contract,
                author=request.user,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(
                request,
                "Your review is published with theirs."
                if review.published_at
                else "Your review is saved. Only you see it until the other side reviews you "
                "or the window closes.",
            )
            return redirect(contract.get_absolute_url() + "#reviews")
    return contract_page(request, contract, review_form=form)


@login_required
@require_POST
def review_reply(request: AuthenticatedHttpRequest, pk: int, review_pk: int) -> HttpResponse:
    contract = selectors.contract_for(pk=pk, user=request.user)
    review = review_selectors.review_for_subject(pk=review_pk, user=request.user)
    if review.contract_id != contract.pk:
        raise Http404("No such review on this contract.")
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.review_reply(review=review, user=request.user, text=form.cleaned_data["reply"])
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "Your reply is published under the review.")
            return redirect(contract.get_absolute_url() + "#reviews")
    return contract_page(request, contract, reply_form=form)
