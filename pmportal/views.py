"""Project-level pages: home, API docs, robots.txt, favicon, a health check, error answers."""

from csp.decorators import csp_update
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from drf_spectacular.views import SpectacularSwaggerSplitView

from accounts.models import User
from accounts.selectors import recruiter_request_latest

from . import home as home_figures
from .context_processors import navigation

# API clients read errors as JSON (the schema documents a `detail`), even where no API view
# answered: a path no route matches, or an exception DRF did not handle.
API_PREFIX = "/api/"

# Pages for recruiters alone: a candidate refused one is offered to become a recruiter there.
RECRUITER_PAGES = frozenset({"jobs:post", "jobs:dashboard", "jobs:company_create"})

# Private or per-user areas crawlers have no reason to visit.
ROBOTS_DISALLOW = ("/admin/", "/accounts/", "/api/", "/jobs/dashboard/", "/jobs/saved/")


# drf-spectacular's Swagger UI page carries one fixed inline <style> (page background and box
# sizing). Allow exactly that block by its hash, on this page only; if drf-spectacular changes
# the block, tests/pmportal/test_security_headers.py fails rather than the page losing styles.
SWAGGER_UI_STYLE_HASH = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "newest_roles": home_figures.newest_roles(request),
        "headline": home_figures.headline_salary(request),
        "path_count": home_figures.path_count(),
    }
    return render(request, "home.html", context)


api_docs = csp_update({"style-src": [SWAGGER_UI_STYLE_HASH]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database answers; used by docker-compose and load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Let crawlers index the public site, keep them out of private areas, name the sitemap."""
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Send browsers and crawlers that ask for /favicon.ico to the site icon every page links."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Server error: it has been logged."}, status=500)
    # No request context: the user, session or database may be what failed. The navigation
    # only reverses URLs.
    context = {**navigation(request), "retry_url": request.get_full_path()}
    return HttpResponseServerError(loader.render_to_string("500.html", context))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"detail": "You do not have permission to perform this action."}, status=403
        )
    user = getattr(request, "user", None)
    match = request.resolver_match
    on_recruiter_page = match is not None and match.view_name in RECRUITER_PAGES
    context = {
        # Refusals in this project say why in words for the person refused; Django's own
        # (the admin's, a permission decorator's) carry no message.
        "reason": str(exception),
        "offer_recruiting": False,
    }
    if on_recruiter_page and isinstance(user, User) and user.can_ask_to_recruit:
        context["offer_recruiting"] = True
        context["recruiter_request"] = recruiter_request_latest(user=user)
    return render(request, "403.html", context, status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return render(request, "400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form's security check failed: say why it usually does and send them back to retry."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": f"CSRF Failed: {reason}"}, status=403)
    referer = request.headers.get("referer", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    context = {
        "cookies_off": reason == REASON_NO_CSRF_COOKIE,
        "retry_url": referer if same_site else request.get_full_path(),
    }
    return render(request, "403_csrf.html", context, status=403)
