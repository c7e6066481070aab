"""The messaging API: the caller's threads only, messages for the two sides, cursor pages."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from messaging import services
from messaging.models import Message, StaffAccess
from tests.messaging.conftest import pdf

THREADS = "/api/v1/messages/threads/"


@pytest.fixture
def api():
    return APIClient()


def messages_url(thread):
    return f"/api/v1/messages/threads/{thread.pk}/messages/"


def test_thread_list_shows_the_callers_threads_only(
    api, contract_thread, client_user, freelancer, stranger
):
    """A participant sees the thread with the other person, the unread count and the waiting
    flag, in a list that is never counted; a third user sees none."""
    services.message_send(thread=contract_thread, sender=client_user, body="Hello")
    api.force_authenticate(freelancer)
    body = api.get(THREADS).json()
    assert body["next"] is None
    (row,) = body["results"]
    assert row["id"] == contract_thread.pk
    assert row["kind"] == "contract"
    assert row["other"] == {"id": client_user.pk, "name": "Clara Client"}
    assert row["unread_count"] == 1
    assert row["waiting_on_you"] is True
    assert "count" not in body
    api.force_authenticate(stranger)
    assert api.get(THREADS).json()["results"] == []


def test_thread_list_pages_by_cursor(api, client_user, freelancer, proposal, contract_thread):
    """Threads come in cursor pages: the next link leads to the rest, without repeats."""
    services.thread_for_proposal(proposal=proposal, user=client_user)
    api.force_authenticate(freelancer)
    first = api.get(THREADS, {"page_size": 1}).json()
    assert len(first["results"]) == 1 and first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert first["results"][0]["id"] != second["results"][0]["id"]


def test_anonymous_gets_401(api, contract_thread):
    """Without a token or session the API answers 401."""
    assert api.get(THREADS).status_code == 401
    assert api.get(messages_url(contract_thread)).status_code == 401


def test_messages_list_and_create_for_a_participant(api, contract_thread, client_user, freelancer):
    """One side posts a message; the other lists it."""
    api.force_authenticate(client_user)
    created = api.post(messages_url(contract_thread), {"body": "From the API"}, format="json")
    assert created.status_code == 201
    assert created.json()["sender"]["id"] == client_user.pk
    api.force_authenticate(freelancer)
    results = api.get(messages_url(contract_thread)).json()["results"]
    assert [row["body"] for row in results] == ["From the API"]
    assert results[0]["attachment"] is None


def test_create_with_a_document_by_multipart(api, contract_thread, client_user):
    """A document sent as multipart is linked through the access-checked download."""
    api.force_authenticate(client_user)
    response = api.post(
        messages_url(contract_thread), {"body": "Brief", "attachment": pdf()}, format="multipart"
    )
    assert response.status_code == 201
    message = Message.objects.get()
    assert response.json()["attachment"].endswith(
        reverse("messaging:attachment", args=[contract_thread.pk, message.pk])
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"body": ""}, "body"), ({"body": "bell\x07"}, "body"), ({}, "body")],
)
def test_create_refuses_bad_input_with_field_errors(
    api, contract_thread, client_user, payload, field
):
    """An empty, missing or control-character body answers 400 under its field; nothing stored."""
    api.force_authenticate(client_user)
    response = api.post(messages_url(contract_thread), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Message.objects.exists()


@pytest.mark.parametrize("who", ["stranger", "staff_user"])
def test_outsiders_get_404(api, contract_thread, who, request):
    """A third user, and staff outside a dispute, neither read nor write."""
    api.force_authenticate(request.getfixturevalue(who))
    assert api.get(messages_url(contract_thread)).status_code == 404
    response = api.post(messages_url(contract_thread), {"body": "Hi"}, format="json")
    assert response.status_code == 404
    assert not Message.objects.exists()
    assert not StaffAccess.objects.exists()


def test_staff_read_during_a_dispute_but_cannot_write(api, contract_thread, staff_user, dispute):
    """During a dispute staff read (recorded) but a write answers 403."""
    dispute()
    api.force_authenticate(staff_user)
    assert api.get(messages_url(contract_thread)).status_code == 200
    assert StaffAccess.objects.filter(staff=staff_user).count() == 1
    response = api.post(messages_url(contract_thread), {"body": "Hi"}, format="json")
    assert response.status_code == 403
    assert not Message.objects.exists()


def test_schema_lists_the_messaging_paths(api, db):
    """The OpenAPI schema has the thread list and the messages list and create."""
    schema = api.get("/api/schema/?format=json").json()
    assert "/api/v1/messages/threads/" in schema["paths"]
    operations = schema["paths"]["/api/v1/messages/threads/{id}/messages/"]
    assert {"get", "post"} <= set(operations)
