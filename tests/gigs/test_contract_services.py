"""Contracts and milestones: accepting a proposal, then each milestone step and refusal."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from gigs import selectors
from gigs.domain import ContractStatus, GigStatus, MilestoneStatus, ProposalStatus
from gigs.errors import CurrencyMismatch, IdempotencyConflict, InsufficientFunds
from gigs.models import (
    AccountKind,
    Contract,
    FundingRequest,
    LedgerEntry,
    LedgerTransaction,
    Milestone,
    TransactionKind,
)
from gigs.services import contracts as services
from gigs.services import lifecycle
from outbox.models import OutboxMessage
from tests.gigs.factories import GigFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def transfer_request(milestone, client_user):
    """The funding request a client gets when their funds fall short."""
    request = services.milestone_fund(milestone=milestone, user=client_user).request
    assert request is not None
    return request


def first(contract):
    return contract.milestones.order_by("position").first()


def funded(contract, deposit, client_user):
    milestone = first(contract)
    deposit(client_user, milestone.amount)
    services.milestone_fund(milestone=milestone, user=client_user)
    return Milestone.objects.get(pk=milestone.pk)


def submitted(contract, deposit, client_user, freelancer):
    milestone = funded(contract, deposit, client_user)
    return services.milestone_submit(milestone=milestone, user=freelancer)


def emails(kind):
    return [
        m.kwargs
        for m in OutboxMessage.objects.filter(handler__endswith="contract_email_send")
        if m.kwargs["kind"] == kind
    ]


# --- Accepting ------------------------------------------------------------------------------


def test_accept_makes_contract_from_the_plan(contract, gig, freelancer):
    """The contract takes the gig's type and currency and the proposal's price and plan."""
    assert (contract.contract_type, contract.currency, contract.price) == ("fixed", "GBP", 250_000)
    assert contract.freelancer == freelancer
    rows = list(contract.milestones.values_list("position", "title", "amount", "status"))
    assert rows == [
        (1, "Interviews and synthesis", 100_000, "proposed"),
        (2, "PRD and review", 150_000, "proposed"),
    ]
    assert all(m.agreed_at for m in contract.milestones.all())
    gig.refresh_from_db()
    assert gig.status == GigStatus.IN_PROGRESS
    assert contract.proposal.status == ProposalStatus.ACCEPTED
    assert emails("accepted") == [
        {
            "contract_id": contract.pk,
            "kind": "accepted",
            "recipient_id": freelancer.pk,
            "milestone_id": None,
        }
    ]


def test_accept_without_plan_makes_one_milestone(gig, client_user, freelancer):
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer, price=240_000)
    contract = lifecycle.proposal_accept(proposal=proposal, user=client_user)
    assert list(contract.milestones.values_list("title", "amount")) == [
        ("The whole project", 240_000)
    ]


def test_accept_declines_the_others_and_tells_them(
    gig, client_user, freelancer, django_capture_on_commit_callbacks
):
    """Other live proposals are declined and their freelancers e-mailed; withdrawn ones stay."""
    other = ProposalFactory.create(gig=gig, status=ProposalStatus.SHORTLISTED)
    withdrawn = ProposalFactory.create(gig=gig, status=ProposalStatus.WITHDRAWN)
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.proposal_accept(proposal=proposal, user=client_user)
    other.refresh_from_db()
    withdrawn.refresh_from_db()
    assert other.status == ProposalStatus.DECLINED
    assert withdrawn.status == ProposalStatus.WITHDRAWN
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([other.freelancer.email, freelancer.email])
    accepted = next(m for m in mail.outbox if m.to == [freelancer.email])
    assert "accepted" in accepted.subject


def test_accept_counts_as_a_hire(contract, gig, client_user):
    assert selectors.client_history(client=client_user).hires == 1


def test_accept_on_a_closed_gig(client_user, freelancer):
    gig = GigFactory.create(client=client_user, status=GigStatus.CLOSED)
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    lifecycle.proposal_accept(proposal=proposal, user=client_user)
    gig.refresh_from_db()
    assert gig.status == GigStatus.IN_PROGRESS


@pytest.mark.parametrize("who", ["freelancer", "stranger"])
def test_only_the_client_accepts(gig, freelancer, stranger, who):
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    with pytest.raises(PermissionDenied):
        lifecycle.proposal_accept(
            proposal=proposal, user={"freelancer": freelancer, "stranger": stranger}[who]
        )
    assert not Contract.objects.exists()


@pytest.mark.parametrize("status", [ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN])
def test_accept_refuses_a_dead_proposal(gig, client_user, freelancer, status):
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer, status=status)
    with pytest.raises(services.TransitionError):
        lifecycle.proposal_accept(proposal=proposal, user=client_user)
    assert not Contract.objects.exists()


@pytest.mark.parametrize("status", [GigStatus.DRAFT, GigStatus.CANCELLED, GigStatus.IN_PROGRESS])
def test_accept_refuses_a_gig_not_hiring(client_user, freelancer, status):
    gig = GigFactory.create(client=client_user, status=status)
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    with pytest.raises(services.TransitionError):
        lifecycle.proposal_accept(proposal=proposal, user=client_user)


def test_second_accept_on_one_gig_is_refused(contract, gig, client_user):
    later = ProposalFactory.create(gig=gig, status=ProposalStatus.SUBMITTED)
    with pytest.raises(services.TransitionError):
        lifecycle.proposal_accept(proposal=later, user=client_user)
    assert Contract.objects.count() == 1


# --- Funding --------------------------------------------------------------------------------


def test_fund_moves_client_funds_into_escrow(contract, client_user, freelancer, deposit):
    milestone = first(contract)
    deposit(client_user, 100_000)
    outcome = services.milestone_fund(milestone=milestone, user=client_user)
    assert outcome.request is None
    assert outcome.milestone.status == MilestoneStatus.FUNDED
    held = selectors.escrow_held(
        client=client_user, subject=f"milestone:{milestone.pk}", currency="GBP"
    )
    assert held == 100_000
    assert emails("funded")[0]["recipient_id"] == freelancer.pk


def test_fund_short_asks_for_a_transfer(contract, client_user):
    """Without enough funds nothing moves: a funding request with a reference, reused."""
    milestone = first(contract)
    outcome = services.milestone_fund(milestone=milestone, user=client_user)
    assert outcome.request is not None and outcome.request.reference.startswith("PMG-")
    assert outcome.request.amount == 100_000
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PROPOSED
    again = services.milestone_fund(milestone=milestone, user=client_user)
    assert again.request == outcome.request
    assert not LedgerTransaction.objects.exists()


def test_staff_record_the_transfer_and_fund(contract, client_user, staff_user):
    milestone = first(contract)
    request = transfer_request(milestone, client_user)
    funded_milestone = services.funding_record(
        actor=staff_user, funding=request, amount=100_000, currency="GBP", idempotency_key="t1"
    )
    assert funded_milestone is not None and funded_milestone.status == MilestoneStatus.FUNDED
    # Recording the same transfer again moves nothing more.
    services.funding_record(
        actor=staff_user, funding=request, amount=100_000, currency="GBP", idempotency_key="t1"
    )
    assert LedgerTransaction.objects.filter(kind=TransactionKind.DEPOSIT).count() == 1
    assert LedgerTransaction.objects.filter(kind=TransactionKind.FUND).count() == 1


def test_a_short_transfer_waits_in_client_funds(contract, client_user, staff_user):
    milestone = first(contract)
    request = transfer_request(milestone, client_user)
    assert (
        services.funding_record(
            actor=staff_user, funding=request, amount=40_000, currency="GBP", idempotency_key="t"
        )
        is None
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PROPOSED


def test_a_transfer_for_a_cancelled_milestone_stays_in_client_funds(
    contract, client_user, staff_user
):
    """The milestone no longer waits for money: the transfer is the client's to use later."""
    milestone = first(contract)
    request = transfer_request(milestone, client_user)
    Milestone.objects.filter(pk=milestone.pk).update(status=MilestoneStatus.CANCELLED)
    recorded = services.funding_record(
        actor=staff_user, funding=request, amount=100_000, currency="GBP", idempotency_key="t"
    )
    assert recorded is None
    assert selectors.balances(owner=client_user)[("client_funds", "GBP")] == 100_000
    assert not LedgerTransaction.objects.filter(kind=TransactionKind.FUND).exists()


