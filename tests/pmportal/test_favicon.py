"""/favicon.ico: browsers and crawlers that ask for it get the site icon."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_permanently_to_the_site_icon(client):
    """/favicon.ico answers 301 to the static SVG icon the pages link to."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("img/favicon.svg")


def test_the_icon_it_points_at_exists():
    """The redirect's target is a static file the site ships, not a dead link."""
    assert finders.find("img/favicon.svg") is not None
