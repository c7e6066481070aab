"""/gigs/for-you/: open gigs that fit the freelancer's skills, the job board's too, and the
controls of its private feed links and daily e-mail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.http import emailed_link
from core.pagination import page_position
from gigs import search
from gigs.search.for_you import freelancer_skills
from gigs.services import feeds as services
from jobs.search import BoardQuery, board_page

# The page is about gigs: the job board's matches get a short list and a link to the rest.
JOBS_SHOWN = 5


@login_required
def for_you(request: AuthenticatedHttpRequest) -> HttpResponse:
    skills = freelancer_skills(request.user.pk)
    skill_ids = [skill.pk for skill in skills or ()]
    subscription = services.gig_feed_of(request.user)
    context: dict[str, Any] = {
        "has_profile": skills is not None,
        "skills": skills or [],
        "page": search.for_you_page(skill_ids, page=page_position(request.GET).page),
        "subscription": subscription,
    }
    if skill_ids:
        context["jobs"] = board_page(BoardQuery(skill_ids=tuple(skill_ids)), size=JOBS_SHOWN)
        filters = QueryDict(mutable=True)
        filters.setlist("skills", [skill.slug for skill in skills or ()])
        context["jobs_url"] = f"{reverse('jobs:list')}?{filters.urlencode()}"
    if subscription is not None:
        context["feed_urls"] = {
            kind: request.build_absolute_uri(
                reverse(f"gigs:for_you_{kind}", args=[subscription.token])
            )
            for kind in ("rss", "atom")
        }
    return render(request, "gigs/for_you.html", context)


@login_required
@require_POST
def feed_rotate(request: AuthenticatedHttpRequest) -> HttpResponse:
    new = services.gig_feed_of(request.user) is None
    try:
        services.gig_feed_token_rotate(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = "Your feed links are ready." if new else "New feed links: the old ones stop working."
        messages.success(request, done)
    return redirect("gigs:for_you")


@login_required
@require_POST
def digest_set(request: AuthenticatedHttpRequest) -> HttpResponse:
    on = request.POST.get("digest") == "on"
    try:
        services.gig_feed_digest_set(user=request.user, on=on)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            "New gigs that fit will arrive by e-mail once a day."
            if on
            else "The daily e-mail of new gigs is off.",
        )
    return redirect("gigs:for_you")


@emailed_link
def digest_stop(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation; POST stops the daily e-mail. Works without signing in."""
    user = services.user_for_digest_stop_token(token)
    if user is None:
        raise Http404("No such subscriber.")
    done = request.method == "POST"
    if done:
        services.gig_feed_digest_set(user=user, on=False)
    return render(request, "gigs/for_you_digest_stop.html", {"done": done})
