"""Template context every page needs: the CSP nonce and the main navigation."""

from django.http import HttpRequest
from django.urls import reverse

# Sections join the navigation as they ship: (label, URL name).
NAVIGATION: list[tuple[str, str]] = [
    ("Jobs", "jobs:list"),
    ("Gigs", "gigs:list"),
    ("Offers", "offers:list"),
    ("Salaries", "salaries:benchmarks"),
    ("Careers", "careers:index"),
]


def csp_nonce(request: HttpRequest) -> dict[str, str]:
    """Expose the nonce as ``csp_nonce``, the name django-htmx's ``{% htmx_script %}`` reads."""
    return {"csp_nonce": str(getattr(request, "csp_nonce", ""))}


def navigation(request: HttpRequest) -> dict[str, list[dict[str, object]]]:
    items = []
    for label, url_name in NAVIGATION:
        url = reverse(url_name)
        items.append({"label": label, "url": url, "current": request.path.startswith(url)})
    return {"navigation": items}
