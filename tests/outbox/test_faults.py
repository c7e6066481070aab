"""Faults on real services: Redis stops under a running site, a worker dies mid-delivery.

Each test starts a Redis of its own on a free port (never the shared one), a Celery worker
and, where pages are needed, gunicorn, all against the test database, and stops them all.
E-mails go to Django's file backend in a temporary folder, where the test reads them.
"""

import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
import requests
from celery import Celery
from django.conf import global_settings, settings
from django.db import connection
from django.urls import reverse

from jobs.domain import PostingStatus
from jobs.models import Application, JobPosting
from outbox.models import MessageStatus, OutboxMessage
from tests.accounts.factories import PASSWORD, UserFactory
from tests.jobs.factories import CompanyFactory, PostingFactory
from tests.jobs.test_applications_services import PDF_BYTES
from tests.jobs.test_posting_views import post_data
from tests.pmportal.conftest import (
    REPO_ROOT,
    production_environ,
    profile_free_environ,
    run_python,
)
from tests.pmportal.test_services import VENV_BIN, free_port, stop, wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

DEADLINE = 30
SUBJECT = re.compile(r"^Subject: (.*)$", re.MULTILINE)


class PrivateRedis:
    """A redis-server of this test's own, which the test may stop and start again."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.folder / "redis.log"
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        with log.open("a") as output:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT
            )
        wait_until(self.answers, self.process, log, "redis-server")

    def answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


@pytest.fixture
def private_redis(tmp_path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mail_folder(tmp_path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """Static files collected once for gunicorn, which serves them from their manifest."""
    root = tmp_path_factory.mktemp("staticfiles")
    env = {**production_environ(), "DJANGO_STATIC_ROOT": str(root)}
    collected = run_python(["manage.py", "collectstatic", "--noinput"], env, timeout=120)
    assert collected.returncode == 0, collected.stderr
    return root


@pytest.fixture
def child_env(private_redis, mail_folder, static_root, tmp_path) -> dict[str, str]:
    """Production environment for child processes: the test database, the private Redis."""
    database = connection.settings_dict["NAME"]
    database_url = urlsplit(settings.DATABASE_URL)._replace(path=f"/{database}").geturl()
    return {
        **profile_free_environ(),
        "DATABASE_URL": database_url,
        "REDIS_URL": private_redis.url,
        "EMAIL_URL": f"filemail:///{mail_folder}",
        "DJANGO_SECRET_KEY": "fault-tests-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }


@pytest.fixture
def broker(private_redis) -> Iterator[Celery]:
    """A Celery client of the private Redis, to send tasks, read results and ping workers."""
    # Not the current app: shared tasks elsewhere in the run must keep the portal's broker.
    app = Celery(
        "fault-tests", broker=private_redis.url, backend=private_redis.url, set_as_current=False
    )
    try:
        yield app
    finally:
        app.close()


@pytest.fixture
def start_worker(child_env, broker, tmp_path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start `celery worker` processes on the private Redis; each is stopped at the end."""
    workers: list[subprocess.Popen] = []

    def start(name: str, **env: str) -> subprocess.Popen:
        log = tmp_path / f"{name}.log"
        nodename = f"{name}@localhost"
        command = [str(VENV_BIN / "celery"), "-A", "pmportal", "worker", "--pool=solo"]
        command += ["-n", nodename, "--without-gossip", "--without-mingle", "--loglevel=INFO"]
        with log.open("w") as output:
            worker = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env={**child_env, **env},
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        workers.append(worker)
        wait_until(
            lambda: bool(broker.control.ping(destination=[nodename], timeout=1.0)),
            worker,
            log,
            f"celery worker {name}",
        )
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            stop(worker)


class Browser:
    """A signed-in or anonymous visitor of gunicorn behind a TLS-ending proxy."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.origin = f"https://127.0.0.1:{port}"
        self.session = requests.Session()

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        if method == "POST":
            kwargs["data"] = {**kwargs.get("data", {}), "csrfmiddlewaretoken": self.csrf()}
        # The site's cookies are Secure; the proxy in front would carry them over TLS.
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)
        headers = {"X-Forwarded-Proto": "https", "Cookie": cookies}
        if method == "POST":
            headers |= {"Origin": self.origin, "Referer": self.origin + path}
        return self.session.request(
            method,
            self.base + path,
            headers=headers,
            allow_redirects=False,
            timeout=DEADLINE,
            **kwargs,
        )

    def csrf(self) -> str:
        if "csrftoken" not in self.session.cookies:
            self.request("GET", reverse("account_login"))
        token = self.session.cookies.get("csrftoken")
        assert token, "the sign-in page set no CSRF cookie"
        return token

    def sign_in(self, email: str) -> requests.Response:
        return self.request(
            "POST", reverse("account_login"), data={"login": email, "password": PASSWORD}
        )


@pytest.fixture
def site_hashers(settings) -> None:
    """Hash passwords as the site does, so gunicorn can check the ones made here."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


