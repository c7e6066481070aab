"""Payouts: a freelancer withdraws available money to their own method; staff mark it paid."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from gigs import selectors
from gigs.errors import AlreadySettled, IdempotencyConflict, InvalidAmount, LedgerError
from gigs.models import LedgerTransaction, Payout, TransactionKind
from gigs.services import payouts
from tests.gigs.factories import FreelancerProfileFactory, PayoutMethodFactory

URL = "/account/balance/payout/"
API = "/api/v1/balance/payouts/"


@pytest.fixture
def method(freelancer):
    return PayoutMethodFactory.create(profile=freelancer.freelancer_profile, account_last4="9876")


@pytest.fixture
def earned(freelancer, earn):
    """GBP 48 available: GBP 60 released, less the 20% fee."""
    earn(freelancer, "milestone:1", 6_000)
    return 4_800


def available(user, currency="GBP"):
    return selectors.balances(owner=user).get(("available", currency), 0)


def requests_made():
    return LedgerTransaction.objects.filter(kind=TransactionKind.PAYOUT_REQUEST).count()


# --- The service ------------------------------------------------------------------------


def test_payout_sets_money_aside_for_the_method(freelancer, method, earned):
    payout = payouts.payout_create(
        freelancer=freelancer, method_id=method.pk, amount=3_000, currency="GBP"
    )
    assert (payout.amount, payout.currency, payout.method) == (3_000, "GBP", method)
    assert payout.method_label == "Bank transfer •••• 9876"
    assert not payout.is_paid
    totals = selectors.balances(owner=freelancer)
    assert totals[("available", "GBP")] == 1_800
    assert totals[("payout_pending", "GBP")] == 3_000


def test_more_than_available_is_refused(freelancer, method, earned):
    with pytest.raises(LedgerError) as refused:
        payouts.payout_create(
            freelancer=freelancer, method_id=method.pk, amount=earned + 1, currency="GBP"
        )
    assert "GBP 48 available" in refused.value.message_dict["amount"][0]
    assert (available(freelancer), requests_made(), Payout.objects.count()) == (earned, 0, 0)


def test_currency_without_money_is_refused(freelancer, method, earned):
    with pytest.raises(LedgerError) as refused:
        payouts.payout_create(
            freelancer=freelancer, method_id=method.pk, amount=100, currency="EUR"
        )
    assert "no EUR available" in refused.value.message_dict["currency"][0]
    assert requests_made() == 0


def test_someone_elses_method_is_refused(freelancer, method, stranger, earned):
    theirs = PayoutMethodFactory.create(profile=FreelancerProfileFactory.create(user=stranger))
    with pytest.raises(LedgerError) as refused:
        payouts.payout_create(
            freelancer=freelancer, method_id=theirs.pk, amount=100, currency="GBP"
        )
    assert "method" in refused.value.message_dict
    assert (requests_made(), available(freelancer)) == (0, earned)


def test_no_method_is_refused(freelancer, earned):
    with pytest.raises(LedgerError) as refused:
        payouts.payout_create(freelancer=freelancer, method_id=None, amount=100, currency="GBP")
    assert "Add a payout method" in refused.value.message_dict["method"][0]
    assert requests_made() == 0


@pytest.mark.parametrize("amount", [0, -5, 1.5])
def test_amount_must_be_positive_minor_units(freelancer, method, earned, amount):
    with pytest.raises(InvalidAmount):
        payouts.payout_create(
            freelancer=freelancer, method_id=method.pk, amount=amount, currency="GBP"
        )


def test_same_key_replays_the_first_payout(freelancer, method, earned):
    """Sent twice with one key, the request moves the money once and answers the same."""
    first = payouts.payout_create(
        freelancer=freelancer,
        method_id=method.pk,
        amount=1_000,
        currency="GBP",
        idempotency_key="k1",
    )
    again = payouts.payout_create(
        freelancer=freelancer,
        method_id=method.pk,
        amount=1_000,
        currency="GBP",
        idempotency_key="k1",
    )
    assert again.pk == first.pk
    assert (requests_made(), available(freelancer)) == (1, earned - 1_000)


def test_same_key_for_another_request_is_refused(freelancer, method, earned):
    payouts.payout_create(
        freelancer=freelancer,
        method_id=method.pk,
        amount=1_000,
        currency="GBP",
        idempotency_key="k1",
    )
    with pytest.raises(IdempotencyConflict):
        payouts.payout_create(
            freelancer=freelancer,
            method_id=method.pk,
            amount=2_000,
            currency="GBP",
            idempotency_key="k1",
        )
    assert requests_made() == 1


def test_staff_mark_paid_and_the_freelancer_hears_after_commit(
    freelancer, method, earned, staff_user, django_capture_on_commit_callbacks
):
    payout = payouts.payout_create(
        freelancer=freelancer, method_id=method.pk, amount=1_000, currency="GBP"
    )
    with django_capture_on_commit_callbacks(execute=True):
        payouts.payout_mark_paid(actor=staff_user, payout_id=payout.pk)
        assert mail.outbox == []
    payout.refresh_from_db()
    assert payout.is_paid and payout.paid_at is not None
    totals = selectors.balances(owner=freelancer)
    assert (totals[("payout_pending", "GBP")], totals[("paid_out", "GBP")]) == (0, 1_000)
    assert [m.to for m in mail.outbox] == [[freelancer.email]]
    assert "GBP 10" in mail.outbox[0].subject
    assert "/account/balance/" in mail.outbox[0].body


def test_non_staff_cannot_mark_paid(freelancer, method, earned):
    payout = payouts.payout_create(
        freelancer=freelancer, method_id=method.pk, amount=1_000, currency="GBP"
    )
    with pytest.raises(PermissionDenied):
        payouts.payout_mark_paid(actor=freelancer, payout_id=payout.pk)
    payout.refresh_from_db()
    assert not payout.is_paid


def test_a_payout_is_paid_once(freelancer, method, earned, staff_user):
    payout = payouts.payout_create(
        freelancer=freelancer, method_id=method.pk, amount=1_000, currency="GBP"
    )
    payouts.payout_mark_paid(actor=staff_user, payout_id=payout.pk)
    with pytest.raises(AlreadySettled):
        payouts.payout_mark_paid(actor=staff_user, payout_id=payout.pk)
    assert LedgerTransaction.objects.filter(kind=TransactionKind.PAYOUT_PAID).count() == 1


# --- The admin ----------------------------------------------------------------------------


def test_admin_lists_pending_and_marks_paid(client, freelancer, method, earned, staff_user):
    payout = payouts.payout_create(
        freelancer=freelancer, method_id=method.pk, amount=1_000, currency="GBP"
    )
    client.force_login(staff_user)
    changelist = reverse("admin:gigs_payout_changelist")
    assert "•••• 9876" in client.get(changelist, {"status": "pending"}).content.decode()
    response = client.post(
        changelist, {"action": "mark_paid", "_selected_action": [payout.pk]}, follow=True
    )
    assert "Marked 1 payout(s) paid." in response.content.decode()
    payout.refresh_from_db()
    assert payout.is_paid
    assert client.get(reverse("admin:gigs_payout_add")).status_code == 403


def test_admin_is_closed_to_non_staff(client, freelancer, method, earned):
    payout = payouts.payout_create(
        freelancer=freelancer, method_id=method.pk, amount=1_000, currency="GBP"
    )
    client.force_login(freelancer)
    changelist = reverse("admin:gigs_payout_changelist")
    response = client.post(changelist, {"action": "mark_paid", "_selected_action": [payout.pk]})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    payout.refresh_from_db()
    assert not payout.is_paid


# --- The form on the balance page ---------------------------------------------------------


def test_page_offers_the_form_with_a_fresh_hidden_key(client, freelancer, method, earned):
    client.force_login(freelancer)
    form = client.get("/account/balance/").context["payout_form"]
    page = client.get("/account/balance/").context["payout_form"]
    assert form.initial["idempotency_key"] != page.initial["idempotency_key"]
    html = client.get("/account/balance/").content.decode()
    assert 'type="hidden" name="idempotency_key"' in html
    assert "Bank transfer •••• 9876" in html


def _form(own, **overrides):
    return {"amount": "10", "currency": "GBP", "method": own.pk, "idempotency_key": "f1"} | (
        overrides
    )


def test_form_requests_a_payout(client, freelancer, method, earned):
    client.force_login(freelancer)
    response = client.post(URL, _form(method))
    assert response.status_code == 302
    (payout,) = Payout.objects.all()
    assert (payout.amount, payout.freelancer) == (1_000, freelancer)


def test_form_sent_twice_pays_once(client, freelancer, method, earned):
    client.force_login(freelancer)
    assert client.post(URL, _form(method)).status_code == 302
    assert client.post(URL, _form(method)).status_code == 302
    assert (Payout.objects.count(), requests_made()) == (1, 1)
    assert available(freelancer) == earned - 1_000


def test_form_refuses_more_than_available(client, freelancer, method, earned):
    client.force_login(freelancer)
    response = client.post(URL, _form(method, amount="49"))
    assert response.status_code == 400
    assert "GBP 48 available" in response.content.decode()
    assert Payout.objects.count() == 0


def test_form_refuses_someone_elses_method(client, freelancer, method, stranger, earned):
    theirs = PayoutMethodFactory.create(profile=FreelancerProfileFactory.create(user=stranger))
    client.force_login(freelancer)
    response = client.post(URL, _form(method, method=theirs.pk))
    assert response.status_code == 400
    assert Payout.objects.count() == 0


def test_form_refuses_a_currency_without_money(client, freelancer, method, earned):
    client.force_login(freelancer)
    response = client.post(URL, _form(method, currency="EUR"))
    assert response.status_code == 400
    assert Payout.objects.count() == 0


def test_form_without_a_method_says_add_one(client, freelancer, earned):
    client.force_login(freelancer)
    page = client.get("/account/balance/").content.decode()
    assert "Add a payout method" in page
    response = client.post(URL, {"amount": "10", "currency": "GBP", "idempotency_key": "x"})
    assert response.status_code == 400
    assert "Add a payout method" in response.content.decode()


@pytest.mark.parametrize("amount", ["", "abc", "-1", "0", "1e9999"])
def test_form_refuses_bad_amounts(client, freelancer, method, earned, amount):
    client.force_login(freelancer)
    assert client.post(URL, _form(method, amount=amount)).status_code == 400
    assert Payout.objects.count() == 0


def test_form_needs_sign_in(client, method):
    response = client.post(URL, _form(method))
    assert response.status_code == 302
    assert Payout.objects.count() == 0


# --- The API ------------------------------------------------------------------------------


@pytest.fixture
def api(freelancer):
    client = APIClient()
    client.force_authenticate(freelancer)
    return client


def test_api_balance_is_the_callers(api, freelancer, stranger, fund, method, earned):
    fund(stranger, "milestone:9", 7_777)
    body = api.get("/api/v1/balance/").json()
    assert body["balances"] == [
        {
            "currency": "GBP",
            "client_funds": 0,
            "escrow": 0,
            "available": 4_800,
            "payout_pending": 0,
            "paid_out": 0,
        }
    ]
    assert body["payout_methods"] == [
        {
            "id": method.pk,
            "kind": "bank",
            "masked": "Bank transfer •••• 9876",
            "details_needed": False,
        }
    ]


def test_api_entries_are_own_and_paged(api, client_user, freelancer, stranger, fund, earn):
    for number in range(3):
        earn(freelancer, f"milestone:{number}", 1_000)
    fund(stranger, "milestone:9", 7_777)
    first = api.get("/api/v1/balance/entries/", {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    rows = first["results"] + second["results"]
    assert [row["amount"] for row in rows] == [800, 800, 800]
    assert {row["account"] for row in rows} == {"available"}
    assert second["next"] is None


def test_api_needs_sign_in(db):
    anonymous = APIClient()
    for url in ("/api/v1/balance/", "/api/v1/balance/entries/"):
        assert anonymous.get(url).status_code in (401, 403)
    assert anonymous.post(API, {}, format="json").status_code in (401, 403)


def _body(own, **overrides):
    return {"amount": 1_000, "currency": "GBP", "method": own.pk} | overrides


def test_api_payout_needs_a_key(api, method, earned):
    response = api.post(API, _body(method), format="json")
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert Payout.objects.count() == 0


def test_api_payout_replays_with_the_same_key(api, method, earned):
    first = api.post(API, _body(method), format="json", headers={"Idempotency-Key": "a1"})
    again = api.post(API, _body(method), format="json", headers={"Idempotency-Key": "a1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["status"] == "pending"
    assert requests_made() == 1


def test_api_same_key_other_request_is_refused(api, method, earned):
    api.post(API, _body(method), format="json", headers={"Idempotency-Key": "a1"})
    response = api.post(
        API, _body(method, amount=2_000), format="json", headers={"Idempotency-Key": "a1"}
    )
    assert response.status_code == 400
    assert "different request" in str(response.json())
    assert requests_made() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"amount": 4_801}, "amount"), ({"currency": "EUR"}, "currency"), ({"amount": 0}, "amount")],
)
def test_api_payout_refusals_name_the_field(api, method, earned, overrides, field):
    response = api.post(
        API, _body(method, **overrides), format="json", headers={"Idempotency-Key": "a2"}
    )
    assert response.status_code == 400
    assert field in response.json()
    assert Payout.objects.count() == 0


def test_api_payout_to_someone_elses_method_is_refused(api, method, stranger, earned):
    theirs = PayoutMethodFactory.create(profile=FreelancerProfileFactory.create(user=stranger))
    response = api.post(
        API, _body(method, method=theirs.pk), format="json", headers={"Idempotency-Key": "a3"}
    )
    assert response.status_code == 400
    assert "method" in response.json()
    assert Payout.objects.count() == 0
