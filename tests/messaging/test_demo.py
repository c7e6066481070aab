"""seed_demo's conversations: an application, a proposal, the contract, an offer; once."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from gigs.demo import FREELANCER_EMAIL, SECOND_CLIENT_EMAIL
from gigs.models import Offer
from messaging.models import Message, ResponseTime, Thread

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_demo", allow_production=not settings.EMBEDDED, stdout=out)
    return out.getvalue()


def test_seed_writes_four_conversations_once():
    """One thread per subject kind with messages; a second run adds nothing."""
    output = seed()
    threads = Thread.objects.all()
    assert sorted(thread.kind for thread in threads) == [
        "application",
        "contract",
        "offer",
        "proposal",
    ]
    assert sorted(thread.messages.count() for thread in threads) == [2, 3, 3, 3]
    assert "Messages: 4 conversations" in output
    counts = (Thread.objects.count(), Message.objects.count())
    seed()
    assert (Thread.objects.count(), Message.objects.count()) == counts
    candidate = User.objects.get(email=FREELANCER_EMAIL)
    assert ResponseTime.objects.get(user=candidate).sample_size == 4


def test_seed_asks_about_the_freelancers_offer_from_another_demo_user():
    """The offer question comes from the second demo client, not the seller, about a listed
    offer of the demo freelancer, and the seller answered it."""
    seed()
    thread = Thread.objects.get(offer__isnull=False)
    offer = Offer.objects.get(threads=thread)
    candidate = User.objects.get(email=FREELANCER_EMAIL)
    asker = User.objects.get(email=SECOND_CLIENT_EMAIL)
    assert offer.freelancer == candidate
    assert offer.is_buyable
    assert set(thread.participant_ids) == {candidate.pk, asker.pk}
    senders = list(thread.messages.values_list("sender_id", flat=True))
    assert senders == [asker.pk, candidate.pk]