@pytest.fixture
def site(child_env, site_hashers, tmp_path) -> Iterator[int]:
    """Serve the portal with gunicorn on the private Redis; yield its port."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    command = [str(VENV_BIN / "gunicorn"), "pmportal.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1", "--timeout", "30"]
    with log.open("w") as output:
        server = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=child_env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )

    def answers() -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{port}/healthz/", timeout=2).ok
        except requests.RequestException:
            return False

    try:
        wait_until(answers, server, log, "gunicorn")
        yield port
    finally:
        stop(server)


def sent_subjects(folder: Path) -> list[str]:
    return sorted(
        subject for path in folder.iterdir() for subject in SUBJECT.findall(path.read_text())
    )


def eventually(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    pytest.fail(f"{what} did not happen within {DEADLINE}s")


def test_the_site_keeps_working_while_redis_is_down_and_mails_follow(
    private_redis, site, start_worker, broker, mail_folder
):
    """Pages, sign-in and writes succeed with Redis stopped; every e-mail goes out after."""
    company = CompanyFactory.create()
    recruiter = UserFactory.create(email="rosa@example.com", role="recruiter")
    company.recruiters.add(recruiter)
    UserFactory.create(email="ada@example.com", is_staff=True)
    candidate = UserFactory.create(email="casey@example.com")
    live = PostingFactory.create(company=company, created_by=recruiter)
    start_worker("mailer")
    # Signing in needs Redis for its rate limits (see the test below); sessions do not.
    as_recruiter, as_candidate = Browser(site), Browser(site)
    assert as_recruiter.sign_in(recruiter.email).status_code == 302
    assert as_candidate.sign_in(candidate.email).status_code == 302

    private_redis.stop()
    visitor = Browser(site)
    for path in ["/", "/jobs/", live.get_absolute_url(), "/salaries/", "/careers/"]:
        assert visitor.request("GET", path).status_code == 200, path
    assert as_recruiter.request("GET", reverse("jobs:dashboard")).status_code == 200
    posted = as_recruiter.request(
        "POST", reverse("jobs:post"), data={**post_data(company), "submit": "1"}
    )
    assert posted.status_code == 302
    applied = as_candidate.request(
        "POST",
        reverse("jobs:apply", args=[live.slug]),
        data={"cover_note": "I ran onboarding at a fintech."},
        files={"resume": ("resume.pdf", PDF_BYTES, "application/pdf")},
    )
    assert applied.status_code == 302
    assert JobPosting.objects.filter(status=PostingStatus.PENDING).count() == 1
    assert Application.objects.filter(candidate=candidate).count() == 1
    assert OutboxMessage.objects.filter(status=MessageStatus.PENDING).count() == 2
    assert sent_subjects(mail_folder) == []

    private_redis.start()
    assert broker.send_task("outbox.tasks.drain_outbox").get(timeout=DEADLINE) == 2
    assert not OutboxMessage.objects.exclude(status=MessageStatus.SENT).exists()
    assert sent_subjects(mail_folder) == [
        f"New application for {live.title}",
        "New posting to review: Product Manager, Onboarding",
    ]


def test_signing_in_works_while_redis_is_down(private_redis, site):
    """A visitor can sign in while Redis is stopped."""
    user = UserFactory.create(email="rosa@example.com")
    visitor = Browser(site)
    visitor.csrf()
    private_redis.stop()
    assert visitor.sign_in(user.email).status_code == 302


class SilentMailServer:
    """Accepts SMTP connections and never answers, so a sender hangs mid-delivery."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connected = threading.Event()
        self.connections: list[socket.socket] = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        try:
            while True:
                conn, _ = self.listener.accept()
                self.connections.append(conn)
                self.connected.set()
        except OSError:
            return

    def close(self) -> None:
        for conn in self.connections:
            conn.close()
        self.listener.close()


@pytest.fixture
def silent_mail_server() -> Iterator[SilentMailServer]:
    server = SilentMailServer()
    try:
        yield server
    finally:
        server.close()


def test_a_worker_killed_mid_delivery_is_replaced_and_mails_once(
    start_worker, broker, mail_folder, silent_mail_server
):
    """SIGKILL while sending: the task is handed out again and the e-mail goes out once."""
    company = CompanyFactory.create()
    recruiter = UserFactory.create(email="rosa@example.com", role="recruiter")
    company.recruiters.add(recruiter)
    posting = PostingFactory.create(company=company, created_by=recruiter)
    message = OutboxMessage.objects.create(
        handler="jobs.notifications.posting_email_send",
        kwargs={"posting_id": posting.pk, "kind": "approved"},
    )
    # Unacknowledged tasks are handed out again after a few seconds instead of an hour.
    visibility_seconds = 3
    quick = {"CELERY_VISIBILITY_TIMEOUT_SECONDS": str(visibility_seconds)}
    hanging = start_worker(
        "hanging", EMAIL_URL=f"smtp://127.0.0.1:{silent_mail_server.port}", **quick
    )
    broker.send_task("outbox.tasks.deliver_message", args=[message.pk])
    assert silent_mail_server.connected.wait(DEADLINE), "the worker never started sending"

    hanging.send_signal(signal.SIGKILL)
    hanging.wait(DEADLINE)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 0)

    # A worker hands out overdue tasks as it starts, then only every hundred seconds or so
    # (the Redis transport's sweep): start the replacement once the task is overdue.
    time.sleep(visibility_seconds + 1)
    start_worker("replacement", **quick)
    eventually(
        lambda: OutboxMessage.objects.get(pk=message.pk).status == MessageStatus.SENT,
        "delivering the task again",
    )
    again = broker.send_task("outbox.tasks.deliver_message", args=[message.pk])
    assert again.get(timeout=DEADLINE) is False
    assert broker.send_task("outbox.tasks.drain_outbox").get(timeout=DEADLINE) == 0
    assert sent_subjects(mail_folder) == [f"Your posting is live: {posting.title}"]
    message.refresh_from_db()
    assert message.attempts == 1
