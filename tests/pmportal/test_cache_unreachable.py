"""With Redis (the cache) unreachable, sign-in, tokens and pages still answer normally."""

import socket

import pytest
from django.contrib import auth
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from tests.accounts.factories import PASSWORD
from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """Return a local port that nothing listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def unreachable_cache(settings):
    """The production cache configuration, pointed at a Redis that is not there."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "KEY_PREFIX": "pmportal",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True


def test_site_sign_in_works(candidate):
    """The site's login form signs a user in without the cache."""
    client = Client()

    response = client.post(
        reverse("account_login"), {"login": candidate.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert auth.get_user(client) == candidate


def test_failed_site_sign_in_is_a_form_error(candidate):
    """A wrong password re-shows the form without the cache (allauth's limits read it)."""
    response = Client().post(
        reverse("account_login"), {"login": candidate.email, "password": "wrong-password-1"}
    )

    assert response.status_code == 200


def test_admin_sign_in_works(staff_user):
    """The admin's login signs staff in without the cache."""
    client = Client()

    response = client.post(
        reverse("admin:login"),
        {"username": staff_user.email, "password": PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 302
    assert auth.get_user(client) == staff_user


def test_api_token_is_issued(candidate):
    """The token endpoint (throttled through the cache) still issues tokens."""
    response = APIClient().post(
        reverse("api-token"), {"email": candidate.email, "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["token"]


def test_sign_up_answers_a_clear_429_until_the_cache_is_back():
    """Sign-up sends e-mail under a limit counted in the cache: without it, it refuses
    clearly in the site's layout rather than failing or sending unlimited mail."""
    password = "roadmap-kite-4417"
    response = Client().post(
        reverse("account_signup"),
        {"email": "newcomer@example.com", "password1": password, "password2": password},
    )

    assert response.status_code == 429
    assert 'class="site-header"' in response.text
    assert not User.objects.filter(email="newcomer@example.com").exists()


def test_sitemap_is_served():
    """The sitemap, cached per page, is rendered afresh."""
    PostingFactory.create()

    response = Client().get(reverse("sitemap"))

    assert response.status_code == 200
    assert b"<sitemapindex" in response.content


def test_job_list_is_served():
    """The job board, cached for anonymous visitors, is read from the database."""
    posting = PostingFactory.create()

    response = Client().get(reverse("jobs:list"))

    assert response.status_code == 200
    assert posting.title in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/jobs/feed/rss/",
        "/salaries/",
        "/salaries/calculator/",
        "/careers/",
        "/careers/certifications/",
        "/robots.txt",
        "/api/v1/jobs/",
        "/api/v1/careers/paths/",
        "/accounts/login/",
        "/accounts/signup/",
    ],
)
def test_public_page_is_served(path):
    """Every public page answers without the cache, as it does with it."""
    PostingFactory.create()

    assert Client().get(path).status_code == 200
