"""Hourly contracts: top-ups, weekly logs, approval paid from escrow, and every refusal."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gigs import hour_selectors, selectors
from gigs.errors import AlreadySettled, IdempotencyConflict, InsufficientFunds
from gigs.hours import HourLogStatus
from gigs.models import FundingRequest, HourLog, LedgerTransaction, TransactionKind
from gigs.services import contracts, hours
from gigs.services.acting import TransitionError
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def emails(kind):
    return [
        m.kwargs
        for m in OutboxMessage.objects.filter(handler__endswith="contract_email_send")
        if m.kwargs["kind"] == kind
    ]


def money(user, kind):
    return selectors.balances(owner=user).get((kind, "GBP"), 0)


def log_week(contract, freelancer, week, minutes=450, description="Discovery interviews"):
    return hours.hourlog_submit(
        contract=contract, user=freelancer, week=week, minutes=minutes, description=description
    )


@pytest.fixture
def topped_up(hourly_contract, client_user, deposit):
    """Top the hourly contract's escrow up by ``amount`` from a deposit of it."""

    def make(amount, key=None):
        deposit(client_user, amount)
        return hours.hourly_fund(
            contract=hourly_contract, user=client_user, amount=amount, idempotency_key=key
        )

    return make


# --- Top-ups -------------------------------------------------------------------------------


def test_top_up_moves_client_funds_into_the_contracts_escrow(
    hourly_contract, client_user, topped_up
):
    """Two top-ups, two FUND rows with their own subjects, both held for the contract."""
    topped_up(50_000, key="t1")
    topped_up(20_000, key="t2")
    assert hour_selectors.hourly_held(contract=hourly_contract) == 70_000
    assert money(client_user, "client_funds") == 0
    subjects = set(
        LedgerTransaction.objects.filter(kind=TransactionKind.FUND).values_list(
            "subject", flat=True
        )
    )
    assert len(subjects) == 2
    assert all(s.startswith(f"hourly:{hourly_contract.pk}:topup:") for s in subjects)


def test_top_up_replayed_with_its_key_moves_money_once(hourly_contract, client_user, deposit):
    deposit(client_user, 100_000)
    for _ in range(2):
        hours.hourly_fund(
            contract=hourly_contract, user=client_user, amount=30_000, idempotency_key="same"
        )
    assert hour_selectors.hourly_held(contract=hourly_contract) == 30_000
    with pytest.raises(IdempotencyConflict):
        hours.hourly_fund(
            contract=hourly_contract, user=client_user, amount=40_000, idempotency_key="same"
        )


def test_top_up_short_asks_for_a_transfer_staff_record(hourly_contract, client_user, staff_user):
    """Short funds: nothing moves, a funding request; the recorded transfer tops escrow up."""
    outcome = hours.hourly_fund(
        contract=hourly_contract, user=client_user, amount=40_000, idempotency_key="k"
    )
    assert outcome.request is not None
    request = outcome.request
    assert hour_selectors.hourly_held(contract=hourly_contract) == 0
    assert list(selectors.funding_requests_open(contract=hourly_contract)) == [request.subject]
    done = contracts.funding_record(
        actor=staff_user,
        funding=request,
        amount=40_000,
        currency="GBP",
        idempotency_key="record-1",
    )
    assert done == hourly_contract
    assert hour_selectors.hourly_held(contract=hourly_contract) == 40_000
    assert selectors.funding_requests_open(contract=hourly_contract) == {}


def test_a_transfer_for_an_ended_contract_stays_in_client_funds(
    hourly_contract, client_user, staff_user
):
    from gigs.services import lifecycle

    request = hours.hourly_fund(
        contract=hourly_contract, user=client_user, amount=40_000, idempotency_key="k"
    ).request
    assert request is not None
    lifecycle.contract_end(contract=hourly_contract, user=client_user)
    done = contracts.funding_record(
        actor=staff_user, funding=request, amount=40_000, currency="GBP", idempotency_key="r"
    )
    assert done is None
    assert money(client_user, "client_funds") == 40_000
    assert hour_selectors.hourly_held(contract=hourly_contract) == 0


