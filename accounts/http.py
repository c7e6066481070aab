"""The request type of views that only signed-in users reach, and their user in the API."""

from typing import cast

from django.http import HttpRequest
from rest_framework.request import Request

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed ``login_required`` (or the admin's staff check): its user is a User.

    Only a type: Django never builds one. Annotate a view's ``request`` with it when a
    decorator has already turned anonymous visitors away.
    """

    user: User


def caller(request: Request) -> User:
    """The signed-in user of an API request that passed an authentication check."""
    return cast(User, request.user)
