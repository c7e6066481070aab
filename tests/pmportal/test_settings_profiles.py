"""The environment alone chooses the runtime profile: embedded by default, production by URL."""

import json

import pytest

from tests.pmportal.conftest import (
    PRODUCTION_REDIS_URL,
    production_environ,
    profile_free_environ,
    run_python,
)

# Loads the settings in a fresh interpreter and prints what the profile chose.
PROBE = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmportal.settings")
import django
django.setup()
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_options": settings.DATABASES["default"].get("OPTIONS", {}),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "broker": settings.CELERY_BROKER_URL,
    "result_backend": settings.CELERY_RESULT_BACKEND,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "email_backend": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", None),
    "email_port": getattr(settings, "EMAIL_PORT", None),
    "email_tls": getattr(settings, "EMAIL_USE_TLS", None),
    "hsts_seconds": settings.SECURE_HSTS_SECONDS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"],
    "api_proxies": settings.REST_FRAMEWORK["NUM_PROXIES"],
    "message_quiet_seconds": settings.MESSAGING_EMAIL_QUIET_SECONDS,
}))
"""


def load_profile(env: dict[str, str]) -> dict:
    result = run_python(["-c", PROBE], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# Each profile is loaded once per module: starting an interpreter is the slow part.
@pytest.fixture(scope="module")
def embedded() -> dict:
    return load_profile(profile_free_environ())


@pytest.fixture(scope="module")
def production() -> dict:
    return load_profile(production_environ())


def test_embedded_profile_uses_sqlite(embedded):
    """With no environment variables the database is the SQLite file."""
    assert embedded["engine"] == "django.db.backends.sqlite3"


def test_embedded_profile_runs_tasks_inline(embedded):
    """With no broker configured, Celery tasks run eagerly in the calling process."""
    assert embedded["eager"] is True
    assert embedded["broker"] is None


def test_message_emails_wait_for_quiet_only_where_a_worker_can_wait(embedded, production):
    """Inline tasks cannot wait out a quiet period, so the embedded profile mails each message
    at once; with a broker, a thread's messages are batched after ten quiet minutes."""
    assert embedded["message_quiet_seconds"] == 0
    assert production["message_quiet_seconds"] == 600


def test_embedded_profile_caches_in_local_memory(embedded):
    """With no REDIS_URL the cache is the per-process local-memory cache."""
    assert embedded["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_embedded_profile_prints_mail_to_the_console(embedded):
    """With no EMAIL_URL outgoing mail is written to the console, never sent."""
    assert embedded["email_backend"] == "django.core.mail.backends.console.EmailBackend"


def test_embedded_profile_has_debug_on(embedded):
    """The laptop profile shows debug pages and serves unhashed static files."""
    assert embedded["debug"] is True
    assert embedded["staticfiles"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_production_profile_uses_postgresql(production):
    """DATABASE_URL with a postgres scheme selects the PostgreSQL backend."""
    assert production["engine"] == "django.db.backends.postgresql"


def test_production_profile_turns_postgresql_jit_off(production):
    """Page queries are too short for PostgreSQL's JIT compiler to pay for itself."""
    assert "-c jit=off" in production["db_options"]["options"]


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_production_profile_caches_in_redis(production):
    """REDIS_URL makes django-redis the cache, pointed at that URL."""
    assert production["cache"] == "django_redis.cache.RedisCache"
    assert production["cache_location"] == PRODUCTION_REDIS_URL


def test_production_profile_sends_tasks_to_the_redis_broker(production):
    """REDIS_URL is Celery's broker and result backend, and tasks are no longer eager."""
    assert production["broker"] == PRODUCTION_REDIS_URL
    assert production["result_backend"] == PRODUCTION_REDIS_URL
    assert production["eager"] is False


def test_production_profile_has_debug_off(production):
    """Setting DATABASE_URL turns DEBUG off unless DJANGO_DEBUG says otherwise."""
    assert production["debug"] is False


def test_production_profile_enforces_https(production):
    """Production sends HSTS for a year, redirects to HTTPS and marks cookies secure."""
    assert production["hsts_seconds"] >= 60 * 60 * 24 * 365
    assert production["ssl_redirect"] is True
    assert production["session_cookie_secure"] is True
    assert production["csrf_cookie_secure"] is True


def test_client_addresses_trust_no_forwarded_for_header_by_default(production):
    """Throttles, the lockout and sign-up limits (one rule, DRF's) use the connecting
    address unless proxies are declared."""
    assert production["api_proxies"] == 0


def test_trusted_proxy_count_reaches_the_client_address_rule():
    """DJANGO_TRUSTED_PROXY_COUNT tells the one client-address rule where the client's address
    is in the header."""
    behind_two = load_profile({**production_environ(), "DJANGO_TRUSTED_PROXY_COUNT": "2"})
    assert behind_two["api_proxies"] == 2


def test_production_profile_serves_hashed_compressed_static_files(production):
    """Production stores static files under content hashes for whitenoise to serve."""
    assert production["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_production_profile_sends_mail_through_the_smtp_server_from_email_url(production_env):
    """EMAIL_URL configures the SMTP backend with its host, port and TLS."""
    production_env["EMAIL_URL"] = "smtp+tls://mailer:secret@smtp.example.com:587"
    profile = load_profile(production_env)
    assert profile["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (profile["email_host"], profile["email_port"], profile["email_tls"]) == (
        "smtp.example.com",
        587,
        True,
    )


def test_production_profile_refuses_to_start_without_a_secret_key(production_env):
    """DATABASE_URL without DJANGO_SECRET_KEY stops start-up with a message naming the key."""
    del production_env["DJANGO_SECRET_KEY"]
    result = run_python(["-c", PROBE], production_env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_off_without_a_secret_key_refuses_to_start(clean_env):
    """DJANGO_DEBUG=0 on the embedded database still needs a real secret key."""
    clean_env["DJANGO_DEBUG"] = "0"
    result = run_python(["-c", PROBE], clean_env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
