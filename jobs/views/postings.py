"""Job board pages: search, posting, the posting editor and the recruiter dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core import boards
from core.http import HtmxHttpRequest, client_address
from core.markdown import render_markdown
from jobs import board_cache, facets, permissions, search, selectors
from jobs.filters import PostingFilter
from jobs.forms import CompanyForm, PostingForm, ReportForm
from jobs.models import JobPosting
from jobs.services import companies as company_services
from jobs.services import moderation, page_views
from jobs.services import postings as services
from jobs.structured_data import job_posting_ld


def posting_list(request: HtmxHttpRequest) -> HttpResponse:
    data = facets.search_data(request)
    part = boards.results_template(
        request, results="jobs/partials/results.html", full="jobs/partials/board.html"
    )
    board, valid = board_cache.cached(
        request, part, lambda: _board(request, data, part), query=data
    )
    status = boards.status(request, valid=valid)
    if request.htmx:
        return HttpResponse(board, status=status)
    context = {"board": board, "valid": valid, "query": boards.without_position(data)}
    return render(request, "jobs/posting_list.html", context, status=status)


def _board(request: HttpRequest, data: QueryDict, template: str) -> tuple[SafeString, bool]:
    """The search form and one page of results, rendered, and whether the filters were valid."""
    menu = facets.country_menu(chosen=data.get("country", ""))
    filterset = PostingFilter(data, country_menu=menu)
    context, valid = boards.board_context(request, filterset, search.board_page, search.board_count)
    return render_to_string(template, context, request), valid


def posting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    posting = selectors.posting_for_page(slug=slug, user=request.user)
    is_owner = permissions.can_manage(request.user, posting)
    if posting.duplicate_of is not None and not is_owner:
        return redirect(posting.duplicate_of, permanent=True)
    if request.method == "GET":
        page_views.posting_record_view(
            posting=posting,
            viewer=request.user,
            address=client_address(request),
            user_agent=request.headers.get("user-agent", ""),
        )
    context = {
        "posting": posting,
        "is_owner": is_owner,
        "can_edit": permissions.can_write(request.user, posting.company),
        "similar": selectors.similar_postings(posting),
        "structured_data": job_posting_ld(posting, request) if posting.is_open else None,
        "report_form": ReportForm(),
        "application": selectors.application_for(request.user, posting),
        "comments": selectors.posting_comments(posting) if is_owner else [],
    }
    return render(request, "jobs/posting_detail.html", context)


@login_required
def posting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    companies = selectors.recruiter_companies(request.user)
    if not request.user.is_recruiter:
        raise PermissionDenied("Only recruiters post jobs.")
    if not companies.exists():
        messages.info(request, "Add your company first; then post your first role.")
        return redirect("jobs:company_create")
    form = PostingForm(request.POST or None, companies=companies)
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.posting_create(
                user=request.user,
                company=form.cleaned_data["company"],
                fields=form.service_fields(),
                skills=form.cleaned_data["skills"],
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _saved_message(posting))
            return redirect("jobs:dashboard")
    status = 400 if form.errors else 200
    return render(request, "jobs/posting_form.html", {"form": form}, status=status)


@login_required
def posting_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    posting = selectors.posting_for_page(slug=slug, user=request.user)
    if not permissions.can_write(request.user, posting.company):
        raise PermissionDenied("You do not recruit for this company.")
    form = PostingForm(request.POST or None, instance=posting, companies=None)
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.posting_update(
                posting=posting,
                user=request.user,
                fields=form.service_fields(),
                skills=form.cleaned_data["skills"],
            )
            if "submit" in request.POST and posting.is_submittable:
                posting = services.posting_submit(posting=posting, user=request.user)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _saved_message(posting))
            return redirect("jobs:dashboard")
    status = 400 if form.errors else 200
    context = {"form": form, "posting": posting}
    return render(request, "jobs/posting_form.html", context, status=status)


@login_required
@require_POST
def posting_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Live Markdown preview for the posting editor (htmx)."""
    html = render_markdown(request.POST.get("description", "")[:20000])
    return render(request, "jobs/partials/preview.html", {"html": html})


ACTIONS = {
    "submit": lambda posting, user: services.posting_submit(posting=posting, user=user),
    "fill": lambda posting, user: services.posting_close(posting=posting, user=user, filled=True),
    "archive": lambda posting, user: services.posting_close(
        posting=posting, user=user, filled=False
    ),
    "repost": lambda posting, user: services.posting_repost(posting=posting, user=user),
}


@login_required
@require_POST
def posting_action(request: AuthenticatedHttpRequest, slug: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        return HttpResponseBadRequest("Unknown action.")
    posting = selectors.posting_for_page(slug=slug, user=request.user)
    try:
        posting = ACTIONS[action](posting, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _saved_message(posting))
    return redirect("jobs:dashboard")


@login_required
@require_POST
def posting_report(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    posting = selectors.posting_for_page(slug=slug, user=request.user)
    form = ReportForm(request.POST)
    if form.is_valid():
        moderation.posting_report(posting=posting, reporter=request.user, **form.cleaned_data)
        messages.success(request, "Thank you: our moderators will look at this posting.")
    else:
        messages.error(request, "Pick a reason for the report.")
    return redirect(posting)


@login_required
def company_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.is_recruiter:
        raise PermissionDenied("Only recruiters add companies.")
    form = CompanyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        company = company_services.company_create(user=request.user, fields=form.cleaned_data)
        messages.success(request, f"{company.name} is set up. Now post your first role.")
        return redirect("jobs:post")
    status = 400 if form.errors else 200
    return render(request, "jobs/company_form.html", {"form": form}, status=status)


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.is_recruiter and not request.user.is_staff:
        raise PermissionDenied("The dashboard is for recruiters.")
    postings = list(selectors.recruiter_dashboard(request.user))
    context = {
        "postings": postings,
        "counts": selectors.dashboard_counts(postings),
        "companies": selectors.recruiter_companies(request.user),
    }
    return render(request, "jobs/dashboard.html", context)


def _saved_message(posting: JobPosting) -> str:
    return {
        "draft": f"Saved “{posting.title}” as a draft.",
        "pending": f"“{posting.title}” is waiting for review; we will e-mail you.",
        "published": f"“{posting.title}” is live.",
        "filled": f"“{posting.title}” is marked filled.",
        "archived": f"“{posting.title}” is archived.",
    }.get(posting.status, f"Saved “{posting.title}”.")
