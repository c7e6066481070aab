"""Helpers for tests that start the portal in a child process with a chosen environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# A PostgreSQL URL that settings only parse: nothing here connects to it.
PRODUCTION_DATABASE_URL = "postgres://pmportal@db.internal:5432/pmportal"
PRODUCTION_REDIS_URL = "redis://cache.internal:6379/0"


def profile_free_environ() -> dict[str, str]:
    """Return this process's environment without any variable that selects a profile."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL"} and not name.startswith("DJANGO_")
    }


def run_python(
    args: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the virtualenv's Python from the repository root with exactly ``env``."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def production_environ() -> dict[str, str]:
    """Return the environment a production deployment sets, with a fresh random secret key."""
    return {
        **profile_free_environ(),
        "DATABASE_URL": PRODUCTION_DATABASE_URL,
        "REDIS_URL": PRODUCTION_REDIS_URL,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "pmportal.example.com",
    }


@pytest.fixture
def clean_env() -> dict[str, str]:
    """The environment of a machine with nothing configured: the embedded profile."""
    return profile_free_environ()


@pytest.fixture
def production_env() -> dict[str, str]:
    return production_environ()
