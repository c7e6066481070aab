"""Template context every page needs: the CSP nonce and the navigation."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from gigs.models import FreelancerProfile

# Sections join the navigation as they ship: (label, URL name).
NAVIGATION: list[tuple[str, str]] = [
    ("Jobs", "jobs:list"),
    ("Gigs", "gigs:list"),
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


def freelancer(request: HttpRequest) -> dict[str, object]:
    """``is_freelancer``: whether the visitor has a freelancer profile, for their links.

    Read only when a template asks, at most once a request.
    """

    def has_profile() -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        return FreelancerProfile.objects.filter(user_id=user.pk).exists()

    return {"is_freelancer": SimpleLazyObject(has_profile)}