def test_top_up_refusals(hourly_contract, contract, client_user, freelancer, deposit):
    """Only the client, only hourly contracts, only plausible amounts."""
    deposit(client_user, 100_000)
    with pytest.raises(PermissionDenied):
        hours.hourly_fund(contract=hourly_contract, user=freelancer, amount=10_000)
    with pytest.raises(TransitionError):
        hours.hourly_fund(contract=contract, user=client_user, amount=10_000)
    for amount in (0, -5, 50, 10.5):
        with pytest.raises(ValidationError):
            hours.hourly_fund(
                contract=hourly_contract,
                user=client_user,
                amount=amount,  # type: ignore[arg-type]
            )
    assert hour_selectors.hourly_held(contract=hourly_contract) == 0


def test_weekly_limit_is_the_clients(hourly_contract, client_user, freelancer):
    hours.weekly_limit_set(contract=hourly_contract, user=client_user, minutes=20 * 60)
    hourly_contract.refresh_from_db()
    assert hourly_contract.weekly_limit_minutes == 1200
    with pytest.raises(PermissionDenied):
        hours.weekly_limit_set(contract=hourly_contract, user=freelancer, minutes=None)
    with pytest.raises(ValidationError):
        hours.weekly_limit_set(contract=hourly_contract, user=client_user, minutes=169 * 60)


# --- Logging a week ------------------------------------------------------------------------


def test_freelancer_logs_a_week_priced_at_the_rate(
    hourly_contract, client_user, freelancer, weeks_ago
):
    """7.5 hours at GBP 90.00 is GBP 675.00; the client is e-mailed."""
    log = log_week(hourly_contract, freelancer, weeks_ago(1))
    assert (log.status, log.minutes, log.amount) == (HourLogStatus.SUBMITTED, 450, 67_500)
    assert emails("hours_submitted") == [
        {
            "contract_id": hourly_contract.pk,
            "kind": "hours_submitted",
            "recipient_id": client_user.pk,
            "milestone_id": None,
            "hour_log_id": log.pk,
        }
    ]


def test_logging_the_same_week_again_corrects_it(hourly_contract, freelancer, weeks_ago):
    first = log_week(hourly_contract, freelancer, weeks_ago(1))
    again = log_week(hourly_contract, freelancer, weeks_ago(1), minutes=60, description="Less")
    assert again.pk == first.pk
    assert (again.minutes, again.amount, again.description) == (60, 9_000, "Less")
    assert HourLog.objects.count() == 1


@pytest.mark.parametrize(
    ("weeks", "minutes", "description", "field"),
    [
        (-1, 60, "Work", "week"),  # next week
        (6, 60, "Work", "week"),  # before the contract started
        (1, 0, "Work", "minutes"),
        (1, 169 * 60, "Work", "minutes"),
        (1, 60, "  ", "description"),
        (1, 60, "two\nlines", "description"),
        (1, 60, "x" * 301, "description"),
    ],
)
def test_bad_logs_are_refused(
    hourly_contract, freelancer, weeks_ago, weeks, minutes, description, field
):
    with pytest.raises(ValidationError) as caught:
        log_week(hourly_contract, freelancer, weeks_ago(weeks), minutes, description)
    assert field in caught.value.message_dict
    assert not HourLog.objects.exists()


def test_a_log_must_start_on_monday(hourly_contract, freelancer, weeks_ago):
    with pytest.raises(ValidationError, match="Monday"):
        log_week(hourly_contract, freelancer, weeks_ago(1) + timedelta(days=2))


def test_logs_above_the_weekly_limit_are_refused(
    hourly_contract, client_user, freelancer, weeks_ago
):
    hours.weekly_limit_set(contract=hourly_contract, user=client_user, minutes=5 * 60)
    hourly_contract.refresh_from_db()
    with pytest.raises(ValidationError, match="caps this contract at 5 h"):
        log_week(hourly_contract, freelancer, weeks_ago(1), minutes=5 * 60 + 1)
    assert log_week(hourly_contract, freelancer, weeks_ago(1), minutes=5 * 60).minutes == 300


