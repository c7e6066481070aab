"""The hourly contract API: weeks, top-ups, approval with the Idempotency-Key, ending."""

import pytest
from rest_framework.test import APIClient

from gigs.models import LedgerTransaction, TransactionKind
from gigs.services import hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def hours_url(contract):
    return f"/api/v1/contracts/{contract.pk}/hours/"


def log_action(api, log, action, key=None, data=None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return api.post(f"/api/v1/hour-logs/{log.pk}/{action}/", data, format="json", headers=headers)


def test_the_whole_hourly_path_through_the_api(
    api, hourly_contract, client_user, freelancer, deposit, weeks_ago
):
    api.force_authenticate(freelancer)
    created = api.post(
        hours_url(hourly_contract),
        {"week": weeks_ago(1).isoformat(), "minutes": 450, "description": "Interviews"},
        format="json",
    )
    assert created.status_code == 201
    assert (created.json()["amount"], created.json()["fee"]) == (67_500, 11_313)
    api.force_authenticate(client_user)
    short = api.post(
        f"/api/v1/contracts/{hourly_contract.pk}/fund/",
        {"amount": 100_000},
        format="json",
        headers={"Idempotency-Key": "t1"},
    ).json()
    assert short["escrow_held"] == 0
    assert short["funding_request"]["reference"] in short["funding_request"]["instructions"]
    deposit(client_user, 100_000)
    funded = api.post(
        f"/api/v1/contracts/{hourly_contract.pk}/fund/",
        {"amount": 100_000},
        format="json",
        headers={"Idempotency-Key": "t2"},
    ).json()
    assert (funded["escrow_held"], funded["funding_request"]) == (100_000, None)
    log_id = created.json()["id"]
    log = hourly_contract.hour_logs.get(pk=log_id)
    first = log_action(api, log, "approve", key="a1")
    again = log_action(api, log, "approve", key="a1")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert first.json()["status"] == "approved"
    assert first.json()["freelancer_receives"] == 56_187
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1
    body = api.get(hours_url(hourly_contract)).json()
    assert body["escrow_held"] == 32_500
    assert [row["status"] for row in body["results"]] == ["approved"]


def test_approve_needs_a_key_and_enough_escrow(
    api, hourly_contract, client_user, freelancer, weeks_ago
):
    log = hours.hourlog_submit(
        contract=hourly_contract, user=freelancer, week=weeks_ago(1), minutes=60, description="x"
    )
    api.force_authenticate(client_user)
    assert "Idempotency-Key" in log_action(api, log, "approve").json()
    refused = log_action(api, log, "approve", key="k")
    assert refused.status_code == 400
    assert "add GBP 90 to approve" in str(refused.json())


def test_bad_logs_are_400_with_field_errors(api, hourly_contract, freelancer, weeks_ago):
    api.force_authenticate(freelancer)
    for data, field in (
        ({"week": weeks_ago(-1).isoformat(), "minutes": 60, "description": "x"}, "week"),
        ({"week": weeks_ago(1).isoformat(), "minutes": 0, "description": "x"}, "minutes"),
        ({"week": weeks_ago(1).isoformat(), "minutes": 60, "description": ""}, "description"),
        ({"week": "not a date", "minutes": 60, "description": "x"}, "week"),
    ):
        response = api.post(hours_url(hourly_contract), data, format="json")
        assert response.status_code == 400
        assert field in response.json()


def test_ownership_as_on_the_web(
    api, hourly_contract, client_user, freelancer, stranger, weeks_ago
):
    log = hours.hourlog_submit(
        contract=hourly_contract, user=freelancer, week=weeks_ago(1), minutes=60, description="x"
    )
    api.force_authenticate(stranger)
    assert api.get(hours_url(hourly_contract)).status_code == 404
    assert log_action(api, log, "approve", key="k").status_code == 404
    api.force_authenticate(freelancer)
    assert log_action(api, log, "approve", key="k").status_code == 403
    assert log_action(api, log, "reject", data={"reason": "x"}).status_code == 403
    api.force_authenticate(client_user)
    body = {"week": weeks_ago(2).isoformat(), "minutes": 60, "description": "x"}
    assert api.post(hours_url(hourly_contract), body, format="json").status_code == 403


def test_reject_then_dispute(api, hourly_contract, client_user, freelancer, weeks_ago):
    log = hours.hourlog_submit(
        contract=hourly_contract, user=freelancer, week=weeks_ago(1), minutes=60, description="x"
    )
    api.force_authenticate(client_user)
    assert log_action(api, log, "reject", data={}).status_code == 400
    rejected = log_action(api, log, "reject", data={"reason": "Not agreed"}).json()
    assert (rejected["status"], rejected["reason"]) == ("rejected", "Not agreed")
    api.force_authenticate(freelancer)
    assert log_action(api, log, "dispute").json()["status"] == "disputed"


def test_weekly_limit(api, hourly_contract, client_user, freelancer):
    url = f"/api/v1/contracts/{hourly_contract.pk}/weekly-limit/"
    api.force_authenticate(client_user)
    assert api.post(url, {"minutes": 600}, format="json").json() == {"minutes": 600}
    assert api.post(url, {"minutes": None}, format="json").json() == {"minutes": None}
    assert api.post(url, {"minutes": 20_000}, format="json").status_code == 400
    api.force_authenticate(freelancer)
    assert api.post(url, {"minutes": 600}, format="json").status_code == 403


def test_end_through_the_api(api, contract, client_user, stranger):
    url = f"/api/v1/contracts/{contract.pk}/end/"
    api.force_authenticate(stranger)
    assert api.post(url, headers={"Idempotency-Key": "e"}).status_code == 404
    api.force_authenticate(client_user)
    assert api.post(url).status_code == 400  # no key
    ended = api.post(url, headers={"Idempotency-Key": "e"})
    assert ended.status_code == 200
    assert ended.json()["status"] == "cancelled"
    assert ended.json()["ended_at"] is not None
    again = api.post(url, headers={"Idempotency-Key": "e"})
    assert again.json()["status"] == "cancelled"
    assert api.post(url, headers={"Idempotency-Key": "other"}).status_code == 400


def test_the_schema_lists_the_hourly_operations(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/contracts/{id}/hours/"])
    for path in (
        "/api/v1/contracts/{id}/fund/",
        "/api/v1/contracts/{id}/end/",
        "/api/v1/contracts/{id}/weekly-limit/",
        "/api/v1/hour-logs/{id}/approve/",
        "/api/v1/hour-logs/{id}/reject/",
        "/api/v1/hour-logs/{id}/dispute/",
    ):
        assert "post" in paths[path], path
    approve = paths["/api/v1/hour-logs/{id}/approve/"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in approve["parameters"])
