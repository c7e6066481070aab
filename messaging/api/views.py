"""The messaging API: the caller's threads, and a thread's messages to list and add to.

A thread is for its two people (404 for everyone else); staff read a contract's thread only
while a milestone of it is disputed, each read recorded, and never write in it.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api import KeysetPagination
from core.parsers import JSONParser
from messaging import selectors, services
from messaging.models import Message, ThreadMember

from .serializers import MessageCreateSerializer, MessageSerializer, ThreadSerializer


class ThreadPagination(KeysetPagination):
    ordering = tuple(selectors.THREAD_KEYS)


class MessagePagination(KeysetPagination):
    ordering = ("-id",)


def _caller(request: Request) -> User:
    return cast(User, request.user)


class ThreadViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's threads, the latest message first."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = ThreadPagination
    serializer_class = ThreadSerializer
    queryset = ThreadMember.objects.none()

    def get_queryset(self) -> Any:
        return selectors.memberships(user=_caller(self.request))


class ThreadMessagesView(generics.ListCreateAPIView):
    """A thread's messages, newest first; a participant adds one (JSON, or multipart)."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = MessagePagination
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Message.objects.none()

    def get_serializer_class(self) -> Any:
        return MessageCreateSerializer if self.request.method == "POST" else MessageSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        opened = services.thread_open(pk=self.kwargs["pk"], user=_caller(self.request))
        return Message.objects.filter(thread=opened.thread).select_related("sender")

    @extend_schema(request=MessageCreateSerializer, responses={201: MessageSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        opened = services.thread_open(pk=self.kwargs["pk"], user=_caller(request))
        if opened.member is None:
            raise PermissionDenied("Staff read disputed threads; they do not write in them.")
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_send(
            thread=opened.thread,
            sender=_caller(request),
            body=serializer.validated_data["body"],
            attachment=serializer.validated_data.get("attachment"),
        )
        body = MessageSerializer(message, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)