def test_a_transfer_in_another_currency_is_refused_even_when_nothing_waits(
    contract, client_user, staff_user
):
    """A EUR transfer recorded against a GBP request is refused, funded subject or not."""
    milestone = first(contract)
    request = transfer_request(milestone, client_user)
    Milestone.objects.filter(pk=milestone.pk).update(status=MilestoneStatus.CANCELLED)
    with pytest.raises(CurrencyMismatch):
        services.funding_record(
            actor=staff_user, funding=request, amount=100_000, currency="EUR", idempotency_key="t"
        )
    assert not LedgerTransaction.objects.exists()


def test_only_staff_record_transfers(contract, client_user):
    request = transfer_request(first(contract), client_user)
    with pytest.raises(PermissionDenied):
        services.funding_record(
            actor=client_user, funding=request, amount=100_000, currency="GBP", idempotency_key="t"
        )


@pytest.mark.parametrize("who", ["freelancer", "stranger"])
def test_only_the_client_funds(contract, freelancer, stranger, deposit, client_user, who):
    deposit(client_user, 100_000)
    user = {"freelancer": freelancer, "stranger": stranger}[who]
    with pytest.raises(PermissionDenied):
        services.milestone_fund(milestone=first(contract), user=user)


def test_a_funded_milestone_is_not_funded_twice(contract, client_user, deposit):
    milestone = funded(contract, deposit, client_user)
    deposit(client_user, 100_000)
    with pytest.raises(services.TransitionError):
        services.milestone_fund(milestone=milestone, user=client_user)
    assert LedgerTransaction.objects.filter(kind=TransactionKind.FUND).count() == 1


