"""The contract API: own contracts only, milestone actions, and the Idempotency-Key header."""

import pytest
from rest_framework.test import APIClient

from gigs.domain import MilestoneStatus
from gigs.models import LedgerTransaction, TransactionKind
from gigs.services import contracts as services
from tests.gigs.factories import GigFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def post(api, milestone, action, key=None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return api.post(f"/api/v1/milestones/{milestone.pk}/{action}/", headers=headers)


def test_list_shows_own_contracts_only(api, contract, client_user, freelancer, stranger):
    GigFactory.create()  # someone else's gig, no contract of ours
    for user, count in ((client_user, 1), (freelancer, 1), (stranger, 0)):
        api.force_authenticate(user)
        body = api.get("/api/v1/contracts/").json()
        assert len(body["results"]) == count
        assert body["next"] is None


def test_detail_shows_milestones_with_fees(api, contract, freelancer):
    api.force_authenticate(freelancer)
    body = api.get(f"/api/v1/contracts/{contract.pk}/").json()
    assert body["price"] == 250_000
    assert [(m["amount"], m["fee"], m["freelancer_receives"]) for m in body["milestones"]] == [
        (100_000, 13_750, 86_250),
        (150_000, 11_250, 138_750),
    ]


def test_detail_is_404_for_strangers_and_401_anonymous(api, contract, stranger):
    assert api.get(f"/api/v1/contracts/{contract.pk}/").status_code == 401
    api.force_authenticate(stranger)
    assert api.get(f"/api/v1/contracts/{contract.pk}/").status_code == 404


def test_the_whole_path_through_the_api(api, contract, client_user, freelancer, deposit):
    milestone = contract.milestones.order_by("position").first()
    api.force_authenticate(client_user)
    short = post(api, milestone, "fund", "f1").json()
    assert short["milestone"]["status"] == "proposed"
    assert short["funding_request"]["reference"] in short["funding_request"]["instructions"]
    deposit(client_user, 100_000)
    assert post(api, milestone, "fund", "f2").json()["milestone"]["status"] == "funded"
    api.force_authenticate(freelancer)
    assert post(api, milestone, "submit").json()["milestone"]["status"] == "submitted"
    api.force_authenticate(client_user)
    released = post(api, milestone, "release", "r1")
    assert released.status_code == 200
    assert released.json()["milestone"]["status"] == "released"
    assert released.json()["milestone"]["freelancer_receives"] == 86_250


def test_release_replay_answers_alike_and_moves_money_once(
    api, contract, client_user, freelancer, deposit
):
    milestone = contract.milestones.order_by("position").first()
    deposit(client_user, milestone.amount)
    services.milestone_fund(milestone=milestone, user=client_user)
    services.milestone_submit(milestone=milestone, user=freelancer)
    api.force_authenticate(client_user)
    first = post(api, milestone, "release", "same-key")
    again = post(api, milestone, "release", "same-key")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1
    # A new key for a settled milestone is a clear refusal.
    other = post(api, milestone, "release", "new-key")
    assert other.status_code == 400
    assert "cannot be released" in str(other.json())


def test_same_key_for_another_request_is_400(api, contract, client_user, freelancer, deposit):
    first, second = contract.milestones.order_by("position")
    deposit(client_user, 250_000)
    api.force_authenticate(client_user)
    assert post(api, first, "fund", "k").status_code == 200
    response = post(api, second, "fund", "k")
    assert response.status_code == 400
    assert "different request" in str(response.json())
    second.refresh_from_db()
    assert second.status == MilestoneStatus.PROPOSED


@pytest.mark.parametrize("key", [None, "", "x" * 101])
def test_money_actions_need_a_key(api, contract, client_user, key):
    milestone = contract.milestones.first()
    api.force_authenticate(client_user)
    response = post(api, milestone, "fund", key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()


def test_wrong_user_and_wrong_state(api, contract, client_user, freelancer, stranger):
    milestone = contract.milestones.first()
    api.force_authenticate(freelancer)
    assert post(api, milestone, "fund", "k").status_code == 403
    assert post(api, milestone, "submit").status_code == 400
    api.force_authenticate(stranger)
    assert post(api, milestone, "dispute").status_code == 404
    api.force_authenticate(client_user)
    assert post(api, milestone, "release", "k").status_code == 400
    assert post(api, milestone, "cancel", "k2").status_code == 400
    assert api.post("/api/v1/milestones/999999/submit/").status_code == 404


def test_dispute_and_staff_cancel(api, contract, client_user, freelancer, staff_user, deposit):
    milestone = contract.milestones.order_by("position").first()
    deposit(client_user, milestone.amount)
    services.milestone_fund(milestone=milestone, user=client_user)
    api.force_authenticate(freelancer)
    assert post(api, milestone, "dispute").json()["milestone"]["status"] == "disputed"
    api.force_authenticate(staff_user)
    # A disputed milestone is the staff's to resolve in admin, not to cancel.
    assert post(api, milestone, "cancel", "s").status_code == 400
