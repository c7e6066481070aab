"""E-mail about new messages: one per thread and recipient once the thread goes quiet.

A message's send schedules ``thread_email_batch`` for its recipient after the quiet period
(MESSAGING_EMAIL_QUIET_SECONDS). A run finds the recipient's unread messages not yet
e-mailed; while the newest is younger than the quiet period it does nothing (the task of
that newer message will come), else it records one outbox e-mail for all of them and moves
the recipient's ``notified_through`` marker past them, under the member row's lock. So a
task run twice, or several tasks of one batch, send one e-mail; a muted thread sends none.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from messaging.models import Message, ThreadMember
from outbox import services as outbox
from outbox.mail import email_build, emails_send

# One e-mail quotes this many messages at most; the link leads to the rest.
EMAIL_MESSAGES_SHOWN = 10
EMAIL_PREVIEW_CHARS = 500
# The sweep looks back this far: older unread messages were e-mailed or muted long ago.
SWEEP_WINDOW = timedelta(days=2)
# Members per sweep: each costs a few short queries; the sweep runs every five minutes.
SWEEP_BATCH_SIZE = 500
_MUTE_SALT = "messaging.thread-mute"


def quiet_period() -> timedelta:
    return timedelta(seconds=settings.MESSAGING_EMAIL_QUIET_SECONDS)


def thread_email_batch(*, thread_id: int, recipient_id: int, now: datetime | None = None) -> bool:
    """Queue one e-mail of ``recipient_id``'s unread messages in the thread if it is quiet.

    True when an e-mail was queued by this call.
    """
    now = now or timezone.now()
    with transaction.atomic():
        member = (
            ThreadMember.objects.select_for_update()
            .filter(thread_id=thread_id, user_id=recipient_id)
            .first()
        )
        if member is None or member.is_muted or member.unread_count == 0:
            return False
        waiting = Message.objects.filter(thread_id=thread_id, pk__gt=member.notified_through)
        if member.last_read_at is not None:
            waiting = waiting.filter(created_at__gt=member.last_read_at)
        newest = (
            waiting.exclude(sender_id=recipient_id)
            .order_by("-pk")
            .values_list("pk", "created_at")
            .first()
        )
        if newest is None:
            return False
        newest_id, newest_at = newest
        if newest_at > now - quiet_period():
            return False
        outbox.message_queue(
            handler=thread_email_send,
            kwargs={
                "member_id": member.pk,
                "after_id": member.notified_through,
                "through_id": newest_id,
            },
        )
        member.notified_through = newest_id
        member.save(update_fields=["notified_through"])
        return True


def thread_emails_due(*, now: datetime | None = None, limit: int = SWEEP_BATCH_SIZE) -> int:
    """Batch every quiet thread with unread, un-mailed messages; return how many were queued.

    Catches batches whose own task the broker could not take.
    """
    now = now or timezone.now()
    quiet_since = now - quiet_period()
    due = (
        ThreadMember.objects.filter(
            unread_count__gt=0,
            is_muted=False,
            last_message_at__lte=quiet_since,
            last_message_at__gte=now - SWEEP_WINDOW,
        )
        .filter(
            Exists(
                Message.objects.filter(
                    thread_id=OuterRef("thread_id"), pk__gt=OuterRef("notified_through")
                ).exclude(sender_id=OuterRef("user_id"))
            )
        )
        .order_by("last_message_at", "pk")
        .values_list("thread_id", "user_id")
    )
    return sum(
        thread_email_batch(thread_id=thread_id, recipient_id=user_id, now=now)
        for thread_id, user_id in list(due[:limit])
    )


def thread_email_send(*, member_id: int, after_id: int, through_id: int) -> int:
    """Send the e-mail of one batch; called by the outbox after the batch commits.

    Sends nothing when the thread was muted or the messages were read in the meantime.
    """
    member = (
        ThreadMember.objects.select_related(
            "user",
            "thread__user_low",
            "thread__user_high",
            "thread__application__posting",
            "thread__proposal__gig",
            "thread__contract__gig",
            "thread__contract__order",
            "thread__offer",
        )
        .filter(pk=member_id)
        .first()
    )
    if member is None or member.is_muted or not member.user.is_active:
        return 0
    thread = member.thread
    messages = Message.objects.filter(thread=thread, pk__gt=after_id, pk__lte=through_id).exclude(
        sender_id=member.user_id
    )
    if member.last_read_at is not None:
        messages = messages.filter(created_at__gt=member.last_read_at)
    shown = list(messages.order_by("pk")[: EMAIL_MESSAGES_SHOWN + 1])
    if not shown:
        return 0
    other = thread.other(member.user_id)
    mute_url = settings.SITE_URL + reverse("messaging:mute", args=[mute_token(member)])
    context = {
        "other": other,
        "thread": thread,
        "messages": shown[:EMAIL_MESSAGES_SHOWN],
        "more": len(shown) > EMAIL_MESSAGES_SHOWN,
        "preview_chars": EMAIL_PREVIEW_CHARS,
        "thread_url": settings.SITE_URL + thread.get_absolute_url(),
        "mute_url": mute_url,
    }
    count = len(shown[:EMAIL_MESSAGES_SHOWN])
    noun = "message" if count == 1 else "messages"
    more = "+" if context["more"] else ""
    subject = f"{count}{more} new {noun} from {other}: {thread.subject_label}"
    body = render_to_string("messaging/email/new_messages.txt", context)
    # RFC 8058: mail clients offer "unsubscribe", which POSTs to the link without a session.
    headers = {
        "List-Unsubscribe": f"<{mute_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return emails_send(
        [email_build(subject=subject, body=body, to=[member.user.email], headers=headers)]
    )


def mute_token(member: ThreadMember) -> str:
    """The signed token of an e-mail's mute link: it names one person's side of one thread."""
    return signing.dumps(member.pk, salt=_MUTE_SALT)


def member_for_mute_token(token: str) -> ThreadMember | None:
    try:
        member_id = signing.loads(token, salt=_MUTE_SALT)
    except signing.BadSignature:
        return None
    return (
        ThreadMember.objects.select_related(
            "thread__user_low",
            "thread__user_high",
            "thread__application__posting",
            "thread__proposal__gig",
            "thread__contract__gig",
            "thread__contract__order",
            "thread__offer",
        )
        .filter(pk=member_id)
        .first()
    )
