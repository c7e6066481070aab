"""Every API endpoint answers a JSON body nested too deeply to read with 400, never 500."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

# Deeper than Python's recursion limit, so the standard decoder gives up.
TOO_DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "signed_in"),
    [
        ("api-token", False),
        ("api-skill-gap", False),
        ("api-jobs-list", True),
    ],
)
def test_a_body_nested_too_deeply_answers_400(route, signed_in, recruiter):
    """A POST whose JSON nests past the decoder's limit gets a 400 naming the problem."""
    client = APIClient()
    if signed_in:
        client.force_authenticate(recruiter)
    response = client.post(reverse(route), TOO_DEEP, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]
