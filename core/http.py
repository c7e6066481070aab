"""Request types for views' annotations, who sent a request, and views opened from e-mails."""

from collections.abc import Callable
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
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


def emailed_link(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """A view behind a tokened link in an e-mail (unsubscribe, mute): GET asks, POST acts.

    The secret token in the URL is the credential, not the session, and mail clients post
    one-click unsubscribes (RFC 8058) without a CSRF token, so the view takes no CSRF token.
    GET must only ask: link scanners in mail systems open links and must change nothing.
    """
    return csrf_exempt(require_http_methods(["GET", "POST"])(view))
