"""Threads between two people about one subject, their messages, and who read them when."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.validators import validate_multi_line, validate_single_line
from jobs.models import private_storage

if TYPE_CHECKING:
    from accounts.models import User

# One nullable foreign key per kind of subject; exactly one is set. A new kind is one more
# nullable column and a wider check: existing rows need no change.
SUBJECT_FIELDS = ("application", "proposal", "contract", "offer")


def _exactly_one_subject() -> Q:
    condition = Q()
    for field in SUBJECT_FIELDS:
        only_this = Q(**{f"{field}__isnull": False})
        for other in SUBJECT_FIELDS:
            if other != field:
                only_this &= Q(**{f"{other}__isnull": True})
        condition |= only_this
    return condition


class Thread(models.Model):
    """Two people and one subject. ``user_low`` has the smaller id, so a pair has one order."""

    user_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    user_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    application = models.ForeignKey(
        "jobs.Application", null=True, blank=True, on_delete=models.CASCADE, related_name="threads"
    )
    proposal = models.ForeignKey(
        "gigs.Proposal", null=True, blank=True, on_delete=models.CASCADE, related_name="threads"
    )
    contract = models.ForeignKey(
        "gigs.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="threads"
    )
    # A question about an offer before buying it, between a prospective buyer and the seller.
    offer = models.ForeignKey(
        "gigs.Offer", null=True, blank=True, on_delete=models.PROTECT, related_name="threads"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_message_at = models.DateTimeField(null=True, blank=True)
    last_sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user_low__lt=F("user_high")), name="messaging_thread_pair_ordered"
            ),
            models.CheckConstraint(
                condition=_exactly_one_subject(), name="messaging_thread_one_subject"
            ),
            *[
                models.UniqueConstraint(
                    fields=[field, "user_low", "user_high"],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"messaging_thread_one_per_{field}_pair",
                )
                for field in SUBJECT_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"Thread {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("messaging:thread", kwargs={"pk": self.pk})

    @property
    def participant_ids(self) -> tuple[int, int]:
        return (self.user_low_id, self.user_high_id)

    def other_id(self, user_id: int) -> int:
        return self.user_high_id if user_id == self.user_low_id else self.user_low_id

    def other(self, user_id: int) -> User:
        """The other person; reads the loaded participant, so select_related both."""
        return self.user_high if user_id == self.user_low_id else self.user_low

    @property
    def kind(self) -> str:
        return next(field for field in SUBJECT_FIELDS if getattr(self, f"{field}_id"))

    @property
    def subject_label(self) -> str:
        """What the thread is about; reads the subject loaded with the thread."""
        if self.application is not None:
            return f"Application: {self.application.posting.title}"
        if self.proposal is not None:
            return f"Proposal: {self.proposal.gig.title}"
        if self.contract is not None:
            return f"Contract: {self.contract.title}"
        if self.offer is not None:
            return f"Offer: {self.offer.title}"
        return "Conversation"

    @property
    def subject_url(self) -> str:
        if self.application is not None:
            return self.application.posting.get_absolute_url()
        if self.proposal is not None:
            return self.proposal.gig.get_absolute_url()
        if self.contract is not None:
            return self.contract.get_absolute_url()
        if self.offer is not None:
            return self.offer.get_absolute_url()
        return reverse("messaging:list")


class ThreadMember(models.Model):
    """One side of a thread: what that person has read, whether they muted it, what was mailed.

    ``last_message_at`` copies the thread's, so each person's list is one index range.
    """

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_memberships"
    )
    last_message_at = models.DateTimeField(null=True, blank=True)
    unread_count = models.PositiveIntegerField(default=0)
    last_read_at = models.DateTimeField(null=True, blank=True)
    is_muted = models.BooleanField(default=False)
    # The newest message already summarised in an e-mail to this person (0: none yet).
    notified_through = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="messaging_member_once"),
        ]
        indexes = [
            models.Index(fields=["user", "-last_message_at", "-id"], name="messaging_member_list"),
            # The header's unread count reads only the rows of threads with something unread.
            models.Index(
                fields=["user"], condition=Q(unread_count__gt=0), name="messaging_member_unread"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.thread_id}"


def attachment_path(instance: Message, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"messages/{instance.thread_id}/{secrets.token_hex(16)}.{extension}"


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent"
    )
    body = models.TextField(validators=[validate_multi_line])
    # Stored outside MEDIA_ROOT's public URL; served by an access-checked view.
    attachment = models.FileField(
        storage=private_storage, upload_to=attachment_path, max_length=200, blank=True
    )
    attachment_name = models.CharField(
        max_length=200, blank=True, validators=[validate_single_line]
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "id"], name="messaging_message_thread")]

    def __str__(self) -> str:
        return f"Message {self.pk} in {self.thread_id}"


class StaffAccess(models.Model):
    """A staff member read a thread of a disputed contract: who, when, which thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="staff_accesses")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accessed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-accessed_at", "-id"]
        verbose_name_plural = "staff accesses"

    def __str__(self) -> str:
        return f"{self.staff_id} read {self.thread_id} at {self.accessed_at:%Y-%m-%d %H:%M}"


class ResponseTime(models.Model):
    """A person's median time to first reply over the recent window, computed in the background."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="response_time"
    )
    median_seconds = models.PositiveIntegerField(null=True, blank=True)
    sample_size = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.median_seconds}s from {self.sample_size}"

    @property
    def hours(self) -> int | None:
        """Whole hours, rounded up: a reply in 90 minutes reads "within 2 hours"."""
        if self.median_seconds is None:
            return None
        return max(1, -(-self.median_seconds // 3600))
