"""Security headers and the Content Security Policy every page keeps to."""

import base64
import hashlib
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

# Script types a browser never executes, so the CSP does not apply to them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
BAD_PROFILE = {
    "years_of_experience": "-5",
    "links-TOTAL_FORMS": "0",
    "links-INITIAL_FORMS": "0",
    "links-MIN_NUM_FORMS": "0",
    "links-MAX_NUM_FORMS": "5",
}
# Each page as it first shows and after a submit with errors: (URL name, POST data, signed in).
PAGES = {
    "home": ("home", None, False),
    "login": ("account_login", None, False),
    "login-errors": ("account_login", {"login": "nobody@example.com", "password": "x"}, False),
    "signup": ("account_signup", None, False),
    "signup-errors": ("account_signup", {"email": "not-an-email", "password1": "1"}, False),
    "profile": ("accounts:profile", None, True),
    "profile-errors": ("accounts:profile", BAD_PROFILE, True),
}


class InlineCode(HTMLParser):
    """Record the page's scripts, style blocks, style attributes and inline event handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.styles: list[str] = []
        self.style_attributes: list[str] = []
        self.handlers: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.style_attributes.append(tag)
        self.handlers += [f"{tag} {name}" for name in attributes if name.startswith("on")]
        if tag == "script":
            self.scripts.append(attributes)
        elif tag == "style":
            self._in_style = True
            self.styles.append("")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles[-1] += data


def policy(response) -> dict[str, list[str]]:
    """Return the response's CSP as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def header_nonce(response) -> str:
    nonces = [
        source.removeprefix("'nonce-").removesuffix("'")
        for source in policy(response)["script-src"]
        if source.startswith("'nonce-")
    ]
    assert len(nonces) == 1
    return nonces[0]


def parse(response) -> InlineCode:
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture(params=PAGES)
def page(request, client, candidate):
    """A rendered page from PAGES; error states must actually show their errors."""
    url_name, data, signed_in = PAGES[request.param]
    if signed_in:
        client.force_login(candidate)
    if data is None:
        response = client.get(reverse(url_name))
        assert response.status_code == 200
    else:
        response = client.post(reverse(url_name), data)
        assert response.status_code in {200, 400}
        assert 'class="errorlist' in response.content.decode()
    return response


def test_csp_allows_scripts_only_from_the_site_and_the_nonce(client, db):
    """script-src is 'self' plus one fresh nonce; styles come from the site's files only."""
    response = client.get(reverse("home"))
    directives = policy(response)
    nonce = header_nonce(response)
    assert directives["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


def test_each_response_gets_a_new_nonce(client, db):
    """Two requests never share a nonce, or an injected script could reuse it."""
    first = header_nonce(client.get(reverse("home")))
    second = header_nonce(client.get(reverse("home")))
    assert first != second


def test_htmx_script_carries_the_header_nonce(client, db):
    """The htmx <script> tag's nonce is the one the CSP header names."""
    response = client.get(reverse("home"))
    scripts = parse(response).scripts
    htmx = [script for script in scripts if "htmx" in (script.get("src") or "")]
    assert htmx
    assert {script.get("nonce") for script in htmx} == {header_nonce(response)}


def test_page_has_no_script_the_policy_would_block(page):
    """Inline scripts carry the header's nonce; script files come from this site."""
    nonce = header_nonce(page)
    scripts = parse(page).scripts
    assert scripts
    for script in scripts:
        if script.get("type") in DATA_SCRIPT_TYPES:
            continue
        src = script.get("src")
        if src:
            assert src.startswith("/") and not src.startswith("//"), src
        else:
            assert script.get("nonce") == nonce, script


def test_page_has_no_inline_styles_or_handlers(page):
    """No style attributes, <style> blocks or on* handlers: the policy would block them all."""
    found = parse(page)
    assert found.style_attributes == []
    assert found.styles == []
    assert found.handlers == []


def test_api_docs_allow_only_their_own_inline_style(client, db):
    """Swagger UI's one inline <style> is allowed by its exact hash, and nothing else is."""
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    styles = parse(response).styles
    assert styles
    digests = [base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() for css in styles]
    hashes = {f"'sha256-{digest}'" for digest in digests}
    assert policy(response)["style-src"] == ["'self'", *sorted(hashes)]


def test_frames_are_denied(client, db):
    """X-Frame-Options: DENY keeps the portal out of other sites' frames."""
    assert client.get(reverse("home"))["X-Frame-Options"] == "DENY"


def test_content_types_are_not_sniffed(client, db):
    """X-Content-Type-Options: nosniff stops browsers guessing a file's type."""
    assert client.get(reverse("home"))["X-Content-Type-Options"] == "nosniff"


def test_referrer_policy_keeps_paths_on_the_site(client, db):
    """Other sites get at most our origin as the referrer, never a page's path or query."""
    assert client.get(reverse("home"))["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.skipif(
    not settings.EMBEDDED,
    reason="the production profile sends HSTS; tests/pmportal/test_services.py checks it",
)
def test_embedded_profile_sends_no_hsts(client, db):
    """The laptop profile never pins browsers to HTTPS, even on a request that arrived over TLS."""
    response = client.get(reverse("home"), secure=True)
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
