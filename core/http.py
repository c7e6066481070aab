"""Request types for views' annotations, and who sent a request."""

from typing import cast

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it, with ``request.htmx``.

    Only a type: annotate a view's ``request`` with it when the view reads ``request.htmx``.
    """

    htmx: HtmxDetails


def client_address(request: HttpRequest) -> str:
    """Return the client's address by the API throttles' rule (DJANGO_TRUSTED_PROXY_COUNT).

    The throttles, the password lockout, allauth's limits and view counts all ask this, so
    one setting places the client in X-Forwarded-For for every one of them.
    """
    # get_ident reads only headers and META, which a Django request and DRF's alike carry.
    return BaseThrottle().get_ident(cast(Request, request))
