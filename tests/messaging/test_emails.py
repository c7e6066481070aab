"""Message e-mails: one per thread and recipient per quiet period, never for a muted thread."""

from datetime import timedelta

import pytest
from django.utils import timezone

from messaging import notifications, services, tasks
from messaging.models import ThreadMember
from outbox.models import OutboxMessage

QUIET = 600


@pytest.fixture(autouse=True)
def _quiet(settings):
    settings.MESSAGING_EMAIL_QUIET_SECONDS = QUIET
    settings.SITE_URL = "https://pm.example"


def send(thread, sender, body, *, at):
    return services.message_send(thread=thread, sender=sender, body=body, now=at)


def later(minutes):
    return timezone.now() + timedelta(minutes=minutes)


def batch(thread, recipient, *, at, capture):
    """Run the batch for ``recipient`` at ``at`` and let the outbox deliver after commit."""
    with capture(execute=True):
        return notifications.thread_email_batch(
            thread_id=thread.pk, recipient_id=recipient.pk, now=at
        )


def test_several_messages_make_one_email(
    contract_thread, client_user, freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    """Three messages in a row, then quiet: one e-mail quoting all three, to the recipient."""
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for minute, body in enumerate(["First", "Second", "Third https://x.example"]):
            send(contract_thread, client_user, body, at=now + timedelta(minutes=minute))
    # Eager Celery ran each message's task at once, inside the quiet period: nothing yet.
    assert mailoutbox == []
    assert batch(
        contract_thread, freelancer, at=later(15), capture=django_capture_on_commit_callbacks
    )
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [freelancer.email]
    assert email.subject.startswith("3 new messages from Clara Client")
    for body in ("First", "Second", "Third https://x.example"):
        assert body in email.body
    assert f"https://pm.example/messages/{contract_thread.pk}/" in email.body


def test_without_a_quiet_period_a_message_is_mailed_at_once(
    settings,
    contract_thread,
    client_user,
    freelancer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """The embedded profile's zero quiet period: the message's own batch sends its e-mail."""
    settings.MESSAGING_EMAIL_QUIET_SECONDS = 0
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        send(contract_thread, client_user, "Are you free on Monday?", at=now)
    batch(contract_thread, freelancer, at=now, capture=django_capture_on_commit_callbacks)
    assert [email.to for email in mailoutbox] == [[freelancer.email]]
    assert "Are you free on Monday?" in mailoutbox[0].body


def test_batch_is_safe_to_run_twice(
    contract_thread, client_user, freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    """The same batch run again (a retried task, a second queued task) sends nothing more."""
    send(contract_thread, client_user, "Hello", at=timezone.now())
    capture = django_capture_on_commit_callbacks
    assert batch(contract_thread, freelancer, at=later(11), capture=capture)
    assert not batch(contract_thread, freelancer, at=later(11), capture=capture)
    assert not batch(contract_thread, freelancer, at=later(30), capture=capture)
    assert len(mailoutbox) == 1
    assert OutboxMessage.objects.filter(handler__startswith="messaging.").count() == 1


def test_nothing_while_the_thread_is_still_busy(
    contract_thread, client_user, freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    """A message younger than the quiet period holds the batch back."""
    now = timezone.now()
    send(contract_thread, client_user, "One", at=now)
    send(contract_thread, client_user, "Two", at=now + timedelta(minutes=8))
    capture = django_capture_on_commit_callbacks
    assert not batch(contract_thread, freelancer, at=now + timedelta(minutes=12), capture=capture)
    assert batch(contract_thread, freelancer, at=now + timedelta(minutes=19), capture=capture)
    assert len(mailoutbox) == 1


def test_a_later_message_makes_a_second_email_with_only_itself(
    contract_thread, client_user, freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    """A message after a sent batch makes a new e-mail quoting only what is new."""
    now = timezone.now()
    capture = django_capture_on_commit_callbacks
    send(contract_thread, client_user, "Old news", at=now)
    batch(contract_thread, freelancer, at=now + timedelta(minutes=11), capture=capture)
    send(contract_thread, client_user, "Fresh news", at=now + timedelta(minutes=20))
    batch(contract_thread, freelancer, at=now + timedelta(minutes=31), capture=capture)
    assert len(mailoutbox) == 2
    assert "Fresh news" in mailoutbox[1].body
    assert "Old news" not in mailoutbox[1].body
    assert mailoutbox[1].subject.startswith("1 new message from")


def test_muted_thread_sends_nothing(
    contract_thread, client_user, freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    """A muted thread's messages make no e-mail."""
    services.thread_mute(thread=contract_thread, user=freelancer)
    send(contract_thread, client_user, "Hello", at=timezone.now())
    assert not batch(
        contract_thread, freelancer, at=later(11), capture=django_capture_on_commit_callbacks
    )
    assert mailoutbox == []


def test_muting_after_the_batch_is_queued_stops_the_email(
    contract_thread, client_user, freelancer, mailoutbox
):
    """Muting between the batch and its delivery still sends nothing."""
    send(contract_thread, client_user, "Hello", at=timezone.now())
    assert notifications.thread_email_batch(
        thread_id=contract_thread.pk, recipient_id=freelancer.pk, now=later(11)
    )
    services.thread_mute(thread=contract_thread, user=freelancer)
    message = OutboxMessage.objects.get(handler__startswith="messaging.")
    assert notifications.thread_email_send(**message.kwargs) == 0
    assert mailoutbox == []


def test_messages_read_before_the_batch_send_nothing(
    contract_thread, client_user, freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    """Messages read within the quiet period are not e-mailed."""
    send(contract_thread, client_user, "Hello", at=timezone.now())
    services.thread_read(thread=contract_thread, user=freelancer, now=later(2))
    assert not batch(
        contract_thread, freelancer, at=later(11), capture=django_capture_on_commit_callbacks
    )
    assert mailoutbox == []


def test_own_messages_are_not_mailed_to_oneself(
    contract_thread, client_user, mailoutbox, django_capture_on_commit_callbacks
):
    """A sender's own messages never make an e-mail to them."""
    send(contract_thread, client_user, "Hello", at=timezone.now())
    assert not batch(
        contract_thread, client_user, at=later(11), capture=django_capture_on_commit_callbacks
    )
    assert mailoutbox == []


def test_each_side_gets_its_own_batch(
    contract_thread, client_user, freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    """The sweep batches per recipient: only the side with unread messages is e-mailed."""
    now = timezone.now()
    send(contract_thread, client_user, "Question", at=now)
    send(contract_thread, freelancer, "Answer", at=now + timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.thread_emails_due(now=now + timedelta(minutes=12)) == 1
    # Replying read the question, so only the client hears of the answer.
    assert [email.to for email in mailoutbox] == [[client_user.email]]
    assert "Answer" in mailoutbox[0].body


def test_the_sweep_sends_batches_whose_task_was_lost(
    contract_thread, client_user, freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    """With the broker down nothing is queued; the periodic sweep sends the batch once."""
    send(contract_thread, client_user, "Hello", at=timezone.now() - timedelta(minutes=20))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_thread_emails.delay().get() == 1
        assert tasks.send_due_thread_emails.delay().get() == 0
    assert len(mailoutbox) == 1


def test_send_schedules_the_batch_after_the_quiet_period(
    contract_thread, client_user, freelancer, monkeypatch, django_capture_on_commit_callbacks
):
    """Each message schedules its recipient's batch task, delayed by the quiet period."""
    calls = []
    monkeypatch.setattr(
        tasks.send_thread_email, "apply_async", lambda **kwargs: calls.append(kwargs)
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(contract_thread, client_user, "Hello", at=timezone.now())
    assert len(calls) == 1
    assert calls[0]["args"] == [contract_thread.pk, freelancer.pk]
    assert calls[0]["countdown"] == QUIET


def test_email_carries_a_one_click_mute_link(
    contract_thread, client_user, freelancer, mailoutbox, django_capture_on_commit_callbacks, client
):
    """The link mutes without signing in, by POST (RFC 8058); opening it only asks."""
    send(contract_thread, client_user, "Hello", at=timezone.now())
    batch(contract_thread, freelancer, at=later(11), capture=django_capture_on_commit_callbacks)
    email = mailoutbox[0]
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in email.body
    path = url.removeprefix("https://pm.example")
    assert client.get(path).status_code == 200
    assert not ThreadMember.objects.get(user=freelancer).is_muted
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert ThreadMember.objects.get(user=freelancer).is_muted
    assert client.post(path).status_code == 200
    assert client.get(path.replace("/mute/", "/mute/x")).status_code == 404
