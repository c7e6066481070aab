"""Template context every page needs: the CSP nonce and the navigation."""

from functools import cache

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from accounts.landing_selectors import landing_for
from accounts.models import User
from gigs.models import FreelancerProfile
from messaging.selectors import unread_count

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


def account(request: HttpRequest) -> dict[str, object]:
    """The signed-in header's menu: ``landing`` (the role's landing page, named first),
    ``unread_messages`` and ``is_freelancer`` (whether the visitor has a freelancer profile,
    for their feed links).

    The two figures come from one query, run only when a template asks, at most once a request.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"landing": None, "unread_messages": 0, "is_freelancer": False}

    @cache
    def figures() -> tuple[int, bool]:
        profile = FreelancerProfile.objects.filter(user=OuterRef("pk"))
        return (
            User.objects.filter(pk=user.pk)
            .annotate(unread=unread_count(OuterRef("pk")), freelancer=Exists(profile))
            .values_list("unread", "freelancer")
            .get()
        )

    return {
        "landing": landing_for(user),
        "unread_messages": SimpleLazyObject(lambda: figures()[0]),
        "is_freelancer": SimpleLazyObject(lambda: figures()[1]),
    }
