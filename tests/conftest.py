"""Fixtures shared by the whole suite: users of each role, isolation, the service switch."""

import os

import pytest
from celery.result import allow_join_result
from django.core.cache import cache

from pmportal.celery import app as celery_app
from tests.accounts.factories import UserFactory
from tests.jobs.factories import CompanyFactory

REQUIRE_SERVICES = os.environ.get("PMPORTAL_REQUIRE_SERVICES") == "1"
SERVICES_SKIP_REASON = (
    "needs PostgreSQL, Redis and a Celery worker: "
    "set DATABASE_URL, REDIS_URL and PMPORTAL_REQUIRE_SERVICES=1"
)


def pytest_collection_modifyitems(config, items):
    """Skip service-backed tests unless the run asks for services; then they must run."""
    if REQUIRE_SERVICES:
        return
    skip = pytest.mark.skip(reason=SERVICES_SKIP_REASON)
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Give every test its own upload folder, a cold cache and a fast password hasher.

    In the production profile the test client speaks plain HTTP and static files are
    not collected, so HTTPS redirects and the manifest storage are switched off here;
    tests/pmportal/test_services.py checks both under gunicorn.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    _clear_cache()
    yield
    _clear_cache()


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    """Run Celery tasks inline, except in service tests that talk to a real worker.

    Those wait on the worker's results. Celery refuses that inside a task through a flag
    kept per process, not per thread: each eager task saves and restores it, so two run
    on two threads at once (a live server's requests, ingestion's writer threads) can
    leave it set. This process is never a worker, so waiting is allowed.
    """
    if request.node.get_closest_marker("services"):
        with allow_join_result():
            yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def _clear_cache():
    """Empty the portal's cache; on Redis only its own keys, never the Celery broker's."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture
def candidate(db):
    return UserFactory.create(email="casey@example.com")


@pytest.fixture
def company(db):
    return CompanyFactory.create()


@pytest.fixture
def other_company(db):
    return CompanyFactory.create()


@pytest.fixture
def recruiter(db, company):
    user = UserFactory.create(email="rosa@example.com", role="recruiter")
    company.recruiters.add(user)
    return user


@pytest.fixture
def other_recruiter(db, other_company):
    user = UserFactory.create(email="raj@example.com", role="recruiter")
    other_company.recruiters.add(user)
    return user


@pytest.fixture
def staff_user(db):
    return UserFactory.create(email="ada@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def broker_down(monkeypatch):
    """Make every task publish fail as it does when Redis, the broker, cannot be reached."""
    from celery.app.task import Task
    from kombu.exceptions import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", refuse)
