"""A gig's life through its services: every transition and every refusal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gigs.domain import GigStatus
from gigs.models import Gig
from gigs.services import gigs as services
from tests.gigs.factories import GigFactory, ProposalFactory, gig_fields
from tests.jobs.factories import SkillFactory


def test_create_saves_a_draft_with_its_skills(client_user):
    """A new gig is a draft with no posting date until it is published."""
    skill = SkillFactory.create(name="Roadmapping")
    gig = services.gig_create(client=client_user, fields=gig_fields(), skills=[skill])
    assert gig.status == GigStatus.DRAFT
    assert gig.posted_at is None
    assert list(gig.skills.all()) == [skill]
    assert gig.slug.startswith("write-the-prd")


def test_create_and_publish_opens_the_gig(client_user):
    """Publishing at once opens the gig and dates it."""
    gig = services.gig_create(client=client_user, fields=gig_fields(), publish=True)
    assert gig.status == GigStatus.OPEN
    assert gig.posted_at is not None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"budget_min": 400_000}, "budget_max"),
        ({"budget_min": -5}, "budget_min"),
        ({"budget_max": 10**15}, "budget_max"),
        ({"currency": "ABC"}, "currency"),
        ({"title": "Two\nlines"}, "title"),
        ({"category": "astrology"}, "category"),
    ],
)
def test_create_refuses_bad_fields(client_user, overrides, field):
    """Bad amounts, currencies and text fail on their field and store nothing."""
    with pytest.raises(ValidationError) as error:
        services.gig_create(client=client_user, fields=gig_fields(**overrides))
    assert field in error.value.message_dict
    assert not Gig.objects.exists()


def test_create_for_a_company_needs_its_recruiter(recruiter, company, other_company):
    """A client posts for a company only if they recruit for it."""
    gig = services.gig_create(client=recruiter, fields=gig_fields(), company=company)
    assert gig.company == company
    with pytest.raises(PermissionDenied):
        services.gig_create(client=recruiter, fields=gig_fields(), company=other_company)


def test_publish_close_reopen_cancel(client_user):
    """Draft -> open -> closed -> open -> cancelled, each by its service."""
    gig = services.gig_create(client=client_user, fields=gig_fields())
    gig = services.gig_publish(gig=gig, user=client_user)
    assert gig.status == GigStatus.OPEN
    gig = services.gig_close(gig=gig, user=client_user)
    assert gig.status == GigStatus.CLOSED
    gig = services.gig_reopen(gig=gig, user=client_user)
    assert gig.status == GigStatus.OPEN
    gig = services.gig_cancel(gig=gig, user=client_user)
    assert gig.status == GigStatus.CANCELLED


@pytest.mark.parametrize(
    ("status", "service"),
    [
        (GigStatus.OPEN, services.gig_publish),
        (GigStatus.DRAFT, services.gig_close),
        (GigStatus.OPEN, services.gig_reopen),
        (GigStatus.CANCELLED, services.gig_cancel),
        (GigStatus.COMPLETED, services.gig_cancel),
    ],
)
def test_actions_refuse_the_wrong_status(client_user, status, service):
    """An action from a status the table does not allow raises TransitionError."""
    gig = GigFactory.create(client=client_user, status=status)
    with pytest.raises(services.TransitionError):
        service(gig=gig, user=client_user)
    gig.refresh_from_db()
    assert gig.status == status


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (services.gig_publish, GigStatus.DRAFT),
        (services.gig_close, GigStatus.OPEN),
        (services.gig_reopen, GigStatus.CLOSED),
        (services.gig_cancel, GigStatus.OPEN),
    ],
)
def test_actions_refuse_anyone_but_the_client(stranger, service, status):
    """Only the gig's client changes its status; anyone else leaves it as it was."""
    gig = GigFactory.create(status=status)
    with pytest.raises(PermissionDenied):
        service(gig=gig, user=stranger)
    gig.refresh_from_db()
    assert gig.status == status


def test_update_changes_fields_and_refuses_others(gig, client_user, stranger):
    """The client edits the gig; anyone else is refused."""
    services.gig_update(gig=gig, user=client_user, fields={"title": "A better title"})
    gig.refresh_from_db()
    assert gig.title == "A better title"
    with pytest.raises(PermissionDenied):
        services.gig_update(gig=gig, user=stranger, fields={"title": "Mine now"})


def test_update_refuses_a_gig_in_progress(client_user):
    """Once work starts the gig's terms stay."""
    gig = GigFactory.create(client=client_user, status=GigStatus.IN_PROGRESS)
    with pytest.raises(services.TransitionError):
        services.gig_update(gig=gig, user=client_user, fields={"title": "Changed"})


def test_update_keeps_currency_once_proposals_are_priced(gig, client_user):
    """Proposals are priced in the gig's currency and budget type, so those stay."""
    ProposalFactory.create(gig=gig)
    with pytest.raises(ValidationError) as error:
        services.gig_update(gig=gig, user=client_user, fields={"currency": "USD"})
    assert "currency" in error.value.message_dict
    gig.refresh_from_db()
    assert gig.currency == "GBP"


def test_hide_needs_staff_and_a_reason(gig, staff_user, client_user):
    """Staff hide a gig with a reason; clients cannot; a blank reason is refused."""
    with pytest.raises(PermissionDenied):
        services.gig_hide(gig=gig, moderator=client_user, reason="Spam")
    with pytest.raises(ValidationError):
        services.gig_hide(gig=gig, moderator=staff_user, reason="  ")
    gig = services.gig_hide(gig=gig, moderator=staff_user, reason="Off-topic for PMs.")
    assert gig.is_hidden
    assert not Gig.objects.listed().filter(pk=gig.pk).exists()
    gig = services.gig_unhide(gig=gig, moderator=staff_user)
    assert Gig.objects.listed().filter(pk=gig.pk).exists()
