"""Demo conversations for seed_demo: an application, a proposal, the contract and an offer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from gigs.demo import CLIENT_EMAIL, CONTRACT_GIG, FREELANCER_EMAIL, SECOND_CLIENT_EMAIL
from gigs.models import Contract, Offer, Proposal
from gigs.offer_demo import OFFERS
from jobs.models import Application
from messaging import services, stats
from messaging.models import Message, Thread

# (minutes ago, who writes: "them" the recruiter or client, "me" the demo candidate, text).
APPLICATION_TALK = [
    (300, "them", "Hi Casey, thanks for applying. Could you tell us more about the discovery "
     "interviews you ran? A short example is plenty."),
    (250, "me", "Happy to. Last quarter I ran twelve interviews with finance teams; the notes "
     "are summarised at https://example.com/casey/discovery-notes"),
    (120, "them", "Great, that helps. Are you free for a 30-minute call on Thursday?"),
]  # fmt: skip
PROPOSAL_TALK = [
    (280, "them", "Thanks for the proposal. Could the funnel analysis start next week?"),
    (200, "me", "Yes, Monday works. I would need read access to your analytics by Friday."),
    (30, "them", "Access is on its way. One more question: can the PRD cover mobile too?"),
]  # fmt: skip
CONTRACT_TALK = [
    (260, "them", "Welcome aboard! The interview list is in the shared folder."),
    (230, "me", "Thanks, got it. I will send the interview guide for review tomorrow."),
    (60, "me", "Work for the second milestone is submitted: eight interviews and the "
     "synthesis. Let me know if anything is unclear."),
]  # fmt: skip


# A question before buying: the second demo client asks about the demo freelancer's offer.
OFFER_TALK = [
    (90, "them", "Hi Casey, our PRD is 14 pages. Does the review cover a document that long?"),
    (45, "me", "Yes, up to 20 pages fits the three days. Send it over when you are ready."),
]  # fmt: skip


@dataclass(frozen=True)
class DemoMessages:
    threads: int
    messages: int


def seed_messages() -> DemoMessages:
    """Open the four demo threads and write their messages once, then compute response times."""
    candidate = User.objects.get(email=FREELANCER_EMAIL)
    client = User.objects.get(email=CLIENT_EMAIL)
    application = (
        Application.objects.filter(candidate=candidate)
        .select_related("posting__company", "posting__created_by")
        .order_by("pk")
        .first()
    )
    if application is not None:
        thread = services.thread_for_application(application=application, user=candidate)
        _talk(thread, candidate, APPLICATION_TALK)
    proposal = (
        Proposal.objects.filter(freelancer=candidate, gig__client=client, contract__isnull=True)
        .select_related("gig__client", "freelancer")
        .order_by("pk")
        .first()
    )
    if proposal is not None:
        _talk(
            services.thread_for_proposal(proposal=proposal, user=client), candidate, PROPOSAL_TALK
        )
    contract = Contract.objects.filter(gig__slug=CONTRACT_GIG[0]).first()
    if contract is not None:
        _talk(
            services.thread_for_contract(contract=contract, user=client), candidate, CONTRACT_TALK
        )
    offer = Offer.objects.listed().filter(slug=OFFERS[0][0], freelancer=candidate).first()
    asker = User.objects.filter(email=SECOND_CLIENT_EMAIL).first()
    if offer is not None and asker is not None:
        _talk(services.thread_for_offer(offer=offer, user=asker), candidate, OFFER_TALK)
    stats.response_times_refresh()
    mine = Thread.objects.filter(user_low=candidate) | Thread.objects.filter(user_high=candidate)
    return DemoMessages(
        threads=mine.count(), messages=Message.objects.filter(thread__in=mine).count()
    )


def _talk(thread: Thread, me: User, lines: list[tuple[int, str, str]]) -> None:
    if thread.messages.exists():
        return
    them = User.objects.get(pk=thread.other_id(me.pk))
    now = timezone.now()
    for minutes_ago, who, text in lines:
        sender = me if who == "me" else them
        services.message_send(
            thread=thread, sender=sender, body=text, now=now - timedelta(minutes=minutes_ago)
        )
