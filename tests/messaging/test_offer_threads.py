"""Questions about an offer before buying: a thread between the one who asks and the seller."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from rest_framework.test import APIClient

from gigs.models import Offer, OfferStatus
from messaging import notifications, services
from messaging.models import Message, StaffAccess, Thread, ThreadMember
from tests.gigs.factories import OfferFactory

pytestmark = pytest.mark.django_db

TITLE = "A one-page product strategy for your next quarter"


@pytest.fixture
def offer(freelancer):
    return OfferFactory.create(freelancer=freelancer, slug="strategy", title=TITLE)


@pytest.fixture
def question(offer, client_user):
    """Clara asked Finn about his offer."""
    thread = services.thread_for_offer(offer=offer, user=client_user)
    services.message_send(thread=thread, sender=client_user, body="Can you start Monday?")
    return thread


def start_url(offer):
    return f"/messages/start/offer/{offer.pk}/"


# --- The service ----------------------------------------------------------------------


def test_a_buyer_opens_one_thread_with_the_seller(offer, client_user, freelancer):
    """The thread joins the one who asks and the seller, about the offer; asking again finds
    the same thread."""
    thread = services.thread_for_offer(offer=offer, user=client_user)
    assert thread.kind == "offer"
    assert thread.offer_id == offer.pk
    assert set(thread.participant_ids) == {client_user.pk, freelancer.pk}
    assert set(ThreadMember.objects.filter(thread=thread).values_list("user_id", flat=True)) == {
        client_user.pk,
        freelancer.pk,
    }
    assert services.thread_for_offer(offer=offer, user=client_user) == thread
    assert Thread.objects.count() == 1


def test_two_buyers_get_two_threads(offer, client_user, stranger):
    """Each person who asks has a thread of their own with the seller."""
    first = services.thread_for_offer(offer=offer, user=client_user)
    second = services.thread_for_offer(offer=offer, user=stranger)
    assert first != second
    assert stranger.pk in second.participant_ids and client_user.pk not in second.participant_ids


def test_the_seller_cannot_ask_about_their_own_offer(offer, freelancer):
    """The seller is refused with a message that says why, and no thread is made."""
    with pytest.raises(services.OwnOffer, match="your own offer"):
        services.thread_for_offer(offer=offer, user=freelancer)
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"status": OfferStatus.DRAFT},
        {"status": OfferStatus.PAUSED},
        {"is_hidden": True},
    ],
    ids=["draft", "paused", "hidden"],
)
def test_an_unlisted_offer_takes_no_new_question(offer, client_user, change):
    """Only a published offer staff have not hidden can be asked about."""
    Offer.objects.filter(pk=offer.pk).update(**change)
    offer.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.thread_for_offer(offer=offer, user=client_user)
    assert not Thread.objects.exists()


def test_an_inactive_seller_takes_no_new_question(offer, client_user, freelancer):
    freelancer.is_active = False
    freelancer.save()
    with pytest.raises(PermissionDenied):
        services.thread_for_offer(offer=offer, user=client_user)


def test_a_thread_stays_with_its_two_people_after_the_offer_is_hidden(
    offer, question, client_user, freelancer
):
    """Pausing or hiding the offer keeps the asked question readable and writable by both."""
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.PAUSED, is_hidden=True)
    offer.refresh_from_db()
    assert services.thread_for_offer(offer=offer, user=client_user) == question
    for user in (client_user, freelancer):
        assert services.thread_open(pk=question.pk, user=user).member is not None
    services.message_send(thread=question, sender=freelancer, body="Yes, Monday works.")
    assert question.messages.count() == 2


def test_a_third_user_cannot_read_or_write_the_thread(question, stranger):
    """Someone else gets the 404 of a thread that does not exist, and cannot write in it."""
    with pytest.raises(Http404):
        services.thread_open(pk=question.pk, user=stranger)
    with pytest.raises(PermissionDenied):
        services.message_send(thread=question, sender=stranger, body="Hello")


def test_staff_never_read_an_offer_thread(question, staff_user):
    """Offers have no disputes: staff get a 404 and no read is recorded."""
    with pytest.raises(Http404):
        services.thread_open(pk=question.pk, user=staff_user)
    assert not StaffAccess.objects.exists()


def test_the_subject_names_the_offer(question, offer):
    assert question.subject_label == f"Offer: {TITLE}"
    assert question.subject_url == offer.get_absolute_url()


# --- The database ---------------------------------------------------------------------


def test_database_refuses_a_thread_on_an_offer_and_a_contract(
    offer, contract, client_user, freelancer
):
    """The exactly-one-subject check counts the offer: two subjects at once are refused."""
    low, high = sorted((client_user, freelancer), key=lambda user: user.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(offer=offer, contract=contract, user_low=low, user_high=high)


def test_database_refuses_a_second_thread_on_one_offer_and_pair(question):
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(
            offer=question.offer, user_low=question.user_low, user_high=question.user_high
        )


# --- The start view -------------------------------------------------------------------


def test_a_buyer_starts_the_thread_from_the_offer(client, offer, client_user):
    client.force_login(client_user)
    response = client.post(start_url(offer))
    thread = Thread.objects.get(offer=offer)
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200
    assert f"Offer: {TITLE}" in page.text
    assert f'href="{offer.get_absolute_url()}"' in page.text


def test_the_seller_is_sent_back_to_the_offer_with_the_reason(client, offer, freelancer):
    client.force_login(freelancer)
    response = client.post(start_url(offer), follow=True)
    assert response.redirect_chain == [(offer.get_absolute_url(), 302)]
    assert "This is your own offer" in response.text
    assert not Thread.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, offer):
    response = client.post(start_url(offer))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Thread.objects.exists()


def test_a_get_does_not_open_a_thread(client, offer, client_user):
    client.force_login(client_user)
    assert client.get(start_url(offer)).status_code == 405
    assert not Thread.objects.exists()


def test_an_unlisted_or_missing_offer_answers_404(client, freelancer, client_user):
    hidden = OfferFactory.create(freelancer=freelancer, is_hidden=True)
    client.force_login(client_user)
    assert client.post(start_url(hidden)).status_code == 404
    assert client.post("/messages/start/offer/999999/").status_code == 404
    assert not Thread.objects.exists()


def test_the_seller_sees_who_asked_in_their_list(client, question, freelancer):
    client.force_login(freelancer)
    response = client.get("/messages/")
    assert f"Offer: {TITLE}" in response.text
    assert "Clara Client" in response.text


# --- The offer page -------------------------------------------------------------------


def test_a_signed_in_buyer_gets_the_ask_button(client, offer, client_user):
    """The button posts to the start view, the response time stays, the profile detour goes."""
    client.force_login(client_user)
    text = client.get(offer.get_absolute_url()).text
    assert f'action="{start_url(offer)}"' in text
    assert "Ask a question</button>" in text
    assert "Response time" in text
    assert "see the seller's profile" not in text


def test_a_visitor_gets_a_sign_in_link_back_to_the_offer(client, offer):
    text = client.get(offer.get_absolute_url()).text
    assert 'href="/accounts/login/?next=/offers/strategy/"' in text
    assert "Sign in to ask a question" in text
    assert start_url(offer) not in text


def test_the_seller_gets_no_ask_button(client, offer, freelancer):
    client.force_login(freelancer)
    text = client.get(offer.get_absolute_url()).text
    assert start_url(offer) not in text
    assert "ask a question" not in text.lower()


# --- E-mail and API -------------------------------------------------------------------


def test_the_email_names_the_offer(
    question, freelancer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.thread_email_batch(
            thread_id=question.pk,
            recipient_id=freelancer.pk,
            now=timezone.now() + timedelta(hours=1),
        )
    (email,) = mailoutbox
    assert email.subject.endswith(f"Offer: {TITLE}")
    assert "about Offer: " in email.body


def test_the_api_row_names_the_offer(question, offer, freelancer, client_user):
    api = APIClient()
    api.force_authenticate(freelancer)
    (row,) = api.get("/api/v1/messages/threads/").json()["results"]
    assert row["kind"] == "offer"
    assert row["subject"] == f"Offer: {TITLE}"
    assert row["subject_id"] == offer.pk
    assert row["offer_slug"] == "strategy"
    assert row["other"]["id"] == client_user.pk
    messages = api.get(f"/api/v1/messages/threads/{question.pk}/messages/").json()["results"]
    assert [message["body"] for message in messages] == ["Can you start Monday?"]


def test_the_api_leaves_offer_slug_empty_for_other_kinds(contract_thread, freelancer):
    api = APIClient()
    api.force_authenticate(freelancer)
    (row,) = api.get("/api/v1/messages/threads/").json()["results"]
    assert row["kind"] == "contract"
    assert row["offer_slug"] is None


def test_staff_and_strangers_get_404_from_the_api(question, staff_user, stranger):
    api = APIClient()
    for user in (staff_user, stranger):
        api.force_authenticate(user)
        url = f"/api/v1/messages/threads/{question.pk}/messages/"
        assert api.get(url).status_code == 404
        assert api.post(url, {"body": "Hi"}, format="json").status_code == 404
    assert Message.objects.count() == 1
