"""The signed-in user's own pages: the landing page each role arrives on, and the profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from .forms import ProfileForm, ProfileLinkFormSet
from .http import AuthenticatedHttpRequest
from .landing_selectors import LandingKind, candidate_home, landing_for, staff_queues
from .selectors import companies_recruited_for, profile_for_edit
from .services import profile_update


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
    context = {"form": form, "links": links, "companies": companies_recruited_for(user=user)}
    return render(request, "accounts/profile.html", context, status=status)
