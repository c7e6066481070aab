"""The site's frame: every page the home page links to answers, pages keep their landmarks,
labels and linked errors, and errors get the site's own pages."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from accounts.demo import DEMO_USERS
from accounts.models import User

ADMIN_URL = "/admin/"
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
# Pages built on the base layout, as a visitor or as the signed-in candidate sees them.
LAYOUT_PAGES = {
    "home": ("home", False),
    "login": ("account_login", False),
    "signup": ("account_signup", False),
    "password-reset": ("account_reset_password", False),
    "profile": ("accounts:profile", True),
    "e-mail": ("account_email", True),
    "password-change": ("account_change_password", True),
}


class FrameLinks(HTMLParser):
    """Collect the same-site hrefs of links in the page's header, footer and navigation."""

    FRAME_TAGS = {"header", "footer", "nav"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag in self.FRAME_TAGS:
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href") or ""
            parts = urlsplit(href)
            if not parts.scheme and not parts.netloc and parts.path.startswith("/"):
                self.hrefs.add(parts.path + (f"?{parts.query}" if parts.query else ""))

    def handle_endtag(self, tag):
        if tag in self.FRAME_TAGS:
            self.depth -= 1


class Outline(HTMLParser):
    """Record every element's tag and attributes, and the text inside each element with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_by_id: dict[str, str] = {}
        self._open_ids: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag not in VOID_TAGS:
            self._open_ids.append(attributes.get("id"))
            if attributes.get("id"):
                self.text_by_id[attributes["id"]] = ""

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS and self._open_ids:
            self._open_ids.pop()

    def handle_data(self, data):
        for element_id in filter(None, self._open_ids):
            self.text_by_id[element_id] += data

    def find(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [
            attributes
            for name, attributes in self.elements
            if name == tag and all(attributes.get(key) == value for key, value in wanted.items())
        ]


def outline(response) -> Outline:
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


def frame_links(client) -> set[str]:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    parser = FrameLinks()
    parser.feed(response.content.decode())
    return parser.hrefs


@pytest.fixture
def demo(db):
    call_command("seed_demo", allow_production=not settings.EMBEDDED)


def test_every_frame_link_answers_for_a_visitor(client, demo):
    """Signed out, each link in the home page's header, footer and navigation answers 200."""
    links = frame_links(client)
    assert reverse("account_login") in links
    assert ADMIN_URL not in links
    failures = {url: client.get(url).status_code for url in sorted(links)}
    assert {url: code for url, code in failures.items() if code != 200} == {}


@pytest.mark.parametrize("spec", DEMO_USERS, ids=[spec["email"] for spec in DEMO_USERS])
def test_every_frame_link_answers_for_each_demo_user(client, demo, spec):
    """Signed in as any demo user, each frame link answers 200; /admin/ only for staff."""
    user = User.objects.get(email=spec["email"])
    client.force_login(user)
    links = frame_links(client) | {ADMIN_URL}
    assert reverse("accounts:profile") in links
    codes = {url: client.get(url).status_code for url in sorted(links)}
    admin_code = codes.pop(ADMIN_URL)
    assert {url: code for url, code in codes.items() if code != 200} == {}
    assert admin_code == (200 if user.is_staff else 302)


def test_staff_see_the_admin_link_and_others_do_not(client, demo):
    """The header offers Admin to staff only, so the smoke test reaches /admin/ through it."""
    client.force_login(User.objects.get(email="admin@example.com"))
    assert ADMIN_URL in frame_links(client)
    client.force_login(User.objects.get(email="candidate@example.com"))
    assert ADMIN_URL not in frame_links(client)


@pytest.fixture(params=LAYOUT_PAGES)
def layout_page(request, client, candidate):
    url_name, signed_in = LAYOUT_PAGES[request.param]
    if signed_in:
        client.force_login(candidate)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return outline(response)


def test_page_has_one_h1_and_the_landmarks(layout_page):
    """Each page has exactly one h1, one main, a header, a footer and named navigation."""
    assert len(layout_page.find("h1")) == 1
    assert len(layout_page.find("main", id="main")) == 1
    assert len(layout_page.find("header")) == 1
    assert len(layout_page.find("footer")) == 1
    names = {nav.get("aria-label") for nav in layout_page.find("nav")}
    assert {"Main", "Account", "Footer"} <= names


def test_skip_link_comes_first_and_targets_a_focusable_main(layout_page):
    """The first link on the page skips to main, which accepts focus from a script or link."""
    first_link = layout_page.find("a")[0]
    assert first_link["href"] == "#main"
    assert layout_page.find("main", id="main")[0].get("tabindex") == "-1"


def test_every_field_has_a_label(layout_page):
    """Every visible input, select and textarea is named by a <label for> its id."""
    labelled = {label.get("for") for label in layout_page.find("label")}
    fields = [
        attributes
        for tag, attributes in layout_page.elements
        if tag in {"input", "select", "textarea"}
        and attributes.get("type") not in {"hidden", "submit", "button"}
    ]
    unlabelled = [field.get("name") for field in fields if field.get("id") not in labelled]
    assert unlabelled == []


def test_signup_errors_are_linked_to_their_fields(client, db):
    """After a bad sign-up, each invalid input is aria-invalid and described by its errors."""
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-email", "password1": "123", "password2": "456"},
    )
    page = outline(response)
    invalid = page.find("input", **{"aria-invalid": "true"})
    assert {field["name"] for field in invalid} >= {"email", "password1"}
    for field in invalid:
        described_by = (field["aria-describedby"] or "").split()
        assert f"{field['id']}_error" in described_by
        assert all(page.text_by_id.get(element_id, "").strip() for element_id in described_by)


def test_login_error_is_announced(client, db):
    """A failed sign-in shows its error once, above the form, in an alert region."""
    response = client.post(
        reverse("account_login"), {"login": "nobody@example.com", "password": "wrong-password"}
    )
    alerts = outline(response).find("div", role="alert")
    assert len(alerts) == 1
    assert "not correct" in response.content.decode()


def test_unknown_address_renders_the_site_404(client, db):
    """An unknown address answers 404 with the site's page, header and navigation included."""
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert "Page not found" in html
    assert 'aria-label="Main"' in html


def test_server_error_page_renders_without_a_request_context(db):
    """The 500 page renders from nothing but the template: no user, no context processors."""
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "<script" not in html


def test_home_page_describes_the_marketplace_it_has(client, db):
    """The home page names what contract work offers today and links to each part."""
    html = client.get(reverse("home")).content.decode()
    for claim in ("packaged offers", "weekly hours", "review each other"):
        assert claim in html
    for name in ("gigs:list", "offers:list"):
        assert f'href="{reverse(name)}"' in html