# --- Submitting and releasing ---------------------------------------------------------------


def test_submit_is_the_freelancers_on_a_funded_milestone(
    contract, client_user, freelancer, deposit
):
    milestone = first(contract)
    with pytest.raises(services.TransitionError):
        services.milestone_submit(milestone=milestone, user=freelancer)
    milestone = funded(contract, deposit, client_user)
    with pytest.raises(PermissionDenied):
        services.milestone_submit(milestone=milestone, user=client_user)
    done = services.milestone_submit(milestone=milestone, user=freelancer)
    assert done.status == MilestoneStatus.SUBMITTED
    assert emails("submitted")[0]["recipient_id"] == client_user.pk


def test_release_pays_the_freelancer_less_the_fee(contract, client_user, freelancer, deposit):
    """GBP 1,000 released: 20% of the first 500 and 7.5% of the next 500 is a 137.50 fee."""
    milestone = submitted(contract, deposit, client_user, freelancer)
    released = services.milestone_release(
        milestone=milestone, user=client_user, idempotency_key="r"
    )
    assert released.status == MilestoneStatus.RELEASED
    fee = LedgerEntry.objects.get(account__kind=AccountKind.PLATFORM_FEES)
    assert fee.amount == 13_750
    assert selectors.balances(owner=freelancer)[("available", "GBP")] == 86_250
    assert emails("released")[0]["recipient_id"] == freelancer.pk


def test_fee_preview_matches_what_release_charges(contract, client_user, freelancer, deposit):
    """The page's preview is what the ledger then charges, and the next one continues the tiers."""
    preview = selectors.milestone_rows(contract=contract)
    assert [(row.fee, row.receives) for row in preview] == [
        (13_750, 86_250),
        (11_250, 138_750),  # 7.5% of 1,500: the pair has billed past the first tier
    ]
    milestone = submitted(contract, deposit, client_user, freelancer)
    services.milestone_release(milestone=milestone, user=client_user)
    rows = selectors.milestone_rows(contract=contract)
    assert (rows[0].fee, rows[0].receives, rows[0].settled) == (13_750, 86_250, True)
    assert (rows[1].fee, rows[1].settled) == (11_250, False)


def test_unfunded_release_is_refused(contract, client_user):
    with pytest.raises(services.TransitionError):
        services.milestone_release(milestone=first(contract), user=client_user)
    assert not LedgerTransaction.objects.exists()


def test_funded_but_unsubmitted_release_is_refused(contract, client_user, deposit):
    milestone = funded(contract, deposit, client_user)
    with pytest.raises(services.TransitionError):
        services.milestone_release(milestone=milestone, user=client_user)


def test_double_release_is_refused(contract, client_user, freelancer, deposit):
    milestone = submitted(contract, deposit, client_user, freelancer)
    services.milestone_release(milestone=milestone, user=client_user)
    with pytest.raises(services.TransitionError):
        services.milestone_release(milestone=milestone, user=client_user)
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1


@pytest.mark.parametrize("who", ["freelancer", "stranger"])
def test_release_of_someone_elses_milestone_is_refused(
    contract, client_user, freelancer, stranger, deposit, who
):
    milestone = submitted(contract, deposit, client_user, freelancer)
    user = {"freelancer": freelancer, "stranger": stranger}[who]
    with pytest.raises(PermissionDenied):
        services.milestone_release(milestone=milestone, user=user)
    assert not LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).exists()


