"""Accounts test helpers: links read out of sent e-mail, signing in through the form."""

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import PASSWORD

URL_RE = re.compile(r"https?://testserver(/\S+)")


@pytest.fixture
def mailed_path() -> Callable[[str], str]:
    """Return a function giving the path of the last e-mailed link that contains ``marker``."""

    def find(marker: str) -> str:
        paths = [
            path
            for message in mail.outbox
            for path in URL_RE.findall(str(message.body))
            if marker in path
        ]
        assert paths, f"no e-mail in the outbox links to a path containing {marker!r}"
        return paths[-1]

    return find


@pytest.fixture
def log_in() -> Callable[..., object]:
    """Return a function that posts the login form and returns the response."""

    def post(client: Client, email: str, password: str = PASSWORD):
        return client.post(reverse("account_login"), {"login": email, "password": password})

    return post