def test_only_the_freelancer_logs_on_an_active_hourly_contract(
    hourly_contract, contract, client_user, stranger, freelancer, weeks_ago
):
    for user in (client_user, stranger):
        with pytest.raises(PermissionDenied):
            log_week(hourly_contract, user, weeks_ago(1))
    with pytest.raises(TransitionError):
        log_week(contract, freelancer, weeks_ago(1))  # a fixed contract


# --- Approving -----------------------------------------------------------------------------


def test_approval_pays_the_log_from_escrow_less_the_fee(
    hourly_contract, client_user, freelancer, topped_up, weeks_ago
):
    """GBP 675.00 released: 20% of the first 500 and 7.5% of 175 is a GBP 113.13 fee."""
    topped_up(100_000)
    log = log_week(hourly_contract, freelancer, weeks_ago(1))
    (preview,) = hour_selectors.hourlog_rows(contract=hourly_contract)
    approved = hours.hourlog_approve(log=log, user=client_user, idempotency_key="a1")
    assert approved.status == HourLogStatus.APPROVED
    assert hour_selectors.hourly_held(contract=hourly_contract) == 100_000 - 67_500
    assert money(freelancer, "available") == 67_500 - 11_313
    (row,) = hour_selectors.hourlog_rows(contract=hourly_contract)
    assert (row.fee, row.receives, row.settled) == (11_313, 56_187, True)
    assert (preview.fee, preview.receives, preview.settled) == (11_313, 56_187, False)
    assert emails("hours_approved")[0]["recipient_id"] == freelancer.pk
    release = LedgerTransaction.objects.get(kind=TransactionKind.RELEASE)
    assert release.subject == f"hourly:{hourly_contract.pk}:log:{log.pk}"


def test_approval_with_too_little_escrow_says_how_much_to_add(
    hourly_contract, client_user, freelancer, topped_up, weeks_ago
):
    topped_up(50_000)
    log = log_week(hourly_contract, freelancer, weeks_ago(1))
    with pytest.raises(
        InsufficientFunds, match="holds GBP 500 for this contract: add GBP 175 to approve"
    ):
        hours.hourlog_approve(log=log, user=client_user)
    log.refresh_from_db()
    assert log.status == HourLogStatus.SUBMITTED
    assert money(freelancer, "available") == 0


def test_a_log_is_paid_once(hourly_contract, client_user, freelancer, topped_up, weeks_ago):
    """A second approval is refused by the status, and a second release row by the database."""
    from gigs.services import escrow

    topped_up(200_000)
    log = log_week(hourly_contract, freelancer, weeks_ago(1))
    hours.hourlog_approve(log=log, user=client_user, idempotency_key="k1")
    again = hours.hourlog_approve(log=log, user=client_user, idempotency_key="k1")
    assert again.status == HourLogStatus.APPROVED  # a replay answers alike
    with pytest.raises(TransitionError):
        hours.hourlog_approve(log=log, user=client_user, idempotency_key="k2")
    with pytest.raises(AlreadySettled):
        escrow.escrow_release(
            actor=client_user,
            client=client_user,
            freelancer=freelancer,
            subject=log.subject,
            amount=log.amount,
            currency="GBP",
            pool=hourly_contract.pool_prefix,
        )
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1


def test_escrow_of_one_contract_never_pays_another(
    hourly_contract, client_user, freelancer, deposit, weeks_ago
):
    """The pool is per contract: another contract's top-up does not cover this one's log."""
    from gigs.domain import BudgetType
    from gigs.services import lifecycle
    from tests.gigs.factories import GigFactory, ProposalFactory

    gig = GigFactory.create(client=client_user, budget_type=BudgetType.HOURLY, budget_min=6_000)
    other = lifecycle.proposal_accept(
        proposal=ProposalFactory.create(gig=gig, freelancer=freelancer, price=9_000),
        user=client_user,
    )
    deposit(client_user, 100_000)
    hours.hourly_fund(contract=other, user=client_user, amount=100_000)
    log = log_week(hourly_contract, freelancer, weeks_ago(1))
    with pytest.raises(InsufficientFunds):
        hours.hourlog_approve(log=log, user=client_user)


