"""Every read the gig pages and API need, scoped to what the reader may see.

A proposal's text and price are for its freelancer, the gig's client and staff alone: every
selector that returns proposals takes the reader and answers 404 (Http404) for anyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from careers.models import Skill
from gigs import permissions
from gigs.domain import ACTIVE_PROPOSALS, POSTED, ProposalStatus
from gigs.models import FreelancerProfile, Gig, Invitation, PayoutMethod, Proposal

# A client's gigs and a freelancer's proposals fit on one page each for a long time; the cap
# keeps a very busy account's page bounded.
OWN_LIST_LIMIT = 200


@dataclass(frozen=True)
class ClientHistory:
    gigs_posted: int
    hires: int
    member_since: datetime


def _skills() -> Prefetch:
    return Prefetch("skills", queryset=Skill.objects.only("name", "slug").order_by("name"))


def gig_for_page(*, slug: str, user: User | AnonymousUser) -> Gig:
    """The gig ``user`` may see under ``slug``, with its client, company and skills; else 404."""
    gig = (
        Gig.objects.select_related("client", "company")
        .prefetch_related(_skills())
        .filter(slug=slug)
        .first()
    )
    if gig is None or not permissions.sees_gig(user, gig):
        raise Http404("No such gig.")
    return gig


def gig_taking_proposals(*, slug: str) -> Gig:
    """The listed gig under ``slug``: open and not hidden; else 404."""
    gig = Gig.objects.listed().filter(slug=slug).first()
    if gig is None:
        raise Http404("No open gig here.")
    return gig


def own_gig(*, slug: str, user: User | AnonymousUser) -> Gig:
    """The gig under ``slug`` if ``user`` is its client; 404 for everyone else, staff too."""
    if not user.is_authenticated:
        raise Http404("No such gig.")
    gig = (
        Gig.objects.select_related("company")
        .prefetch_related(_skills())
        .filter(slug=slug, client=user)
        .first()
    )
    if gig is None:
        raise Http404("No such gig.")
    return gig


def client_history(*, client: User) -> ClientHistory:
    """What a freelancer sees of a client: gigs posted, hires (none before contracts), since."""
    posted = Gig.objects.filter(client=client, status__in=POSTED).count()
    return ClientHistory(gigs_posted=posted, hires=0, member_since=client.date_joined)


def proposal_count(*, gig: Gig) -> int:
    return gig.proposals.filter(status__in=ACTIVE_PROPOSALS).count()


def gig_proposals(*, gig: Gig, user: User | AnonymousUser) -> list[Proposal]:
    """The proposals on ``gig`` for its client and staff, newest first; 404 for anyone else."""
    if not (permissions.is_client(user, gig) or user.is_staff):
        raise Http404("No such gig.")
    proposals = (
        gig.proposals.exclude(status=ProposalStatus.WITHDRAWN)
        .select_related("gig", "freelancer", "freelancer__freelancer_profile")
        .order_by("-created_at", "-id")
    )
    return list(proposals[:OWN_LIST_LIMIT])


def proposal_for(*, pk: int, user: User | AnonymousUser) -> Proposal:
    """The proposal ``pk`` for its freelancer, the gig's client and staff; 404 for others."""
    proposal = (
        Proposal.objects.select_related("gig", "gig__client", "freelancer").filter(pk=pk).first()
    )
    if proposal is None or not permissions.sees_proposal(user, proposal):
        raise Http404("No such proposal.")
    return proposal


def own_proposal(*, gig: Gig, user: User | AnonymousUser) -> Proposal | None:
    """The proposal ``user`` sent on ``gig``, if any."""
    if not user.is_authenticated:
        return None
    return Proposal.objects.filter(gig=gig, freelancer=user).first()


def client_gigs(*, user: User) -> QuerySet[Gig]:
    """A client's own gigs in every status, newest first, with their proposal counts."""
    active = Q(proposals__status__in=ACTIVE_PROPOSALS)
    return (
        Gig.objects.filter(client=user)
        .annotate(proposal_total=Count("proposals", filter=active))
        .order_by("-created_at", "-id")[:OWN_LIST_LIMIT]
    )


def freelancer_proposals(*, user: User) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(freelancer=user)
        .select_related("gig")
        .order_by("-created_at", "-id")[:OWN_LIST_LIMIT]
    )


def freelancer_invitations(*, user: User) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(freelancer=user)
        .select_related("gig")
        .order_by("-created_at", "-id")[:OWN_LIST_LIMIT]
    )


def profile_for_page(*, slug: str) -> FreelancerProfile:
    profile = (
        FreelancerProfile.objects.select_related("user")
        .prefetch_related(_skills(), "portfolio_items")
        .filter(slug=slug, user__is_active=True)
        .first()
    )
    if profile is None:
        raise Http404("No such freelancer.")
    return profile


def own_profile(*, user: User) -> FreelancerProfile | None:
    return (
        FreelancerProfile.objects.prefetch_related(_skills(), "portfolio_items", "payout_methods")
        .filter(user=user)
        .first()
    )


def payout_methods(*, profile: FreelancerProfile, user: User | AnonymousUser) -> list[PayoutMethod]:
    """A profile's payout methods, for its owner alone; everyone else gets none."""
    if not user.is_authenticated or profile.user_id != user.pk:
        return []
    return list(profile.payout_methods.all())
