"""Staff in admin: record a client's transfer, resolve a dispute, refund; all via services."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from gigs import selectors
from gigs.domain import MilestoneStatus
from gigs.models import FundingRequest, LedgerTransaction, TransactionKind
from gigs.services import contracts as services

pytestmark = pytest.mark.django_db


def transfer_request(milestone, client_user):
    """The funding request a client gets when their funds fall short."""
    request = services.milestone_fund(milestone=milestone, user=client_user).request
    assert request is not None
    return request


def act(client, url, action, pk, **data):
    return client.post(url, {"action": action, helpers.ACTION_CHECKBOX_NAME: [pk], **data})


def test_staff_record_a_transfer_that_funds_the_milestone(
    client, staff_user, contract, client_user
):
    milestone = contract.milestones.order_by("position").first()
    request = transfer_request(milestone, client_user)
    client.force_login(staff_user)
    url = reverse("admin:gigs_fundingrequest_changelist")
    form = act(client, url, "record_transfer", request.pk)
    assert form.status_code == 200
    assert request.reference.encode() in form.content
    done = act(
        client,
        url,
        "record_transfer",
        request.pk,
        confirm="yes",
        amount="1000",
        idempotency_key="admin-1",
    )
    assert done.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.FUNDED
    request.refresh_from_db()
    assert request.funded_by is not None


def test_record_with_a_bad_amount_shows_the_error(client, staff_user, contract, client_user):
    milestone = contract.milestones.first()
    request = transfer_request(milestone, client_user)
    client.force_login(staff_user)
    url = reverse("admin:gigs_fundingrequest_changelist")
    response = act(
        client, url, "record_transfer", request.pk, confirm="yes", amount="-3", idempotency_key="k"
    )
    assert response.status_code == 400
    assert not LedgerTransaction.objects.exists()


def disputed(contract, client_user, freelancer, deposit):
    milestone = contract.milestones.order_by("position").first()
    deposit(client_user, milestone.amount)
    services.milestone_fund(milestone=milestone, user=client_user)
    services.milestone_submit(milestone=milestone, user=freelancer)
    return services.milestone_dispute(milestone=milestone, user=client_user)


def test_staff_resolve_a_dispute_with_a_split(
    client, staff_user, contract, client_user, freelancer, deposit
):
    milestone = disputed(contract, client_user, freelancer, deposit)
    client.force_login(staff_user)
    url = reverse("admin:gigs_milestone_changelist")
    assert act(client, url, "resolve_dispute", milestone.pk).status_code == 200
    response = act(
        client,
        url,
        "resolve_dispute",
        milestone.pk,
        confirm="yes",
        outcome="split",
        released="600",
        idempotency_key="res-1",
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.RESOLVED
    assert selectors.balances(owner=client_user)[("client_funds", "GBP")] == 40_000


def test_split_needs_an_amount_inside_the_milestone(
    client, staff_user, contract, client_user, freelancer, deposit
):
    milestone = disputed(contract, client_user, freelancer, deposit)
    client.force_login(staff_user)
    url = reverse("admin:gigs_milestone_changelist")
    for released in ("", "1000", "5000"):
        response = act(
            client,
            url,
            "resolve_dispute",
            milestone.pk,
            confirm="yes",
            outcome="split",
            released=released,
            idempotency_key=f"k{released}",
        )
        assert response.status_code == 400
    assert not LedgerTransaction.objects.filter(kind=TransactionKind.RESOLUTION).exists()


def test_staff_refund_a_funded_milestone(client, staff_user, contract, client_user, deposit):
    milestone = contract.milestones.order_by("position").first()
    deposit(client_user, milestone.amount)
    services.milestone_fund(milestone=milestone, user=client_user)
    client.force_login(staff_user)
    url = reverse("admin:gigs_milestone_changelist")
    act(client, url, "cancel_and_refund", milestone.pk, confirm="yes", idempotency_key="c1")
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.REFUNDED


def test_contract_admin_reads(client, staff_user, contract):
    client.force_login(staff_user)
    assert client.get(reverse("admin:gigs_contract_change", args=[contract.pk])).status_code == 200
    assert FundingRequest.objects.count() == 0


def disputed_week(hourly_contract, client_user, freelancer, deposit, weeks_ago):
    from gigs.services import hours

    deposit(client_user, 100_000)
    hours.hourly_fund(contract=hourly_contract, user=client_user, amount=100_000)
    log = hours.hourlog_submit(
        contract=hourly_contract, user=freelancer, week=weeks_ago(1), minutes=450, description="x"
    )
    hours.hourlog_reject(log=log, user=client_user, reason="Not agreed")
    return hours.hourlog_dispute(log=log, user=freelancer)


def test_staff_resolve_a_disputed_week_paying_part(
    client, staff_user, hourly_contract, client_user, freelancer, deposit, weeks_ago
):
    """Staff pay GBP 300 of the GBP 675 week from the contract's escrow."""
    from gigs import hour_selectors
    from gigs.hours import HourLogStatus

    log = disputed_week(hourly_contract, client_user, freelancer, deposit, weeks_ago)
    client.force_login(staff_user)
    url = reverse("admin:gigs_hourlog_changelist")
    assert act(client, url, "resolve_dispute", log.pk).status_code == 200
    too_much = act(
        client, url, "resolve_dispute", log.pk, confirm="yes", paid="675.01", idempotency_key="r0"
    )
    assert too_much.status_code == 400
    done = act(
        client, url, "resolve_dispute", log.pk, confirm="yes", paid="300", idempotency_key="r1"
    )
    assert done.status_code == 302
    log.refresh_from_db()
    assert log.status == HourLogStatus.RESOLVED
    assert hour_selectors.hourly_held(contract=hourly_contract) == 70_000


def test_staff_record_a_transfer_that_tops_up_escrow(
    client, staff_user, hourly_contract, client_user
):
    from gigs import hour_selectors
    from gigs.services import hours

    request = hours.hourly_fund(
        contract=hourly_contract, user=client_user, amount=50_000, idempotency_key="t"
    ).request
    assert request is not None
    client.force_login(staff_user)
    url = reverse("admin:gigs_fundingrequest_changelist")
    act(
        client, url, "record_transfer", request.pk, confirm="yes", amount="500", idempotency_key="a"
    )
    assert hour_selectors.hourly_held(contract=hourly_contract) == 50_000


def test_contract_admin_shows_hour_logs(
    client, staff_user, hourly_contract, client_user, freelancer, deposit, weeks_ago
):
    disputed_week(hourly_contract, client_user, freelancer, deposit, weeks_ago)
    client.force_login(staff_user)
    page = client.get(reverse("admin:gigs_contract_change", args=[hourly_contract.pk]))
    assert page.status_code == 200
    assert b"Not agreed" in page.content
