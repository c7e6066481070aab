"""seed_demo's conversations: an application, a proposal and the contract, written once."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from gigs.demo import FREELANCER_EMAIL
from messaging.models import Message, ResponseTime, Thread

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_demo", allow_production=not settings.EMBEDDED, stdout=out)
    return out.getvalue()


def test_seed_writes_three_conversations_once():
    """One thread per subject kind with messages; a second run adds nothing."""
    output = seed()
    threads = Thread.objects.all()
    assert sorted(thread.kind for thread in threads) == ["application", "contract", "proposal"]
    assert all(thread.messages.count() == 3 for thread in threads)
    assert "Messages: 3 conversations" in output
    counts = (Thread.objects.count(), Message.objects.count())
    seed()
    assert (Thread.objects.count(), Message.objects.count()) == counts
    candidate = User.objects.get(email=FREELANCER_EMAIL)
    assert ResponseTime.objects.get(user=candidate).sample_size == 3
