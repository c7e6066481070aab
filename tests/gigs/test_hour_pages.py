"""An hourly contract's page, its forms, and the page that confirms ending a contract."""

import re

import pytest
from django.urls import reverse

from gigs.domain import ContractStatus
from gigs.hours import HourLogStatus
from gigs.models import Contract, HourLog
from gigs.services import hours

pytestmark = pytest.mark.django_db


def page(client, contract):
    return client.get(reverse("gigs:contract", args=[contract.pk]))


def key_in(html, path):
    """The idempotency key the page drew into the form posting to ``path``."""
    form = re.search(rf'action="{re.escape(path)}".*?</form>', html, re.S)
    assert form, f"no form for {path}"
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', form.group(0))
    assert key, f"no key in the form for {path}"
    return key.group(1)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def logged(hourly_contract, freelancer, weeks_ago):
    return hours.hourlog_submit(
        contract=hourly_contract,
        user=freelancer,
        week=weeks_ago(1),
        minutes=450,
        description="Interviews zq",
    )


def test_client_sees_escrow_logs_and_their_forms(client, hourly_contract, client_user, logged):
    """Escrow held, the week with its fee and what the freelancer receives, approve/reject."""
    client.force_login(client_user)
    html = page(client, hourly_contract).content.decode()
    assert 'data-testid="escrow-held">GBP 0<' in html
    assert "7 h 30 min" in html and "GBP 675" in html
    assert "GBP 113.13" in html and "GBP 561.87" in html
    assert "Approve and pay GBP 675" in html and "Reject the week" in html
    assert "Add to escrow" in html
    assert "Log a week" not in html


def test_freelancer_sees_the_log_form_not_the_clients(client, hourly_contract, freelancer, logged):
    client.force_login(freelancer)
    html = page(client, hourly_contract).content.decode()
    assert "Log a week" in html
    assert "Approve and pay" not in html and "Add to escrow" not in html


def test_fixed_contracts_show_no_hours(client, contract, client_user):
    client.force_login(client_user)
    assert "Held in escrow" not in page(client, contract).content.decode()


