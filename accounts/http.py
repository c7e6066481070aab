"""The request type of views that only signed-in users reach."""

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed ``login_required`` (or the admin's staff check): its user is a User.

    Only a type: Django never builds one. Annotate a view's ``request`` with it when a
    decorator has already turned anonymous visitors away.
    """

    user: User
