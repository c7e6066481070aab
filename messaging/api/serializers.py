"""What the messaging API shows of a thread and a message, and what a new message takes."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from messaging.models import SUBJECT_FIELDS, Message, ThreadMember
from messaging.services import MAX_MESSAGE_CHARS


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class ThreadSerializer(serializers.ModelSerializer):
    """The caller's side of a thread: the other person, the subject, what is unread."""

    id = serializers.IntegerField(source="thread_id", read_only=True)
    kind = serializers.ChoiceField(
        choices=SUBJECT_FIELDS,
        source="thread.kind",
        read_only=True,
        help_text="The subject's kind.",
    )
    subject = serializers.CharField(source="thread.subject_label", read_only=True)
    subject_id = serializers.SerializerMethodField(
        help_text="The application, proposal, contract or offer."
    )
    offer_slug = serializers.SerializerMethodField(
        help_text="The offer's slug (its page is /offers/<slug>/); null for other kinds."
    )
    other = serializers.SerializerMethodField()
    last_message_at = serializers.DateTimeField(source="thread.last_message_at", read_only=True)
    waiting_on_you = serializers.SerializerMethodField(
        help_text="The last message is the other person's."
    )

    class Meta:
        model = ThreadMember
        fields = [
            "id",
            "kind",
            "subject",
            "subject_id",
            "offer_slug",
            "other",
            "unread_count",
            "last_message_at",
            "waiting_on_you",
            "is_muted",
        ]
        read_only_fields = fields

    def get_subject_id(self, member: ThreadMember) -> int:
        return getattr(member.thread, f"{member.thread.kind}_id")

    def get_offer_slug(self, member: ThreadMember) -> str | None:
        offer = member.thread.offer
        return offer.slug if offer is not None else None

    @extend_schema_field(PersonSerializer)
    def get_other(self, member: ThreadMember) -> dict[str, Any]:
        return PersonSerializer(member.thread.other(member.user_id)).data

    def get_waiting_on_you(self, member: ThreadMember) -> bool:
        last = member.thread.last_sender_id
        return last is not None and last != member.user_id


class MessageSerializer(serializers.ModelSerializer):
    sender = PersonSerializer(read_only=True)
    attachment = serializers.SerializerMethodField(
        help_text="Where the participants download the attached document; null without one."
    )

    class Meta:
        model = Message
        fields = ["id", "sender", "body", "attachment", "attachment_name", "created_at"]
        read_only_fields = fields

    def get_attachment(self, message: Message) -> str | None:
        if not message.attachment:
            return None
        path = reverse("messaging:attachment", args=[message.thread_id, message.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class MessageCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_MESSAGE_CHARS, trim_whitespace=True)
    attachment = serializers.FileField(
        required=False, help_text="A PDF or Word (.docx) document, sent as multipart."
    )
