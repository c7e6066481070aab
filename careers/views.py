"""Career pages: paths, steps, the ladder, certifications, resources, FAQ, skill gap, progress.

Everyone can read every page. Marking progress needs a session, and always writes the
signed-in user's own rows: no URL names another user's progress.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from accounts.models import User
from core.pagination import Page, keyset_page

from . import selectors, services
from .filters import CertificationFilter, ResourceFilter
from .forms import ProgressForm, SkillGapForm
from .models import CareerPath, CareerStep, ProgressStatus, ResourceKind

CERTIFICATIONS_PAGE_SIZE = 20
RESOURCES_PAGE_SIZE = 60


class CareersRequest(HttpRequest):
    user: User | AnonymousUser
    htmx: HtmxDetails


def _page_links(request: HttpRequest, page: Page | None) -> dict[str, str]:
    """Links to the first page and the next one, keeping the filters of the current query."""
    if page is None:
        return {}
    query = request.GET.copy()
    query.pop("cursor", None)
    links = {}
    if not page.is_first:
        links["first_url"] = f"?{query.urlencode()}"
    if page.next_cursor:
        query["cursor"] = page.next_cursor
        links["next_url"] = f"?{query.urlencode()}"
    return links


def index(request: CareersRequest) -> HttpResponse:
    paths: list[tuple[CareerPath, selectors.PathProgress | None]]
    if request.user.is_authenticated:
        paths = [(p.path, p) for p in selectors.progress_by_path(user=request.user)]
    else:
        paths = [(path, None) for path in selectors.published_paths()]
    open_roles = selectors.open_roles_by_level()
    path_count = selectors.path_count()
    context = {
        "paths": paths,
        "path_count": path_count,
        "variant_count": len(paths) - path_count,
        "ladder": [(rung, open_roles.get(rung.level)) for rung in selectors.ladder()],
    }
    return render(request, "careers/index.html", context)


def path_detail(request: CareersRequest, slug: str) -> HttpResponse:
    path = selectors.path_for_page(slug=slug)
    steps = list(path.steps.all())
    statuses = selectors.step_statuses(user=request.user, steps=steps)
    context = {
        "path": path,
        "steps": [(step, statuses.get(step.pk, ProgressStatus.NOT_STARTED)) for step in steps],
    }
    return render(request, "careers/path_detail.html", context)


def step_detail(request: CareersRequest, path_slug: str, slug: str) -> HttpResponse:
    step = selectors.step_for_page(path_slug=path_slug, slug=slug)
    return render(request, "careers/step_detail.html", _step_context(request, step))


def _step_context(request: CareersRequest, step: CareerStep) -> dict:
    siblings = list(step.path.steps.all())
    position = next(i for i, s in enumerate(siblings) if s.pk == step.pk)
    items = list(step.checklist.all())
    statuses = selectors.checklist_statuses(user=request.user, items=items)
    step_status = selectors.step_statuses(user=request.user, steps=[step]).get(step.pk)
    return {
        "step": step,
        "path": step.path,
        "number": position + 1,
        "total": len(siblings),
        "previous": siblings[position - 1] if position else None,
        "next": siblings[position + 1] if position + 1 < len(siblings) else None,
        "status": step_status or ProgressStatus.NOT_STARTED,
        "checklist": [(item, statuses.get(item.pk, ProgressStatus.NOT_STARTED)) for item in items],
        "statuses": ProgressStatus.choices,
    }


@require_POST
def step_progress(request: CareersRequest, path_slug: str, slug: str) -> HttpResponse:
    step = selectors.step_for_page(path_slug=path_slug, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(step.get_absolute_url())
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _refused(request, step, form)
    services.step_progress_set(user=request.user, step=step, status=form.cleaned_data["status"])
    if request.htmx:
        context = {**_step_context(request, step), "step_control": True}
        return render(request, "careers/partials/step_status.html", context)
    return redirect(f"{step.get_absolute_url()}#progress")


@require_POST
def checklist_progress(request: CareersRequest, pk: int) -> HttpResponse:
    item = selectors.checklist_item_for_page(pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(item.step.get_absolute_url())
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _refused(request, item.step, form)
    services.checklist_progress_set(
        user=request.user, item=item, status=form.cleaned_data["status"]
    )
    if request.htmx:
        context = {"item": item, "item_status": form.cleaned_data["status"]}
        context["statuses"] = ProgressStatus.choices
        return render(request, "careers/partials/checklist_item.html", context)
    return redirect(f"{item.step.get_absolute_url()}#item-{item.pk}")


def _refused(request: CareersRequest, step: CareerStep, form: ProgressForm) -> HttpResponse:
    error = "; ".join(str(e) for e in form.errors.get("status", ["Choose a status."]))
    if request.htmx:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    messages.error(request, f"Your progress was not saved: {error}")
    return render(request, "careers/step_detail.html", _step_context(request, step), status=400)


@login_required
def progress_dashboard(request: CareersRequest) -> HttpResponse:
    progress = selectors.progress_by_path(user=cast(User, request.user))
    context = {"progress": progress, "recommended": selectors.recommended_next(progress)}
    return render(request, "careers/progress.html", context)


def certifications(request: CareersRequest) -> HttpResponse:
    filterset = CertificationFilter(request.GET, queryset=selectors.active_certifications())
    status = 200
    if filterset.is_valid():
        page = keyset_page(
            filterset.qs,
            keys=["-is_featured", "order", "id"],
            cursor=request.GET.get("cursor"),
            size=CERTIFICATIONS_PAGE_SIZE,
        )
    else:
        page, status = None, 400
    context = {"filter": filterset, "page": page, **_page_links(request, page)}
    return render(request, "careers/certifications.html", context, status=status)


def resources(request: CareersRequest) -> HttpResponse:
    filterset = ResourceFilter(request.GET, queryset=selectors.resources())
    status = 200
    groups: list[tuple[str, list]] = []
    page = None
    if filterset.is_valid():
        page = keyset_page(
            filterset.qs,
            keys=["kind", "order", "id"],
            cursor=request.GET.get("cursor"),
            size=RESOURCES_PAGE_SIZE,
        )
        labels = dict(ResourceKind.choices)
        by_kind: dict[str, list] = {}
        for resource in page.items:
            by_kind.setdefault(labels[resource.kind], []).append(resource)
        groups = list(by_kind.items())
    else:
        status = 400
    context = {"filter": filterset, "page": page, "groups": groups, **_page_links(request, page)}
    return render(request, "careers/resources.html", context, status=status)


def faq(request: CareersRequest) -> HttpResponse:
    return render(request, "careers/faq.html", {"entries": selectors.published_faq()})


def skill_gap(request: CareersRequest) -> HttpResponse:
    """The skill-gap check: a GET form, so a result can be bookmarked and shared."""
    submitted = "check" in request.GET
    if submitted:
        form = SkillGapForm(request.GET)
    else:
        initial: dict[str, object] = {
            "level": request.GET.get("level", ""),
            "posting": request.GET.get("posting"),
        }
        if request.user.is_authenticated:
            initial["skills"] = list(request.user.profile_skills.all())
        form = SkillGapForm(initial=initial)
    result = None
    status = 200
    if submitted and form.is_valid():
        result = selectors.skill_gap(
            have=list(form.cleaned_data["skills"]),
            level=form.cleaned_data["level"],
            posting=form.cleaned_data["posting"],
        )
    elif submitted:
        status = 400
    context = {"form": form, "result": result, "prefilled": not submitted}
    return render(request, "careers/skill_gap.html", context, status=status)