def test_the_page_reads_in_a_constant_number_of_queries(
    client, hourly_contract, client_user, freelancer, weeks_ago, django_assert_max_num_queries
):
    """More weeks do not add queries."""
    hours.hourlog_submit(
        contract=hourly_contract, user=freelancer, week=weeks_ago(0), minutes=60, description="x"
    )
    client.force_login(client_user)
    page(client, hourly_contract)  # warm the fee schedule
    with django_assert_max_num_queries(40) as few:
        page(client, hourly_contract)
    for n in range(1, 5):
        hours.hourlog_submit(
            contract=hourly_contract,
            user=freelancer,
            week=weeks_ago(n),
            minutes=60,
            description="x",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page(client, hourly_contract)


def test_freelancer_logs_a_week_typed_as_clock_time(client, hourly_contract, freelancer, weeks_ago):
    client.force_login(freelancer)
    response = client.post(
        reverse("gigs:hourlog_submit", args=[hourly_contract.pk]),
        {"week": weeks_ago(1).isoformat(), "minutes": "7:30", "description": "Interviews"},
        follow=True,
    )
    log = HourLog.objects.get()
    assert (log.minutes, log.amount) == (450, 67_500)
    assert "Logged 7 h 30 min (GBP 675)" in " ".join(messages_of(response))


@pytest.mark.parametrize(
    ("minutes", "message"),
    [("seven", "Give the hours as"), ("200", "at most 168 hours"), ("", "This field is required")],
)
def test_bad_hours_are_explained(client, hourly_contract, freelancer, weeks_ago, minutes, message):
    client.force_login(freelancer)
    response = client.post(
        reverse("gigs:hourlog_submit", args=[hourly_contract.pk]),
        {"week": weeks_ago(1).isoformat(), "minutes": minutes, "description": "Interviews"},
        follow=True,
    )
    assert message in " ".join(messages_of(response))
    assert not HourLog.objects.exists()


def test_a_week_not_offered_is_refused(client, hourly_contract, freelancer, weeks_ago):
    client.force_login(freelancer)
    response = client.post(
        reverse("gigs:hourlog_submit", args=[hourly_contract.pk]),
        {"week": weeks_ago(-1).isoformat(), "minutes": "2", "description": "Interviews"},
        follow=True,
    )
    assert "Week starting" in " ".join(messages_of(response))
    assert not HourLog.objects.exists()


def test_client_tops_up_then_approves_through_the_page(
    client, hourly_contract, client_user, logged, deposit
):
    deposit(client_user, 100_000)
    client.force_login(client_user)
    fund_path = reverse("gigs:hourly_fund", args=[hourly_contract.pk])
    key = key_in(page(client, hourly_contract).content.decode(), fund_path)
    for _ in range(2):  # a double click moves the money once
        client.post(fund_path, {"amount": "1000", "idempotency_key": key})
    html = page(client, hourly_contract).content.decode()
    assert 'data-testid="escrow-held">GBP 1,000<' in html
    approve = reverse("gigs:hourlog_action", args=[hourly_contract.pk, logged.pk, "approve"])
    client.post(approve, {"idempotency_key": key_in(html, approve)})
    logged.refresh_from_db()
    assert logged.status == HourLogStatus.APPROVED
    assert 'data-testid="escrow-held">GBP 325<' in page(client, hourly_contract).content.decode()


def test_approval_short_of_escrow_says_how_much_to_add(
    client, hourly_contract, client_user, logged
):
    client.force_login(client_user)
    approve = reverse("gigs:hourlog_action", args=[hourly_contract.pk, logged.pk, "approve"])
    response = client.post(approve, {"idempotency_key": "k"}, follow=True)
    assert "add GBP 675 to approve" in " ".join(messages_of(response))


def test_top_up_short_shows_transfer_instructions(client, hourly_contract, client_user):
    client.force_login(client_user)
    response = client.post(
        reverse("gigs:hourly_fund", args=[hourly_contract.pk]),
        {"amount": "500", "idempotency_key": "k"},
        follow=True,
    )
    html = response.content.decode()
    assert "Waiting for your transfer" in html
    assert re.search(r"quoting the reference PMG-[A-Z0-9]{10}", html)


def test_client_rejects_with_a_reason_and_freelancer_disputes(
    client, hourly_contract, client_user, freelancer, logged
):
    client.force_login(client_user)
    reject = reverse("gigs:hourlog_action", args=[hourly_contract.pk, logged.pk, "reject"])
    empty = client.post(reject, {"reason": ""}, follow=True)
    assert "This field is required" in " ".join(messages_of(empty))
    client.post(reject, {"reason": "We agreed on five hours."})
    client.force_login(freelancer)
    html = page(client, hourly_contract).content.decode()
    assert "We agreed on five hours." in html and "Dispute the rejection" in html
    client.post(reverse("gigs:hourlog_action", args=[hourly_contract.pk, logged.pk, "dispute"]))
    logged.refresh_from_db()
    assert logged.status == HourLogStatus.DISPUTED


def test_hour_actions_check_the_side_and_the_contract(
    client, hourly_contract, contract, freelancer, stranger, logged
):
    """The freelancer cannot approve (403); a stranger gets 404; a log under another contract
    or an unknown action is 404."""
    approve = reverse("gigs:hourlog_action", args=[hourly_contract.pk, logged.pk, "approve"])
    client.force_login(freelancer)
    assert client.post(approve, {"idempotency_key": "k"}).status_code == 403
    wrong = reverse("gigs:hourlog_action", args=[contract.pk, logged.pk, "approve"])
    assert client.post(wrong, {"idempotency_key": "k"}).status_code == 404
    unknown = reverse("gigs:hourlog_action", args=[hourly_contract.pk, logged.pk, "pay"])
    assert client.post(unknown).status_code == 404
    client.force_login(stranger)
    assert client.post(approve, {"idempotency_key": "k"}).status_code == 404


def test_client_sets_the_weekly_limit(client, hourly_contract, client_user):
    client.force_login(client_user)
    client.post(reverse("gigs:weekly_limit", args=[hourly_contract.pk]), {"minutes": "20"})
    hourly_contract.refresh_from_db()
    assert hourly_contract.weekly_limit_minutes == 1200
    assert "20 h" in page(client, hourly_contract).content.decode()


# --- Ending --------------------------------------------------------------------------------


def test_end_page_says_what_happens_then_ends(client, contract, client_user, deposit):
    from gigs.services import contracts

    first = contract.milestones.order_by("position").first()
    deposit(client_user, first.amount)
    contracts.milestone_fund(milestone=first, user=client_user)
    client.force_login(client_user)
    assert "End this contract" in page(client, contract).content.decode()
    url = reverse("gigs:contract_end", args=[contract.pk])
    html = client.get(url).content.decode()
    assert "its GBP 1,000 goes back to the client" in html
    assert "is dropped" in html and "marked cancelled" in html
    response = client.post(url, {"idempotency_key": key_in(html, url)}, follow=True)
    assert "The contract is cancelled." in " ".join(messages_of(response))
    contract.refresh_from_db()
    assert contract.status == ContractStatus.CANCELLED
    assert "End this contract" not in page(client, contract).content.decode()


def test_end_page_explains_a_block(client, hourly_contract, client_user, logged):
    client.force_login(client_user)
    url = reverse("gigs:contract_end", args=[hourly_contract.pk])
    html = client.get(url).content.decode()
    assert "Not yet." in html and "End the contract</button>" not in html
    response = client.post(url, {"idempotency_key": "k"}, follow=True)
    assert "before ending the contract" in " ".join(messages_of(response))
    assert Contract.objects.get(pk=hourly_contract.pk).status == ContractStatus.ACTIVE


def test_only_the_sides_reach_the_end_page(client, contract, staff_user, stranger):
    url = reverse("gigs:contract_end", args=[contract.pk])
    for user in (staff_user, stranger):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"idempotency_key": "k"}).status_code == 404
