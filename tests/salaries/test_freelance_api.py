"""GET /api/v1/salaries/freelance/: one cell, breakdowns, reasons, errors, schema."""

import pytest

pytestmark = pytest.mark.django_db


def test_api_answers_one_cell(client, rates):
    """Without parameters: the busiest cell, figures in minor units, all categories/skills."""
    response = client.get("/api/v1/salaries/freelance/")
    assert response.status_code == 200
    body = response.json()
    assert (body["rate_type"], body["currency"], body["category"], body["skill"]) == (
        "hourly",
        "GBP",
        None,
        None,
    )
    assert (body["n"], body["p50"], body["published"]) == (9, 10_000, True)


def test_api_filters_and_group_by(client, rates):
    """A skill's cell by slug; group_by lists each category, thin ones with null figures."""
    body = client.get("/api/v1/salaries/freelance/?skill=sql&category=discovery").json()
    assert (body["skill"], body["n"]) == ("sql", 6)
    listed = client.get("/api/v1/salaries/freelance/?group_by=category").json()
    assert [(c["category"], c["n"], c["p50"]) for c in listed["results"]] == [
        ("discovery", 6, 8_500),
        ("analytics", 3, None),
    ]


def test_api_thin_and_missing_cells_answer_404_with_a_reason(client, rates):
    """Two EUR proposals: 404 'thin' with n; no fixed prices at all: 404 'missing'."""
    thin = client.get("/api/v1/salaries/freelance/?currency=EUR")
    assert thin.status_code == 404
    assert (thin.json()["reason"], thin.json()["n"]) == ("thin", 2)
    missing = client.get("/api/v1/salaries/freelance/?rate_type=fixed")
    assert (missing.status_code, missing.json()["reason"]) == (404, "missing")


def test_api_before_any_refresh_says_so(client):
    """No refresh yet: 404 'not_refreshed'."""
    response = client.get("/api/v1/salaries/freelance/")
    assert (response.status_code, response.json()["reason"]) == (404, "not_refreshed")


def test_api_rejects_unknown_parameters_and_values(client, rates):
    """Typos answer 400 with every field's error at once."""
    response = client.get("/api/v1/salaries/freelance/?skil=sql&category=cooking&currency=XX")
    assert response.status_code == 400
    assert {"skil", "category", "currency"} <= set(response.json())


def test_api_is_in_the_openapi_schema(client):
    """The schema documents the endpoint and its parameters."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/salaries/freelance/" in schema
    assert "FreelanceRateResult" in schema