def test_only_the_client_approves_or_rejects(
    hourly_contract, freelancer, stranger, topped_up, weeks_ago
):
    topped_up(100_000)
    log = log_week(hourly_contract, freelancer, weeks_ago(1))
    for user in (freelancer, stranger):
        with pytest.raises(PermissionDenied):
            hours.hourlog_approve(log=log, user=user)
        with pytest.raises(PermissionDenied):
            hours.hourlog_reject(log=log, user=user, reason="No")


# --- Rejecting, correcting, disputing -----------------------------------------------------


def test_reject_then_correct_and_resubmit(
    hourly_contract, client_user, freelancer, topped_up, weeks_ago
):
    topped_up(100_000)
    log = log_week(hourly_contract, freelancer, weeks_ago(1))
    with pytest.raises(ValidationError):
        hours.hourlog_reject(log=log, user=client_user, reason="  ")
    rejected = hours.hourlog_reject(log=log, user=client_user, reason="We agreed on 5 hours.")
    assert (rejected.status, rejected.reason) == (HourLogStatus.REJECTED, "We agreed on 5 hours.")
    assert emails("hours_rejected")[0]["recipient_id"] == freelancer.pk
    with pytest.raises(TransitionError):
        hours.hourlog_approve(log=log, user=client_user)
    fixed = log_week(hourly_contract, freelancer, weeks_ago(1), minutes=300)
    assert (fixed.status, fixed.amount, fixed.reason) == (HourLogStatus.SUBMITTED, 45_000, "")
    assert hours.hourlog_approve(log=fixed, user=client_user).status == HourLogStatus.APPROVED


def test_an_approved_week_cannot_change(
    hourly_contract, client_user, freelancer, topped_up, weeks_ago
):
    topped_up(100_000)
    log = log_week(hourly_contract, freelancer, weeks_ago(1))
    hours.hourlog_approve(log=log, user=client_user)
    with pytest.raises(TransitionError):
        log_week(hourly_contract, freelancer, weeks_ago(1), minutes=60)
    with pytest.raises(TransitionError):
        hours.hourlog_reject(log=log, user=client_user, reason="Too late")


def test_dispute_a_rejection_and_staff_pay_part(
    hourly_contract, client_user, freelancer, staff_user, topped_up, weeks_ago
):
    topped_up(100_000)
    log = log_week(hourly_contract, freelancer, weeks_ago(1))
    with pytest.raises(TransitionError):
        hours.hourlog_dispute(log=log, user=freelancer)  # nothing to dispute yet
    hours.hourlog_reject(log=log, user=client_user, reason="Not agreed")
    with pytest.raises(PermissionDenied):
        hours.hourlog_dispute(log=log, user=client_user)
    disputed = hours.hourlog_dispute(log=log, user=freelancer)
    assert disputed.status == HourLogStatus.DISPUTED
    assert emails("hours_disputed")[0]["recipient_id"] == client_user.pk
    with pytest.raises(PermissionDenied):
        hours.hourlog_resolve(log=log, actor=client_user, release_amount=10_000)
    with pytest.raises(ValidationError):
        hours.hourlog_resolve(log=log, actor=staff_user, release_amount=67_501)
    resolved = hours.hourlog_resolve(log=log, actor=staff_user, release_amount=30_000)
    assert resolved.status == HourLogStatus.RESOLVED
    assert hour_selectors.hourly_held(contract=hourly_contract) == 70_000
    assert money(freelancer, "available") == 30_000 - 6_000
    assert len(emails("hours_resolved")) == 2


def test_staff_may_resolve_paying_nothing(
    hourly_contract, client_user, freelancer, staff_user, topped_up, weeks_ago
):
    topped_up(100_000)
    log = log_week(hourly_contract, freelancer, weeks_ago(1))
    hours.hourlog_reject(log=log, user=client_user, reason="Not agreed")
    hours.hourlog_dispute(log=log, user=freelancer)
    hours.hourlog_resolve(log=log, actor=staff_user, release_amount=0)
    assert hour_selectors.hourly_held(contract=hourly_contract) == 100_000
    assert not LedgerTransaction.objects.filter(kind=TransactionKind.RESOLUTION).exists()


