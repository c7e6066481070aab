"""Request types for views' annotations."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it, with ``request.htmx``.

    Only a type: annotate a view's ``request`` with it when the view reads ``request.htmx``.
    """

    htmx: HtmxDetails
