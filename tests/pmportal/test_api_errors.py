"""Errors under /api/ answer JSON, as the schema documents, whatever raised them."""

from unittest import mock

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/no-such-endpoint/",
        "/api/v1/jobs/%F1%AF%BE%80/",
        "/api/v1/jobs/%00x/submit/",
        "/api/v1/careers/paths/na%0Ame/",
    ],
)
def test_an_api_address_that_matches_no_route_answers_json_404(client, path):
    """A path under /api/ that no route takes gets a JSON 404, not the site's HTML page."""
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_page_address_that_matches_no_route_keeps_the_sites_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_answers_json():
    """An unexpected exception in an API view answers 500 with a JSON detail."""
    client = Client(raise_request_exception=False)
    with mock.patch("jobs.api.views.PostingViewSet.list", side_effect=RuntimeError("boom")):
        response = client.get("/api/v1/jobs/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_server_error_on_a_page_keeps_the_sites_500_page():
    client = Client(raise_request_exception=False)
    with mock.patch("pmportal.views.render", side_effect=RuntimeError("boom")):
        response = client.get("/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
