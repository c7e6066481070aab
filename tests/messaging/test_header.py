"""The header's unread count and feed link: both figures from one query, only when shown."""

from django.test import RequestFactory
from django.urls import reverse

from messaging import services
from pmportal.context_processors import account


def _context(user):
    request = RequestFactory().get("/")
    request.user = user
    return account(request)


def test_header_figures_cost_one_query(
    contract_thread, client_user, freelancer, django_assert_num_queries
):
    """Two unread messages and a freelancer profile are read together, in one query."""
    for body in ("Hello", "Are you free?"):
        services.message_send(thread=contract_thread, sender=client_user, body=body)
    context = _context(freelancer)
    with django_assert_num_queries(1):
        assert (str(context["unread_messages"]), bool(context["is_freelancer"])) == ("2", True)


def test_header_figures_are_not_read_unless_shown(freelancer, django_assert_num_queries):
    """A page that renders no header pays nothing for it."""
    with django_assert_num_queries(0):
        _context(freelancer)


def test_client_without_a_profile_sees_no_feed_link(client, contract_thread, client_user):
    """The client has no freelancer profile: Messages shows, "Gigs for you" does not."""
    client.force_login(client_user)
    page = client.get(reverse("messaging:list")).content.decode()
    assert "Messages" in page
    assert reverse("gigs:for_you") not in page


def test_freelancer_sees_unread_count_and_feed_link(
    client, contract_thread, client_user, freelancer
):
    services.message_send(thread=contract_thread, sender=client_user, body="Hello")
    client.force_login(freelancer)
    page = client.get(reverse("messaging:list")).content.decode()
    assert '<span class="nav-count">1<span class="visually-hidden"> unread</span>' in page
    assert reverse("gigs:for_you") in page
