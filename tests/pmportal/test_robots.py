"""robots.txt: what crawlers may visit and where the sitemap is."""

import pytest

pytestmark = pytest.mark.django_db


def robots_lines(client) -> list[str]:
    return client.get("/robots.txt").content.decode().splitlines()


def test_robots_txt_is_plain_text(client):
    """robots.txt answers 200 as text/plain."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_robots_txt_allows_the_site_to_every_crawler(client):
    """Every user agent may crawl the public site."""
    lines = robots_lines(client)
    assert lines[0] == "User-agent: *"
    assert "Allow: /" in lines
    assert "Disallow: /" not in lines


@pytest.mark.parametrize("path", ["/admin/", "/accounts/", "/api/", "/jobs/dashboard/"])
def test_robots_txt_disallows_private_areas(client, path):
    """Admin, accounts, the API and the recruiter dashboard are off limits."""
    assert f"Disallow: {path}" in robots_lines(client)


def test_robots_txt_points_to_the_sitemap_with_an_absolute_url(client):
    """The Sitemap line is an absolute URL on the requested host."""
    lines = robots_lines(client)
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    response = client.get("/robots.txt", headers={"host": "127.0.0.1"})
    assert "Sitemap: http://127.0.0.1/sitemap.xml" in response.content.decode()