def test_release_replayed_with_its_key_answers_alike(contract, client_user, freelancer, deposit):
    milestone = submitted(contract, deposit, client_user, freelancer)
    services.milestone_release(milestone=milestone, user=client_user, idempotency_key="once")
    again = services.milestone_release(
        milestone=milestone, user=client_user, idempotency_key="once"
    )
    assert again.status == MilestoneStatus.RELEASED
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1


def test_a_release_key_reused_on_another_milestone_is_refused(
    contract, client_user, freelancer, deposit
):
    milestone = submitted(contract, deposit, client_user, freelancer)
    services.milestone_release(milestone=milestone, user=client_user, idempotency_key="k")
    second = contract.milestones.get(position=2)
    deposit(client_user, second.amount)
    services.milestone_fund(milestone=second, user=client_user)
    services.milestone_submit(milestone=second, user=freelancer)
    with pytest.raises(IdempotencyConflict):
        services.milestone_release(milestone=second, user=client_user, idempotency_key="k")
    second.refresh_from_db()
    assert second.status == MilestoneStatus.SUBMITTED


def test_last_release_completes_the_contract_and_gig(
    contract, gig, client_user, freelancer, deposit
):
    for milestone in contract.milestones.order_by("position"):
        deposit(client_user, milestone.amount)
        services.milestone_fund(milestone=milestone, user=client_user)
        services.milestone_submit(milestone=milestone, user=freelancer)
        contract.refresh_from_db()
        assert contract.status == ContractStatus.ACTIVE
        services.milestone_release(milestone=milestone, user=client_user)
    contract.refresh_from_db()
    gig.refresh_from_db()
    assert contract.status == ContractStatus.COMPLETED
    assert gig.status == GigStatus.COMPLETED


# --- Disputes and refunds -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["client_user", "freelancer"])
def test_either_side_disputes(contract, client_user, freelancer, deposit, who):
    milestone = submitted(contract, deposit, client_user, freelancer)
    user = {"client_user": client_user, "freelancer": freelancer}[who]
    disputed = services.milestone_dispute(milestone=milestone, user=user)
    assert disputed.status == MilestoneStatus.DISPUTED
    other = freelancer if user == client_user else client_user
    assert emails("disputed")[0]["recipient_id"] == other.pk
    with pytest.raises(services.TransitionError):
        services.milestone_release(milestone=milestone, user=client_user)


def test_dispute_refusals(contract, client_user, stranger):
    milestone = first(contract)
    with pytest.raises(services.TransitionError):
        services.milestone_dispute(milestone=milestone, user=client_user)
    with pytest.raises(PermissionDenied):
        services.milestone_dispute(milestone=milestone, user=stranger)


def test_staff_resolve_with_a_split(contract, client_user, freelancer, staff_user, deposit):
    milestone = submitted(contract, deposit, client_user, freelancer)
    services.milestone_dispute(milestone=milestone, user=client_user)
    resolved = services.milestone_resolve(
        milestone=milestone, actor=staff_user, release_amount=60_000, refund_amount=40_000
    )
    assert resolved.status == MilestoneStatus.RESOLVED
    money = selectors.balances(owner=client_user)
    assert money[("client_funds", "GBP")] == 40_000
    assert money[("escrow", "GBP")] == 0
    assert sorted(m["recipient_id"] for m in emails("resolved")) == sorted(
        [client_user.pk, freelancer.pk]
    )


def test_resolve_refusals(contract, client_user, freelancer, staff_user, deposit):
    milestone = submitted(contract, deposit, client_user, freelancer)
    with pytest.raises(services.TransitionError):
        services.milestone_resolve(
            milestone=milestone, actor=staff_user, release_amount=100_000, refund_amount=0
        )
    services.milestone_dispute(milestone=milestone, user=freelancer)
    with pytest.raises(PermissionDenied):
        services.milestone_resolve(
            milestone=milestone, actor=client_user, release_amount=0, refund_amount=100_000
        )
    with pytest.raises(ValidationError, match="add up"):
        services.milestone_resolve(
            milestone=milestone, actor=staff_user, release_amount=100_000, refund_amount=1
        )


