"""Staff see the outbox in admin, failed messages with their reason, and can retry them."""

import pytest
from django.urls import reverse

from outbox import delivery, services
from outbox.models import MessageStatus, OutboxMessage
from tests.outbox.test_services import broken_send

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:outbox_outboxmessage_changelist")


@pytest.fixture
def failed():
    message = services.message_queue(handler=broken_send, kwargs={"to": "ada@example.com"})
    delivery.message_deliver(message_id=message.pk)
    return message


def test_staff_see_failed_messages_and_why(client, staff_user, failed):
    """Filtering by failed lists the message; its page shows the recorded error."""
    client.force_login(staff_user)
    response = client.get(CHANGELIST, {"status__exact": "failed"})
    assert response.status_code == 200
    assert "tests.outbox.test_services.broken_send" in response.content.decode()
    page = client.get(reverse("admin:outbox_outboxmessage_change", args=[failed.pk]))
    assert "no template for ada@example.com" in page.content.decode()


def test_other_users_cannot_see_the_outbox(client, recruiter, failed):
    """Only staff reach the outbox pages."""
    client.force_login(recruiter)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_retry_a_failed_message_from_the_list(client, staff_user, failed):
    """The retry action makes a failed message pending again."""
    client.force_login(staff_user)
    response = client.post(
        CHANGELIST, {"action": "retry", "_selected_action": [failed.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "1 failed message(s) will be tried again." in response.content.decode()
    assert OutboxMessage.objects.get(pk=failed.pk).status == MessageStatus.PENDING
