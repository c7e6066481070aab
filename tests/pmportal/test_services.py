"""The production topology on real services: PostgreSQL, Redis, a Celery worker, gunicorn.

Every child process here runs against the test database pytest-django created, is given
a bounded time to come up and is always stopped before the module ends.
"""

import http.client
import json
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest
import redis
from celery.result import EagerResult
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_redis.cache import RedisCache
from PIL import Image

from accounts.models import User
from accounts.tasks import purge_unverified_accounts
from pmportal.celery import app as celery_app
from tests.accounts.factories import UserFactory
from tests.jobs.factories import PostingFactory
from tests.pmportal.conftest import REPO_ROOT, profile_free_environ, run_python

pytestmark = pytest.mark.services

VENV_BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = 60
TASK_TIMEOUT = 30
SHUTDOWN_TIMEOUT = 15
ONE_YEAR = 60 * 60 * 24 * 365


@pytest.fixture(scope="session", autouse=True)
def services_are_up():
    """Fail, never skip, when the run asked for services that are not there."""
    if connection.vendor != "postgresql":
        pytest.fail(
            f"Service tests need PostgreSQL but the database is {connection.vendor}: "
            "set DATABASE_URL=postgres://... (PMPORTAL_REQUIRE_SERVICES=1 is set)."
        )
    if not settings.REDIS_URL:
        pytest.fail(
            "Service tests need Redis: set REDIS_URL=redis://... (PMPORTAL_REQUIRE_SERVICES=1)."
        )
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        where = urlsplit(settings.REDIS_URL)
        pytest.fail(f"Redis at {where.hostname}:{where.port} does not answer PING: {exc}")


@pytest.fixture(scope="module")
def service_env(django_db_setup) -> dict[str, str]:
    """Production environment for child processes, pointed at this run's test database."""
    test_database = connection.settings_dict["NAME"]
    database_url = urlsplit(settings.DATABASE_URL)._replace(path=f"/{test_database}").geturl()
    return {
        **profile_free_environ(),
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    }


def stop(process: subprocess.Popen) -> None:
    """Ask the process to shut down, and kill it if it has not within the timeout."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=SHUTDOWN_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=SHUTDOWN_TIMEOUT)


def wait_until(ready, process: subprocess.Popen, log: Path, what: str) -> None:
    """Poll ``ready()`` until it is true; fail with the process's log if it dies or stalls."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}:\n{log.read_text()}")
        if ready():
            return
        time.sleep(0.3)
    pytest.fail(f"{what} was not ready after {STARTUP_TIMEOUT}s:\n{log.read_text()}")


# --- Celery -----------------------------------------------------------------


@pytest.fixture(scope="module")
def worker_queue(service_env, tmp_path_factory):
    """Start a real `celery worker` consuming a queue of its own; yield that queue's name."""
    queue = f"pmportal-test-{uuid.uuid4().hex}"
    nodename = f"{queue}@localhost"
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    command = [
        str(VENV_BIN / "celery"),
        "-A",
        "pmportal",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-Q",
        queue,
        "-n",
        nodename,
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
    ]
    with log.open("w") as output:
        worker = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=service_env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(
            lambda: bool(celery_app.control.ping(destination=[nodename], timeout=1.0)),
            worker,
            log,
            "celery worker",
        )
        yield queue
    finally:
        stop(worker)


def test_tasks_are_not_eager_when_redis_is_configured():
    """With REDIS_URL set, tasks go through the broker instead of running inline."""
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert celery_app.conf.task_always_eager is False


def test_worker_process_purges_stale_unverified_accounts(transactional_db, worker_queue):
    """A task sent to the broker runs in the worker against the same database and returns."""
    stale = UserFactory.create(verified=False)
    verified = UserFactory.create()
    long_ago = timezone.now() - settings.ACCOUNTS_UNVERIFIED_TTL - timedelta(days=1)
    User.objects.filter(pk__in=[stale.pk, verified.pk]).update(date_joined=long_ago)

    result = purge_unverified_accounts.apply_async(queue=worker_queue)

    assert not isinstance(result, EagerResult)
    assert result.get(timeout=TASK_TIMEOUT) == 1
    assert not User.objects.filter(pk=stale.pk).exists()
    assert User.objects.filter(pk=verified.pk).exists()


# --- Cache --------------------------------------------------------------------


def test_cache_is_redis():
    """The Django cache is django-redis, and what it stores is really in Redis."""
    key = f"services-check-{uuid.uuid4().hex}"
    cache.set(key, {"answer": 42}, timeout=60)

    assert isinstance(caches["default"], RedisCache)
    assert cache.get(key) == {"answer": 42}
    assert redis.Redis.from_url(settings.REDIS_URL).exists(cache.make_key(key)) == 1


