"""Project-level pages: the home page, API docs, robots.txt, a health check, error answers."""

from csp.decorators import csp_update
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import never_cache
from drf_spectacular.views import SpectacularSwaggerSplitView

from . import home as home_figures

# API clients read errors as JSON (the schema documents a `detail`), even where no API view
# answered: a path no route matches, or an exception DRF did not handle.
API_PREFIX = "/api/"

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


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Server error: it has been logged."}, status=500)
    return defaults.server_error(request)