def test_client_cancels_a_funded_milestone(contract, client_user, deposit):
    milestone = funded(contract, deposit, client_user)
    cancelled = services.milestone_cancel(
        milestone=milestone, user=client_user, idempotency_key="c"
    )
    assert cancelled.status == MilestoneStatus.REFUNDED
    assert selectors.balances(owner=client_user)[("client_funds", "GBP")] == 100_000


def test_client_cannot_cancel_submitted_work_but_staff_can(
    contract, client_user, freelancer, staff_user, deposit
):
    milestone = submitted(contract, deposit, client_user, freelancer)
    with pytest.raises(services.TransitionError):
        services.milestone_cancel(milestone=milestone, user=client_user)
    with pytest.raises(PermissionDenied):
        services.milestone_cancel(milestone=milestone, user=freelancer)
    assert services.milestone_cancel(milestone=milestone, user=staff_user).status == "refunded"


def test_cancel_of_an_unfunded_milestone_is_refused(contract, client_user):
    with pytest.raises(services.TransitionError):
        services.milestone_cancel(milestone=first(contract), user=client_user)


# --- Adding milestones ----------------------------------------------------------------------


def test_freelancer_proposes_and_client_funding_agrees(contract, client_user, freelancer, deposit):
    extra = services.milestone_add(
        contract=contract, user=freelancer, title="Launch checklist", amount=30_000
    )
    assert (extra.position, extra.status, extra.agreed_at) == (3, "proposed", None)
    deposit(client_user, 30_000)
    outcome = services.milestone_fund(milestone=extra, user=client_user)
    assert outcome.milestone.status == MilestoneStatus.FUNDED
    assert outcome.milestone.agreed_at is not None


def test_client_proposal_waits_for_the_freelancer(contract, client_user, freelancer, deposit):
    extra = services.milestone_add(
        contract=contract, user=client_user, title="Extra", amount=30_000
    )
    deposit(client_user, 30_000)
    with pytest.raises(services.TransitionError, match="not agreed"):
        services.milestone_fund(milestone=extra, user=client_user)
    with pytest.raises(PermissionDenied):
        services.milestone_agree(milestone=extra, user=client_user)
    services.milestone_agree(milestone=extra, user=freelancer)
    assert services.milestone_fund(milestone=extra, user=client_user).milestone.status == "funded"


@pytest.mark.parametrize(
    ("title", "amount", "field"),
    [
        ("Extra", 0, "amount"),
        ("Extra", -500, "amount"),
        ("Extra", 10.5, "amount"),
        ("Extra", "100", "amount"),
        ("Extra", 10**15, "amount"),
        ("", 30_000, "title"),
        ("Two\nlines", 30_000, "title"),
    ],
)
def test_bad_milestones_are_refused(contract, freelancer, title, amount, field):
    with pytest.raises(ValidationError) as error:
        services.milestone_add(contract=contract, user=freelancer, title=title, amount=amount)
    assert field in error.value.message_dict
    assert contract.milestones.count() == 2


def test_strangers_add_no_milestones(contract, stranger):
    with pytest.raises(PermissionDenied):
        services.milestone_add(contract=contract, user=stranger, title="Mine", amount=30_000)


def test_fund_checks_funds_under_lock(contract, client_user, deposit, monkeypatch):
    """Funds that vanish between the check and the move are refused by the ledger."""
    monkeypatch.setattr(services, "balances", lambda owner: {("client_funds", "GBP"): 10**9})
    with pytest.raises(InsufficientFunds):
        services.milestone_fund(milestone=first(contract), user=client_user)
    assert FundingRequest.objects.count() == 0


# --- E-mails --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["accepted", "funded", "submitted", "released", "disputed", "resolved"]
)
def test_each_contract_email_renders(contract, freelancer, kind):
    from gigs.notifications import contract_email_send

    sent = contract_email_send(
        contract_id=contract.pk,
        kind=kind,
        recipient_id=freelancer.pk,
        milestone_id=None if kind == "accepted" else first(contract).pk,
    )
    assert sent == 1
    assert contract.gig.title in mail.outbox[0].subject
    assert f"/gigs/contracts/{contract.pk}/" in mail.outbox[0].body


def test_contract_email_goes_to_parties_only(contract, stranger):
    from gigs.notifications import contract_email_send

    assert (
        contract_email_send(contract_id=contract.pk, kind="accepted", recipient_id=stranger.pk) == 0
    )
    assert contract_email_send(contract_id=0, kind="accepted", recipient_id=stranger.pk) == 0
