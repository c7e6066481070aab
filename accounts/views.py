"""The signed-in user's own pages: the landing page each role arrives on, the profile and
the request to become a recruiter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from .forms import ProfileForm, ProfileLinkFormSet, RecruiterRequestForm
from .http import AuthenticatedHttpRequest
from .landing_selectors import LandingKind, candidate_home, landing_for, staff_queues
from .selectors import companies_recruited_for, profile_for_edit, recruiter_request_latest
from .services import profile_update, recruiter_request_create


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    landing = landing_for(request.user)
    if landing.kind == LandingKind.DASHBOARD:
        return redirect(landing.url)
    if landing.kind == LandingKind.MODERATION:
        context = {"queues": staff_queues(user=request.user)}
        return render(request, "accounts/moderation.html", context)
    return render(request, "accounts/home.html", {"home": candidate_home(user=request.user)})


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = profile_for_edit(user_id=request.user.pk)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=user)
        links = ProfileLinkFormSet(request.POST, instance=user)
        if form.is_valid() and links.is_valid():
            profile_update(form=form, links=links)
            messages.success(request, "Your profile is saved.")
            return redirect("accounts:profile")
        messages.error(request, "Your profile was not saved: please correct the errors below.")
        status = 400
    else:
        form = ProfileForm(instance=user)
        links = ProfileLinkFormSet(instance=user)
        status = 200
    context = {
        "form": form,
        "links": links,
        "companies": companies_recruited_for(user=user),
        "recruiter_request": recruiter_request_latest(user=user),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def recruiter_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.can_ask_to_recruit:
        raise PermissionDenied("You post jobs already: recruiters and staff need no request.")
    form = RecruiterRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recruiter_request_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Your request is sent. Our staff will e-mail you their answer."
            )
            return redirect("accounts:profile")
    context = {"form": form, "recruiter_request": recruiter_request_latest(user=request.user)}
    status = 400 if form.errors else 200
    return render(request, "accounts/recruiter_request.html", context, status=status)