# --- Automatic approval --------------------------------------------------------------------


def age(log, days):
    HourLog.objects.filter(pk=log.pk).update(submitted_at=timezone.now() - timedelta(days=days))


def test_a_week_left_alone_for_seven_days_is_approved_once(
    hourly_contract, client_user, freelancer, topped_up, weeks_ago
):
    """Due and covered: approved automatically; a second run approves nothing more."""
    topped_up(200_000)
    due = log_week(hourly_contract, freelancer, weeks_ago(2))
    fresh = log_week(hourly_contract, freelancer, weeks_ago(1))
    age(due, 7)
    age(fresh, 6)
    assert hours.hourlogs_auto_approve() == 1
    assert hours.hourlogs_auto_approve() == 0
    due.refresh_from_db()
    fresh.refresh_from_db()
    assert (due.status, due.approved_automatically) == (HourLogStatus.APPROVED, True)
    assert fresh.status == HourLogStatus.SUBMITTED
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1
    assert [m["recipient_id"] for m in emails("hours_auto_approved")] == [client_user.pk]


def test_automatic_approval_waits_when_escrow_falls_short(
    hourly_contract, freelancer, topped_up, weeks_ago
):
    topped_up(10_000)
    log = log_week(hourly_contract, freelancer, weeks_ago(2))
    age(log, 8)
    assert hours.hourlogs_auto_approve() == 0
    log.refresh_from_db()
    assert log.status == HourLogStatus.SUBMITTED


def test_the_task_approves_due_logs(hourly_contract, freelancer, topped_up, weeks_ago):
    from gigs.tasks import approve_due_hour_logs

    topped_up(100_000)
    age(log_week(hourly_contract, freelancer, weeks_ago(2)), 9)
    assert approve_due_hour_logs() == 1
    assert approve_due_hour_logs() == 0


def test_the_task_is_in_the_beat_schedule():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "gigs.tasks.approve_due_hour_logs" in tasks


# --- E-mails -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind",
    [
        "hours_submitted",
        "hours_approved",
        "hours_auto_approved",
        "hours_rejected",
        "hours_disputed",
        "hours_resolved",
    ],
)
def test_each_hours_email_renders(hourly_contract, freelancer, weeks_ago, kind):
    from django.core import mail

    from gigs.notifications import contract_email_send

    log = log_week(hourly_contract, freelancer, weeks_ago(1))
    sent = contract_email_send(
        contract_id=hourly_contract.pk,
        kind=kind,
        recipient_id=freelancer.pk,
        hour_log_id=log.pk,
    )
    assert sent == 1
    assert hourly_contract.gig.title in mail.outbox[0].subject
    assert f"week of {log.week.day} {log.week:%B %Y}" in mail.outbox[0].body
    assert f"/gigs/contracts/{hourly_contract.pk}/" in mail.outbox[0].body


def test_funding_request_subjects_are_the_clients_only(hourly_contract, stranger):
    """A stranger's request under a lookalike subject is not the contract's."""
    FundingRequest.objects.create(
        client=stranger,
        subject=f"hourly:{hourly_contract.pk}:topup:abc",
        amount=100,
        currency="GBP",
        provider="bank_transfer",
        reference="PMG-X",
    )
    assert selectors.funding_requests_open(contract=hourly_contract) == {}


def test_database_keeps_one_log_a_week_and_a_weeks_bounds(hourly_contract, freelancer, weeks_ago):
    """Written around the service, a second log for a week, or a week of more than 168
    hours, breaks a constraint."""
    from django.db import IntegrityError, transaction

    log = log_week(hourly_contract, freelancer, weeks_ago(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        HourLog.objects.create(
            contract=hourly_contract, week=log.week, minutes=60, description="x", amount=9_000
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        HourLog.objects.create(
            contract=hourly_contract,
            week=weeks_ago(2),
            minutes=168 * 60 + 1,
            description="x",
            amount=9_000,
        )
    assert HourLog.objects.count() == 1
