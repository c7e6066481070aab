"""Races on PostgreSQL: one thread per subject and pair, one e-mail per batch."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from messaging import notifications, services, tasks
from messaging.models import Thread, ThreadMember
from outbox.models import OutboxMessage
from tests.gigs.test_ledger_postgres import in_threads

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks across connections are PostgreSQL's"
)
REQUESTS = 20


@pytest.mark.django_db(transaction=True)
def test_both_sides_opening_at_once_share_one_thread(contract, client_user, freelancer):
    """Twenty simultaneous opens from both sides make one thread with two members."""

    def open_thread(n):
        user = client_user if n % 2 else freelancer
        return services.thread_for_contract(contract=contract, user=user).pk

    outcomes = in_threads(REQUESTS, open_thread)
    assert len(set(outcomes)) == 1
    assert Thread.objects.count() == 1
    assert ThreadMember.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_simultaneous_batches_send_one_email(
    contract, client_user, freelancer, settings, monkeypatch
):
    """Twenty batch tasks of one burst running at once record one e-mail."""
    settings.MESSAGING_EMAIL_QUIET_SECONDS = 600
    # The send's own task waits on the broker; here the twenty below stand for it.
    monkeypatch.setattr(tasks.send_thread_email, "apply_async", lambda **kwargs: None)
    thread = services.thread_for_contract(contract=contract, user=client_user)
    services.message_send(
        thread=thread,
        sender=client_user,
        body="Hello",
        now=timezone.now() - timedelta(minutes=20),
    )

    def run(n):
        return notifications.thread_email_batch(thread_id=thread.pk, recipient_id=freelancer.pk)

    assert Counter(in_threads(REQUESTS, run)) == {True: 1, False: REQUESTS - 1}
    assert OutboxMessage.objects.filter(handler__startswith="messaging.").count() == 1
