"""The outbox: written with the change, delivered once after commit, retried, given up on."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone

from outbox import delivery, services
from outbox.mail import email_build, emails_send
from outbox.models import MessageStatus, OutboxMessage
from outbox.tasks import drain_outbox

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.outbox.test_services.RefusingBackend"


def greeting_send(*, to: str) -> int:
    return emails_send([email_build(subject="Hello", body="Hi there", to=[to])])


def broken_send(*, to: str) -> int:
    raise ValueError(f"no template for {to}")


class RefusingBackend(EmailBackend):
    """A mail server that answers every message with a temporary failure."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def queue_greeting(to: str = "ada@example.com") -> OutboxMessage:
    return services.message_queue(handler=greeting_send, kwargs={"to": to})


def test_message_is_written_in_the_callers_transaction(django_capture_on_commit_callbacks):
    """The row exists before the change commits; delivery waits for the commit."""
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        message = queue_greeting()
        assert OutboxMessage.objects.filter(pk=message.pk, status=MessageStatus.PENDING).exists()
        assert callbacks == []
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_no_message_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    """A change that is rolled back leaves no message and sends nothing."""
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_greeting()
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_message_is_delivered_once_after_commit(django_capture_on_commit_callbacks):
    """After commit the message is sent and marked sent; delivering it again sends nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_greeting()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 1)
    assert message.sent_at is not None
    assert delivery.message_deliver(message_id=message.pk) is False
    assert drain_outbox.delay().get() == 0
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]


def test_drain_sends_what_the_broker_could_not_take(
    broker_down, django_capture_on_commit_callbacks
):
    """With the broker down the change still commits; the sweep sends the message later."""
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_greeting()
    assert mail.outbox == []
    assert delivery.messages_drain() == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(mail.outbox) == 1


def test_drain_sends_oldest_first_and_at_most_its_batch():
    """One sweep takes the oldest due messages up to its limit and leaves the rest due."""
    first, second, third = (queue_greeting(f"user{n}@example.com") for n in range(3))
    assert delivery.messages_drain(limit=2) == 2
    assert [m.to for m in mail.outbox] == [["user0@example.com"], ["user1@example.com"]]
    third.refresh_from_db()
    assert third.status == MessageStatus.PENDING


def test_smtp_error_schedules_a_retry_with_backoff(settings):
    """A mail server error keeps the message pending, records why and waits before retrying."""
    settings.EMAIL_BACKEND = FAILING_BACKEND
    message = queue_greeting()
    before = timezone.now()
    assert delivery.message_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 1)
    assert message.last_error.startswith("SMTPServerDisconnected")
    assert message.next_attempt_at >= before + delivery.RETRY_FIRST_WAIT


def test_a_message_waiting_for_its_retry_is_not_sent_early():
    """Neither the sweep nor a stray delivery sends a message before its next attempt."""
    message = queue_greeting()
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    assert delivery.messages_drain() == 0
    assert delivery.message_deliver(message_id=message.pk) is False
    assert mail.outbox == []


def test_a_retried_message_is_sent_once_the_server_is_back(settings):
    """After a failed attempt, the sweep sends the message when it is due again."""
    settings.EMAIL_BACKEND = FAILING_BACKEND
    message = queue_greeting()
    delivery.message_deliver(message_id=message.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert delivery.messages_drain() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 2, "")
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [
        (1, timedelta(minutes=1)),
        (2, timedelta(minutes=2)),
        (3, timedelta(minutes=4)),
        (6, timedelta(minutes=32)),
        (7, timedelta(hours=1)),
        (20, timedelta(hours=1)),
    ],
)
def test_the_wait_doubles_up_to_an_hour(attempts, wait):
    """Each failed attempt doubles the wait, capped at the longest wait."""
    assert delivery.retry_wait(attempts) == wait


def test_message_is_marked_failed_after_the_last_attempt(settings):
    """The last failed attempt marks the message failed; the sweep no longer takes it."""
    settings.EMAIL_BACKEND = FAILING_BACKEND
    message = queue_greeting()
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=delivery.MAX_ATTEMPTS - 1)
    delivery.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, delivery.MAX_ATTEMPTS)
    assert "SMTPServerDisconnected" in message.last_error
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert delivery.messages_drain() == 0


def test_a_message_that_cannot_succeed_fails_at_once():
    """An error that is not the network's (a bug, a bad template) is not retried."""
    message = services.message_queue(handler=broken_send, kwargs={"to": "ada@example.com"})
    assert delivery.message_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert message.last_error == "ValueError: no template for ada@example.com"


def test_retry_gives_failed_messages_fresh_attempts():
    """Retrying a failed message makes it pending and due now; sent ones are left alone."""
    failed = services.message_queue(handler=broken_send, kwargs={"to": "ada@example.com"})
    delivery.message_deliver(message_id=failed.pk)
    sent = queue_greeting()
    delivery.message_deliver(message_id=sent.pk)
    assert services.messages_retry(message_ids=[failed.pk, sent.pk]) == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (MessageStatus.PENDING, 0)
    assert failed.next_attempt_at <= timezone.now()


def test_messages_queue_writes_every_message_in_one_insert(django_assert_num_queries):
    """Queuing many messages costs one query, and each keeps its own arguments."""
    with django_assert_num_queries(1):
        messages = services.messages_queue(
            handler=greeting_send, kwargs_list=[{"to": "a@example.com"}, {"to": "b@example.com"}]
        )
    stored = OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).order_by("pk")
    assert [m.kwargs for m in stored] == [{"to": "a@example.com"}, {"to": "b@example.com"}]
    assert {m.handler for m in stored} == {"tests.outbox.test_services.greeting_send"}


def test_purge_deletes_only_messages_sent_long_ago():
    """Sent messages past the keeping period go; recent, pending and failed ones stay."""
    old, recent, pending = queue_greeting(), queue_greeting(), queue_greeting()
    failed = services.message_queue(handler=broken_send, kwargs={"to": "ada@example.com"})
    delivery.messages_drain()
    long_ago = timezone.now() - delivery.SENT_KEPT_FOR - timedelta(days=1)
    OutboxMessage.objects.filter(pk__in=[old.pk, failed.pk]).update(sent_at=long_ago)
    OutboxMessage.objects.filter(pk=pending.pk).update(status=MessageStatus.PENDING)
    assert delivery.messages_purge_sent() == 1
    remaining = set(OutboxMessage.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, pending.pk, failed.pk}
