"""Writes of messaging: open a thread on a subject, send, read, mute, and staff's dispute reads.

A thread is for its two people alone (on an offer: the one who asks and the seller). Staff
read a contract's thread only while one of its milestones is disputed, and every such read is
recorded; offers have no disputes, so staff never read their threads. E-mail about new messages is
batched per thread and recipient (messaging.notifications), scheduled once the send commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from core.validators import validate_multi_line
from gigs.models import Contract, Offer, Proposal
from gigs.permissions import in_dispute
from jobs.models import Application
from jobs.permissions import can_write
from jobs.services.applications import resume_type
from messaging import notifications, tasks
from messaging.models import Message, StaffAccess, Thread, ThreadMember
from outbox.broker import task_enqueue

# Long enough for a careful answer with a few paragraphs; longer belongs in an attachment.
MAX_MESSAGE_CHARS = 5000
ATTACHMENT_NAME_CHARS = 190


@dataclass(frozen=True)
class Opened:
    """A thread as one reader may see it: a participant (``member``) or staff in a dispute."""

    thread: Thread
    member: ThreadMember | None

    @property
    def is_staff_reader(self) -> bool:
        return self.member is None


# --- Threads on a subject ------------------------------------------------------------


def thread_for_application(*, application: Application, user: User) -> Thread:
    """The thread between the applicant and one of the posting's recruiters.

    A recruiter of the posting's company opens theirs with the applicant. The applicant gets
    the newest thread a recruiter has opened with them, else one with the recruiter who
    posted the role (or the company's first recruiter when that one has left).
    """
    posting = application.posting
    if user.pk == application.candidate_id:
        existing = (
            Thread.objects.filter(application=application)
            .filter(Q(user_low=user) | Q(user_high=user))
            .order_by("-created_at", "-id")
            .first()
        )
        if existing is not None:
            return existing
        recruiter = _posting_recruiter(application)
        if recruiter is None:
            raise ValidationError("Nobody recruits for this company any more.")
        return _thread_get_or_create(
            field="application", subject=application, users=(user, recruiter)
        )
    if can_write(user, posting.company):
        return _thread_get_or_create(
            field="application", subject=application, users=(user, application.candidate)
        )
    raise PermissionDenied("Only the applicant and the posting's recruiters talk about it.")


def thread_for_proposal(*, proposal: Proposal, user: User) -> Thread:
    """The thread between the proposal's freelancer and the gig's client."""
    sides = (proposal.freelancer_id, proposal.gig.client_id)
    if user.pk not in sides:
        raise PermissionDenied("Only the freelancer and the client talk about a proposal.")
    other = proposal.gig.client if user.pk == proposal.freelancer_id else proposal.freelancer
    return _thread_get_or_create(field="proposal", subject=proposal, users=(user, other))


def thread_for_contract(*, contract: Contract, user: User) -> Thread:
    """The thread between the contract's client and freelancer."""
    if user.pk not in (contract.client_id, contract.freelancer_id):
        raise PermissionDenied("Only the client and the freelancer talk about a contract.")
    other = contract.freelancer if user.pk == contract.client_id else contract.client
    return _thread_get_or_create(field="contract", subject=contract, users=(user, other))


class OwnOffer(ValidationError):
    """The seller asked to open a question thread on their own offer."""


def thread_for_offer(*, offer: Offer, user: User) -> Thread:
    """The thread between a prospective buyer and the offer's seller, before any purchase.

    Anyone signed in but the seller may ask about a listed offer. A thread already open stays
    the asker's to return to after the offer is paused or hidden.
    """
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Sign in to ask about an offer.")
    if user.pk == offer.freelancer_id:
        raise OwnOffer("This is your own offer: buyers' questions about it reach you here.")
    seller = offer.freelancer
    existing = Thread.objects.filter(offer=offer, **_pair_lookup(user, seller)).first()
    if existing is not None:
        return existing
    if not offer.is_buyable or not seller.is_active:
        raise PermissionDenied("Only a listed offer takes questions.")
    return _thread_get_or_create(field="offer", subject=offer, users=(user, seller))


def _pair_lookup(one: User, two: User) -> dict[str, User]:
    low, high = sorted((one, two), key=lambda user: user.pk)
    return {"user_low": low, "user_high": high}


def _posting_recruiter(application: Application) -> User | None:
    posting = application.posting
    author = posting.created_by
    if author is not None and can_write(author, posting.company):
        return author
    return (
        posting.company.recruiters.filter(is_active=True, role="recruiter").order_by("pk").first()
    )


def _thread_get_or_create(*, field: str, subject: object, users: tuple[User, User]) -> Thread:
    low, high = sorted(users, key=lambda user: user.pk)
    if low.pk == high.pk:
        raise ValidationError("A thread needs two different people.")
    lookup = {field: subject, "user_low": low, "user_high": high}
    thread = Thread.objects.filter(**lookup).first()
    if thread is not None:
        return thread
    try:
        with transaction.atomic():
            thread = Thread.objects.create(**lookup)
            # A new thread sorts by when it was opened until its first message.
            ThreadMember.objects.bulk_create(
                [
                    ThreadMember(thread=thread, user=user, last_message_at=thread.created_at)
                    for user in (low, high)
                ]
            )
    except IntegrityError:
        # The other side opened the same thread at the same moment: theirs is the one.
        return Thread.objects.get(**lookup)
    return thread


# --- Reading -------------------------------------------------------------------------


def thread_open(*, pk: int, user: User) -> Opened:
    """The thread ``pk`` for a participant, or for staff while its contract is disputed.

    A staff read is recorded (StaffAccess: who, when, which thread). Everyone else gets the
    same 404 as for a thread that does not exist.
    """
    thread = (
        Thread.objects.select_related(
            "user_low",
            "user_high",
            "application__posting__company",
            "proposal__gig",
            "contract__gig",
            "contract__order",
            "offer",
        )
        .filter(pk=pk)
        .first()
    )
    if thread is None or not user.is_authenticated:
        raise Http404("No such thread.")
    if user.pk in thread.participant_ids:
        member = ThreadMember.objects.get(thread=thread, user=user)
        return Opened(thread=thread, member=member)
    if user.is_staff and user.is_active and _disputed(thread):
        staff_access_record(thread=thread, staff=user)
        return Opened(thread=thread, member=None)
    raise Http404("No such thread.")


def _disputed(thread: Thread) -> bool:
    return (
        thread.contract_id is not None
        and Thread.objects.filter(pk=thread.pk).filter(in_dispute(thread.contract_id)).exists()
    )


def staff_access_record(*, thread: Thread, staff: User) -> None:
    StaffAccess.objects.create(thread=thread, staff=staff)


def thread_read(*, thread: Thread, user: User, now: datetime | None = None) -> bool:
    """Mark everything in ``thread`` read for ``user``; True when something was unread."""
    updated = ThreadMember.objects.filter(thread=thread, user=user, unread_count__gt=0).update(
        unread_count=0, last_read_at=now or timezone.now()
    )
    return updated > 0


# --- Sending -------------------------------------------------------------------------


@transaction.atomic
def message_send(
    *,
    thread: Thread,
    sender: User,
    body: str,
    attachment: UploadedFile | None = None,
    now: datetime | None = None,
) -> Message:
    """Add a message from one participant; the other hears of it in a batched e-mail.

    The body is plain text: required, at most MAX_MESSAGE_CHARS, no control characters
    except line breaks and tabs. An attachment must pass the résumé upload's content check.
    """
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if sender.pk not in thread.participant_ids or not sender.is_active:
        raise PermissionDenied("Only the thread's two people write in it.")
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    body = body.strip()
    if not body:
        errors["body"] = ["Write a message."]
    elif len(body) > MAX_MESSAGE_CHARS:
        errors["body"] = [f"Keep a message under {MAX_MESSAGE_CHARS} characters."]
    else:
        try:
            validate_multi_line(body)
        except ValidationError as error:
            errors["body"] = error.messages
    kind = None
    if attachment is not None:
        try:
            kind = resume_type(attachment)
        except ValidationError as error:
            errors["attachment"] = error.messages
    if errors:
        raise ValidationError(errors)
    message = Message(thread=thread, sender=sender, body=body, created_at=now)
    if attachment is not None and kind is not None:
        stem = PurePath(attachment.name or "").stem.strip() or "attachment"
        message.attachment_name = f"{stem[:ATTACHMENT_NAME_CHARS]}.{kind.extension}"
        # The stored name carries the detected extension; the download's type is read from it.
        message.attachment.save(f"file.{kind.extension}", attachment, save=False)
    message.full_clean(exclude=["thread", "sender", "attachment"])
    message.save()
    thread.last_message_at = now
    thread.last_sender = sender
    thread.save(update_fields=["last_message_at", "last_sender"])
    recipient_id = thread.other_id(sender.pk)
    ThreadMember.objects.filter(thread=thread, user_id=recipient_id).update(
        last_message_at=now, unread_count=F("unread_count") + 1
    )
    # Writing in a thread means having read it.
    ThreadMember.objects.filter(thread=thread, user=sender).update(
        last_message_at=now, unread_count=0, last_read_at=now
    )
    transaction.on_commit(
        partial(
            task_enqueue,
            tasks.send_thread_email,
            args=[thread.pk, recipient_id],
            countdown=settings.MESSAGING_EMAIL_QUIET_SECONDS,
        )
    )
    return message


# --- Muting --------------------------------------------------------------------------


def thread_mute(*, thread: Thread, user: User, muted: bool = True) -> ThreadMember:
    """Stop (or, with ``muted=False``, restart) e-mails about ``thread`` for ``user``."""
    member = ThreadMember.objects.filter(thread=thread, user=user).first()
    if member is None:
        raise PermissionDenied("Only the thread's two people mute it.")
    if member.is_muted != muted:
        member.is_muted = muted
        member.save(update_fields=["is_muted"])
    return member


def thread_mute_by_token(*, token: str) -> ThreadMember | None:
    """Mute the thread a mail's link names, without signing in; None for a bad token."""
    member = notifications.member_for_mute_token(token)
    if member is None:
        return None
    if not member.is_muted:
        member.is_muted = True
        member.save(update_fields=["is_muted"])
    return member
