"""On-site applications: apply, the recruiter's applicant list, the candidate's list, résumés."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from jobs import selectors
from jobs.forms_applications import ApplicationForm, StatusForm
from jobs.models import ApplicationStatus
from jobs.services import applications as services


@login_required
def apply(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    posting = selectors.posting_for_page(slug=slug, user=request.user)
    refusal = services.apply_refusal(posting=posting, candidate=request.user)
    if refusal:
        messages.info(request, refusal)
        return redirect(posting)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                posting=posting,
                candidate=request.user,
                cover_note=form.cleaned_data["cover_note"],
                resume=form.cleaned_data["resume"],
            )
        except services.ApplicationRefused as refused:
            messages.info(request, " ".join(refused.messages))
            return redirect(posting)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(
                request, f"Your application to {posting.company.name} is in. Good luck!"
            )
            return redirect("jobs:my_applications")
    status = 400 if form.errors else 200
    return render(request, "jobs/apply.html", {"form": form, "posting": posting}, status=status)


@login_required
def applicants(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    posting = selectors.posting_for_applicants(slug=slug, user=request.user)
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    page = selectors.posting_applicants(
        posting, status=status or None, cursor=request.GET.get("cursor")
    )
    counts = selectors.applicant_status_counts(posting)
    rows = [
        {"application": application, "moves": services.next_statuses(application)}
        for application in page.items
    ]
    context = {
        "posting": posting,
        "page": page,
        "rows": rows,
        "status": status,
        "tabs": [
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in ApplicationStatus.choices
        ],
        "total": sum(counts.values()),
    }
    return render(request, "jobs/applicants.html", context)


@login_required
@require_POST
def application_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_move(pk=pk, user=request.user)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick a status from the list.")
    else:
        try:
            application = services.application_move(
                application=application, user=request.user, status=form.cleaned_data["status"]
            )
        except services.TransitionError as error:
            messages.error(request, " ".join(error.messages))
        else:
            name = application.candidate.name or application.candidate.email
            messages.success(request, f"{name} is now {application.get_status_display().lower()}.")
    # Back to the tab the move was made from, which the applicant may just have left.
    url = reverse("jobs:applicants", args=[application.posting.slug])
    tab = request.POST.get("tab", "")
    query = f"?{urlencode({'status': tab})}" if tab in ApplicationStatus.values else ""
    return redirect(f"{url}{query}#application-{application.pk}")


@login_required
def my_applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = selectors.candidate_applications(request.user, cursor=request.GET.get("cursor"))
    return render(request, "jobs/my_applications.html", {"page": page})


def resume_download(request: HttpRequest, pk: int) -> FileResponse:
    """The résumé of an application, for its candidate and the posting's recruiters only.

    Everyone else, signed in or not, gets the same 404 as for an application that does not
    exist, so the URL reveals nothing.
    """
    application = selectors.application_for_resume(pk=pk, user=request.user)
    try:
        file = application.resume.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The résumé file is missing.") from missing
    response = FileResponse(
        file,
        as_attachment=True,
        filename=application.resume_name,
        content_type=services.resume_content_type(application),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
