"""Saved searches: follow a board search, manage and edit the list, unsubscribe by e-mail link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.http import emailed_link
from jobs import facets
from jobs.describe import describe_searches
from jobs.filters import PostingFilter
from jobs.forms import SavedSearchForm
from jobs.services import saved_searches as services

UNSUBSCRIBE_TEMPLATE = "jobs/saved_search_unsubscribe.html"


def follow_search(request: HttpRequest) -> HttpResponse:
    """The feed links and the save form for the board's current filters (refreshed by htmx)."""
    try:
        query = services.normalize_query(facets.search_data(request).urlencode())
        context = {"query": query, "invalid": False}
    except ValidationError:
        context = {"query": "", "invalid": True}
    return render(request, "jobs/partials/follow_search.html", context)


@login_required
def saved_search_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "searches": services.saved_searches_described(request.user),
        "limit": services.MAX_SAVED_SEARCHES,
    }
    return render(request, "jobs/saved_searches.html", context)


@login_required
def saved_search_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change a saved search's criteria, through the board's own filter form, name and e-mails."""
    saved = get_object_or_404(services.saved_searches_of(request.user), pk=pk)
    if request.method == "POST":
        form = SavedSearchForm(request.POST)
        filterset = PostingFilter(request.POST)
    else:
        form = SavedSearchForm(initial={"name": saved.name, "frequency": saved.frequency})
        filterset = PostingFilter(QueryDict(saved.query))
    if request.method == "POST" and form.is_valid() and filterset.is_valid():
        try:
            services.saved_search_update(
                user=request.user,
                saved_search=saved,
                name=form.cleaned_data["name"],
                query=request.POST.urlencode(),
                frequency=form.cleaned_data["frequency"],
            )
        except ValidationError as error:
            form.apply_errors(error, filters=filterset.form)
        else:
            messages.success(request, f"Saved your changes to “{form.cleaned_data['name']}”.")
            return redirect("jobs:saved_searches")
    status = 400 if form.errors or filterset.form.errors else 200
    context = {
        "saved": saved,
        "description": describe_searches([saved.query])[0],
        "form": form,
        "filter": filterset,
    }
    return render(request, "jobs/saved_search_form.html", context, status=status)


@login_required
@require_POST
def saved_search_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.POST.get("query", "")
    try:
        saved = services.saved_search_create(
            user=request.user, name=request.POST.get("name", ""), query=query
        )
    except ValidationError as error:
        messages.error(request, "This search was not saved. " + " ".join(error.messages))
        return redirect(services.board_url(QueryDict(query.lstrip("?")).urlencode()))
    messages.success(
        request, f"Saved “{saved.name}”. New matches will arrive by e-mail once a day."
    )
    return redirect(services.board_url(saved.query))


@login_required
@require_POST
def saved_search_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(services.saved_searches_of(request.user), pk=pk)
    services.saved_search_delete(user=request.user, saved_search=saved)
    messages.success(request, f"Deleted “{saved.name}”; its e-mails stop.")
    return redirect("jobs:saved_searches")


@emailed_link
def saved_search_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation; POST deletes the search. Works without signing in."""
    if request.method == "POST":
        saved = services.saved_search_unsubscribe(token=token)
        if saved is None:
            raise Http404("No such saved search.")
        return render(request, UNSUBSCRIBE_TEMPLATE, {"done": True, "subject": saved.name})
    saved = services.saved_search_for_token(token)
    if saved is None:
        raise Http404("No such saved search.")
    return render(request, UNSUBSCRIBE_TEMPLATE, {"subject": saved.name})


@emailed_link
def saved_search_unsubscribe_all(request: HttpRequest, token: str) -> HttpResponse:
    """Stop every alert of the user the digest went to; the List-Unsubscribe target."""
    user = services.user_for_unsubscribe_all_token(token)
    if user is None:
        raise Http404("No such subscriber.")
    if request.method == "POST":
        services.saved_searches_unsubscribe_all(user=user)
        return render(request, UNSUBSCRIBE_TEMPLATE, {"done": True})
    return render(request, UNSUBSCRIBE_TEMPLATE, {})
