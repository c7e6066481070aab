"""The pure rules of gigs and proposals: transitions, budgets, milestones, masks."""

import pytest

from gigs import domain
from gigs.domain import BudgetType, GigStatus, ProposalStatus


@pytest.mark.parametrize(
    ("status", "action", "target"),
    [
        (GigStatus.DRAFT, "published", GigStatus.OPEN),
        (GigStatus.OPEN, "closed", GigStatus.CLOSED),
        (GigStatus.CLOSED, "reopened", GigStatus.OPEN),
        (GigStatus.DRAFT, "cancelled", GigStatus.CANCELLED),
        (GigStatus.OPEN, "cancelled", GigStatus.CANCELLED),
        (GigStatus.CLOSED, "cancelled", GigStatus.CANCELLED),
        (GigStatus.OPEN, "started", GigStatus.IN_PROGRESS),
        (GigStatus.IN_PROGRESS, "completed", GigStatus.COMPLETED),
    ],
)
def test_gig_transitions_lead_where_the_table_says(status, action, target):
    """Each allowed gig action moves it to its one target status."""
    assert domain.gig_target(status, action) == target


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (GigStatus.OPEN, "published"),
        (GigStatus.DRAFT, "closed"),
        (GigStatus.OPEN, "reopened"),
        (GigStatus.IN_PROGRESS, "cancelled"),
        (GigStatus.COMPLETED, "cancelled"),
        (GigStatus.CANCELLED, "reopened"),
        (GigStatus.DRAFT, "started"),
        (GigStatus.OPEN, "completed"),
    ],
)
def test_gig_transitions_refuse_other_statuses(status, action):
    """An action from a status the table does not list leads nowhere."""
    assert domain.gig_target(status, action) is None


def test_proposal_edits_stop_once_the_client_acts():
    """A freelancer edits a submitted proposal only; withdrawing is open until declined."""
    assert domain.proposal_allows(ProposalStatus.SUBMITTED, "edited")
    assert not domain.proposal_allows(ProposalStatus.SHORTLISTED, "edited")
    assert not domain.proposal_allows(ProposalStatus.DECLINED, "edited")
    assert domain.proposal_allows(ProposalStatus.SHORTLISTED, "withdrawn")
    assert not domain.proposal_allows(ProposalStatus.DECLINED, "withdrawn")
    assert not domain.proposal_allows(ProposalStatus.WITHDRAWN, "shortlisted")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"budget_min": 0}, "budget_min"),
        ({"budget_min": 50}, "budget_min"),
        ({"budget_min": 400_000}, "budget_max"),
        ({"budget_max": 10**12}, "budget_max"),
        ({"budget_type": BudgetType.HOURLY, "budget_max": 2_000_000}, "budget_max"),
        ({"currency": "XYZ"}, "currency"),
        ({"budget_type": "weekly"}, "budget_type"),
    ],
)
def test_budget_errors_name_the_field(fields, field):
    """Bounds below one unit or above the ceiling, backwards ranges and bad codes are refused."""
    budget = {
        "budget_min": 200_000,
        "budget_max": 300_000,
        "currency": "GBP",
        "budget_type": BudgetType.FIXED,
    }
    assert field in domain.budget_errors(**(budget | fields))


def test_plausible_budget_has_no_errors():
    """A GBP 2,000-3,000 fixed budget and a USD 80-120 hourly one are fine."""
    assert not domain.budget_errors(
        budget_min=200_000, budget_max=300_000, currency="GBP", budget_type="fixed"
    )
    assert not domain.budget_errors(
        budget_min=8_000, budget_max=12_000, currency="USD", budget_type="hourly"
    )


def test_milestones_must_add_up_to_a_fixed_price():
    """A fixed-price plan sums to the price; an hourly plan need not."""
    plan = [{"title": "Interviews", "amount": 100_000}, {"title": "PRD", "amount": 100_000}]
    assert domain.milestone_errors(plan, price=200_000, currency="GBP", fixed=True) is None
    assert "add up" in str(domain.milestone_errors(plan, price=250_000, currency="GBP", fixed=True))
    assert domain.milestone_errors(plan, price=9_000, currency="GBP", fixed=False) is None


@pytest.mark.parametrize(
    "plan",
    [
        "not a list",
        [{"title": "x"}],
        [{"title": "", "amount": 100}],
        [{"title": "a\nb", "amount": 100}],
        [{"title": "x", "amount": 0}],
        [{"title": "x", "amount": "100"}],
        [{"title": "x", "amount": 100, "extra": 1}],
        [{"title": "x", "amount": 100}] * 13,
    ],
)
def test_malformed_milestone_plans_are_refused(plan):
    """Only a short list of titled, positive whole amounts is a plan."""
    assert domain.milestone_errors(plan, price=None, currency="GBP", fixed=False)


def test_masks_show_only_what_identifies_the_method():
    """An account shows its last four characters, an address its first letter and domain."""
    assert domain.masked_account("6819") == "•••• 6819"
    assert domain.masked_email("jane.doe@example.com") == "j•••@example.com"


def test_budget_label_reads_naturally():
    assert (
        domain.budget_label(
            budget_min=200_000, budget_max=300_000, currency="GBP", budget_type="fixed"
        )
        == "GBP 2,000 – 3,000"
    )
    assert (
        domain.budget_label(
            budget_min=8_000, budget_max=8_000, currency="USD", budget_type="hourly"
        )
        == "USD 80 an hour"
    )
