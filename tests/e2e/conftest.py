"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Without /usr/bin/chromium the browser tests skip, except in CI or a service run
(CI=true or PMPORTAL_REQUIRE_SERVICES=1), where a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest
from django.test.utils import override_settings
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an asyncio loop running in this thread, and Django refuses ORM
# calls from a thread with a running loop. The ORM calls made here (factories, the database
# flush after each test) never overlap with the browser's work, so the check is switched off.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
BROWSER_REQUIRED = (
    os.environ.get("CI") == "true" or os.environ.get("PMPORTAL_REQUIRE_SERVICES") == "1"
)
# Every wait in these tests is bounded: a page on the local live server answers in well under this.
TIMEOUT_MS = 5_000
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing; install it with `apt-get install -y chromium`"
        if BROWSER_REQUIRED:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=30_000
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _no_https_redirect():
    """The live server speaks plain HTTP. Django's security middleware reads the HTTPS redirect
    setting once, when the server starts, so it goes off before the server starts."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(scope="session")
def live_server(_no_https_redirect, live_server):
    """pytest-django's live server, started without the production profile's HTTPS redirect."""
    return live_server


@pytest.fixture
def _plain_http_cookies(settings):
    """Over plain HTTP the production profile's secure-only cookies would never come back;
    tests/pmportal/test_settings_profiles.py checks that production sets them."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors of every tab opened by ``open_page`` in this test, in order."""
    return []


@pytest.fixture
def open_page(browser, live_server, console_errors, _plain_http_cookies):
    """Return a function that opens a path of the live site in a fresh browser tab."""
    contexts = []

    def record(message):
        if message.type == "error":
            console_errors.append(message.text)

    def open_(path: str, viewport: dict[str, int] = DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", record)
        tab.goto(path, wait_until="load")
        return tab

    yield open_
    for context in contexts:
        context.close()
