"""POST /api/v1/ingest/: staff send a feed as a file or in a JSON body.

Small feeds are ingested during the request and answered with the counts and every
rejected record; larger ones are kept in private storage and ingested by a worker,
answered with 202 and the task's id (a registered feed records the outcome on itself).
"""

from __future__ import annotations

import io
import json
import uuid
from typing import Any, BinaryIO

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jobs import tasks
from jobs.ingestion.formats import AUTO, PARSERS
from jobs.ingestion.records import FeedError
from jobs.services import ingestion
from outbox.broker import task_enqueue

# Feeds up to this size are ingested while the client waits (a few seconds at most).
INLINE_MAX_BYTES = 1024 * 1024
# The largest feed accepted by upload; bigger feeds belong at a URL staff register.
UPLOAD_MAX_BYTES = 200 * 1024 * 1024
SOURCE_MAX = 60
# A broker outage is usually a restart; a client that waits this long finds it back.
BROKER_RETRY_AFTER_SECONDS = 30


class IngestSerializer(serializers.Serializer):
    # DRF's metaclass takes declared fields off the class, so names the stubs see on Field
    # and Serializer (source, data) are free to use here.
    format = serializers.ChoiceField(choices=[AUTO, *PARSERS], default=AUTO)
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=SOURCE_MAX,
        help_text="Whose postings these are: a registered feed's name, or any other name.",
    )
    company = serializers.CharField(
        max_length=200,
        required=False,
        default="",
        allow_blank=True,
        help_text="The employer, for Greenhouse and Lever feeds, which do not name it.",
    )
    file = serializers.FileField(required=False, help_text="The feed file (multipart).")
    data = serializers.JSONField(  # type: ignore[assignment]
        required=False,
        help_text="The feed itself: a JSON document, or CSV or JSON-lines text as a string.",
    )

    def validate_file(self, file: Any) -> Any:
        if file.size > UPLOAD_MAX_BYTES:
            raise serializers.ValidationError(
                f"The feed is larger than {UPLOAD_MAX_BYTES // (1024 * 1024)} MB; register "
                "it as a feed with a URL instead."
            )
        return file

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("file" in attrs) == ("data" in attrs):
            raise serializers.ValidationError("Send the feed either as `file` or as `data`.")
        return attrs


ReportSerializer = inline_serializer(
    "IngestReport",
    {
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
        "duplicates": serializers.IntegerField(),
        "rejected": serializers.IntegerField(),
        "closed": serializers.IntegerField(
            help_text="Postings closed because this snapshot of a registered feed no longer "
            "lists them."
        ),
        "rejections": inline_serializer(
            "IngestRejection",
            {"record": serializers.IntegerField(), "reason": serializers.CharField()},
            many=True,
        ),
    },
)
QueuedSerializer = inline_serializer(
    "IngestQueued", {"task_id": serializers.UUIDField(), "source": serializers.CharField()}
)


class IngestView(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(
        summary="Ingest a feed of postings (staff)",
        request={"application/json": IngestSerializer, "multipart/form-data": IngestSerializer},
        responses={
            200: OpenApiResponse(ReportSerializer, "Ingested: the counts and every rejection."),
            202: OpenApiResponse(QueuedSerializer, "Large feed: queued for a worker."),
            400: OpenApiResponse(description="Bad fields, or a feed that cannot be read."),
            503: OpenApiResponse(description="Large feed, and the task queue is unavailable."),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = IngestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = serializer.validated_data
        content, filename = _content(fields)
        options = {"source": fields["source"], "company": fields["company"]}
        if _size(content) > INLINE_MAX_BYTES:
            name = ingestion.upload_store(content=content, filename=filename)
            task_id = str(uuid.uuid4())
            queued = task_enqueue(
                tasks.ingest_upload,
                kwargs={"name": name, "format_name": fields["format"], **options},
                task_id=task_id,
            )
            if not queued:
                return Response(
                    {"detail": "The task queue is unavailable; send the feed again shortly."},
                    status=status.HTTP_503_SERVICE_UNAVAILABLE,
                    headers={"Retry-After": str(BROKER_RETRY_AFTER_SECONDS)},
                )
            return Response(
                {"task_id": task_id, "source": fields["source"]}, status=status.HTTP_202_ACCEPTED
            )
        try:
            report = ingestion.postings_ingest(
                stream=content, format_name=fields["format"], filename=filename, **options
            )
        except FeedError as error:
            return Response(
                {"detail": f"The feed cannot be read: {error}"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(report.as_dict())


def _content(fields: dict[str, Any]) -> tuple[BinaryIO, str]:
    """The feed as a binary stream, and its file name when it came as a file."""
    if "file" in fields:
        return fields["file"], fields["file"].name
    data = fields["data"]
    text = data if isinstance(data, str) else json.dumps(data)
    return io.BytesIO(text.encode()), ""


def _size(content: BinaryIO) -> int:
    size = content.seek(0, io.SEEK_END)
    content.seek(0)
    return size
