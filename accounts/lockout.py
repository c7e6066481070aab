"""How the password lockout (django-axes) names the account and client, and how it answers."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

LOCKED_OUT_MESSAGE = (
    "Too many failed sign-in attempts for this account or from this address. "
    "Try again later, or reset your password by e-mail."
)

# Each door names the address differently: allauth and the API "email", the admin
# "username", allauth's form field "login".
_EMAIL_KEYS = ("email", "username", "login")


def attempted_email(request: HttpRequest, credentials: Mapping[str, Any] | None) -> str | None:
    """Return the address an attempt was for, lower-cased: 'Ada@' and 'ada@' are one account."""
    source = credentials or getattr(request, "data", request.POST)
    if not isinstance(source, Mapping):
        return None
    for key in _EMAIL_KEYS:
        value = source.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return None


def cool_off_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """Answer a locked-out attempt: JSON ``detail`` under the API, else a page in the layout."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": LOCKED_OUT_MESSAGE}, status=429)
    else:
        context = {"message": LOCKED_OUT_MESSAGE, "minutes": cool_off_seconds() // 60}
        response = render(request, "accounts/lockout.html", context, status=429)
    response["Retry-After"] = str(cool_off_seconds())
    return response