# --- gunicorn + whitenoise ----------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Reply(NamedTuple):
    status: int
    headers: http.client.HTTPMessage
    body: str


class Site:
    """A running portal under gunicorn, and the static root it serves."""

    def __init__(self, port: int, static_root: Path, media_root: Path):
        self.port = port
        self.static_root = static_root
        self.media_root = media_root

    def get(self, path: str, *, https: bool = True) -> Reply:
        """GET ``path``; ``https`` says the TLS proxy in front forwarded the request."""
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            headers = {"X-Forwarded-Proto": "https"} if https else {}
            client.request("GET", path, headers=headers)
            response = client.getresponse()
            return Reply(
                response.status, response.headers, response.read().decode(errors="replace")
            )
        finally:
            client.close()


@pytest.fixture(scope="module")
def site(service_env, tmp_path_factory):
    """Collect static files, then serve the portal with gunicorn as production does."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    media_root = tmp_path_factory.mktemp("media")
    env = {
        **service_env,
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_MEDIA_ROOT": str(media_root),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    collected = run_python(["manage.py", "collectstatic", "--noinput"], env, timeout=120)
    assert collected.returncode == 0, collected.stderr

    port = free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    command = [
        str(VENV_BIN / "gunicorn"),
        "pmportal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--timeout",
        "30",
    ]
    with log.open("w") as output:
        server = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    running = Site(port, static_root, media_root)

    def answers() -> bool:
        try:
            return running.get("/healthz/").status == 200
        except OSError:
            return False

    try:
        wait_until(answers, server, log, "gunicorn")
        yield running
    finally:
        stop(server)


def test_health_check_answers_over_plain_http(site):
    """/healthz/ answers 200 without TLS so a load balancer can probe gunicorn directly."""
    response = site.get("/healthz/", https=False)
    assert response.status == 200
    assert json.loads(response.body) == {"status": "ok"}


def test_plain_http_pages_redirect_to_https(site):
    """A page requested over plain HTTP is permanently redirected to its HTTPS address."""
    response = site.get("/", https=False)
    assert response.status == 301
    location = urlsplit(response.headers["Location"])
    assert (location.scheme, location.hostname, location.path) == ("https", "127.0.0.1", "/")


def test_home_page_is_served_with_security_headers(site):
    """The home page carries HSTS, a nonce-based CSP, nosniff and a frame ban."""
    response = site.get("/")
    assert response.status == 200
    assert response.headers["Strict-Transport-Security"] == (
        f"max-age={ONE_YEAR}; includeSubDomains; preload"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    assert nonce is not None
    assert f'nonce="{nonce.group(1)}"' in response.body


def test_hashed_static_file_is_served_with_a_long_cache_lifetime(site):
    """whitenoise serves the content-hashed stylesheet from the manifest, cacheable for a year."""
    manifest = json.loads((site.static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css"

    response = site.get(f"{settings.STATIC_URL}{hashed}")

    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/css")
    cache_control = response.headers["Cache-Control"]
    assert "immutable" in cache_control
    max_age = re.search(r"max-age=(\d+)", cache_control)
    assert max_age is not None
    assert int(max_age.group(1)) >= ONE_YEAR


def test_a_logo_uploaded_after_start_up_is_served(site):
    """gunicorn serves a logo stored after it started, as an image that is never sniffed."""
    logo = site.media_root / "company-logos" / f"{uuid.uuid4().hex}.png"
    logo.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), "navy").save(logo, "PNG")

    response = site.get(f"{settings.MEDIA_URL}company-logos/{logo.name}")

    assert response.status == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=86400" in response.headers["Cache-Control"]


def test_files_outside_the_logo_folder_are_not_served(site):
    """Only logos are public: another upload under MEDIA_ROOT answers 404 under gunicorn."""
    other = site.media_root / "resumes" / "cv.pdf"
    other.parent.mkdir(parents=True, exist_ok=True)
    other.write_bytes(b"%PDF-1.7 private")

    assert site.get(f"{settings.MEDIA_URL}resumes/cv.pdf").status == 404


def test_a_posting_page_is_served_when_redis_is_unreachable(db, client):
    """With the cache's Redis gone the page still answers; only the view goes uncounted."""
    posting = PostingFactory.create()
    unreachable = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }

    # Only for the request: the suite's own fixtures clear the real cache afterwards.
    with override_settings(CACHES=unreachable):
        response = client.get(
            posting.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 Firefox/128.0"
        )

    assert response.status_code == 200
    posting.refresh_from_db()
    assert posting.views == 0
