"""Messaging pages: the list, a thread, sending and polling with htmx, files, entry points."""

import re

import pytest
from django.urls import reverse

from messaging import services
from messaging.models import Message, StaffAccess, Thread, ThreadMember
from tests.gigs.factories import GigFactory, ProposalFactory
from tests.messaging.conftest import pdf

HTMX = {"HX-Request": "true"}


def thread_url(thread, name="messaging:thread"):
    return reverse(name, args=[thread.pk])


# --- The thread list and the header ----------------------------------------------------


def test_list_shows_own_threads_newest_first_with_unread_badges(
    client, contract_thread, proposal, client_user, freelancer, stranger
):
    """The freelancer sees both threads, the latest message first, with what is unread."""
    proposal_thread = services.thread_for_proposal(proposal=proposal, user=client_user)
    services.message_send(thread=contract_thread, sender=client_user, body="Older")
    services.message_send(thread=proposal_thread, sender=client_user, body="Newer")
    services.message_send(thread=proposal_thread, sender=client_user, body="Newest")
    client.force_login(freelancer)
    page = client.get(reverse("messaging:list")).content.decode()
    assert page.index("Proposal: ") < page.index("Contract: ")
    assert "2 new" in page and "1 new" in page
    assert "Waiting for your reply" in page
    # The header counts the three unread messages.
    assert re.search(r'class="nav-count">3<', page)


def test_list_hides_other_peoples_threads(client, contract_thread, stranger):
    """A third user's list shows none of other people's threads."""
    client.force_login(stranger)
    page = client.get(reverse("messaging:list")).content.decode()
    assert "No conversations yet" in page
    assert thread_url(contract_thread) not in page


def test_list_queries_do_not_grow_with_threads(
    client, client_user, freelancer, django_assert_max_num_queries
):
    """The list costs the same with two threads or twelve: one query for the page's rows."""
    client.force_login(freelancer)

    def add_threads(count):
        for _ in range(count):
            proposal = ProposalFactory.create(
                gig=GigFactory.create(client=client_user), freelancer=freelancer
            )
            thread = services.thread_for_proposal(proposal=proposal, user=client_user)
            services.message_send(thread=thread, sender=client_user, body="Hi")

    add_threads(2)
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("messaging:list"))
    add_threads(10)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("messaging:list"))
    assert response.content.decode().count('class="thread-row') == 12


def test_list_needs_signing_in(client):
    """Anonymous visitors are sent to sign in."""
    response = client.get(reverse("messaging:list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# --- A thread -------------------------------------------------------------------------


def test_thread_page_shows_messages_escaped_with_safe_links_and_marks_read(
    client, contract_thread, client_user, freelancer
):
    """Plain text is escaped, URLs become nofollow noopener links, and opening reads them."""
    services.message_send(
        thread=contract_thread,
        sender=client_user,
        body='<script>alert(1)</script> see https://example.com/brief?a=1&b=2\nthanks "you"',
    )
    client.force_login(freelancer)
    page = client.get(thread_url(contract_thread)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert re.search(
        r'<a href="https://example.com/brief\?a=1&amp;b=2" rel="nofollow noopener noreferrer">',
        page,
    )
    assert "<br>" in page
    assert "Clara Client is waiting for your reply" in page
    assert "24 hours" in page
    assert ThreadMember.objects.get(user=freelancer).unread_count == 0


def test_javascript_urls_are_not_linked(client, contract_thread, client_user, freelancer):
    """Only web and mail links become links; javascript: stays text."""
    services.message_send(thread=contract_thread, sender=client_user, body="javascript:alert(1)")
    client.force_login(freelancer)
    page = client.get(thread_url(contract_thread)).content.decode()
    assert 'href="javascript' not in page


@pytest.mark.parametrize("who", ["stranger", "staff_user"])
def test_thread_is_404_for_a_third_user_and_staff_outside_a_dispute(
    client, contract_thread, who, request
):
    """A third user and staff outside a dispute get 404 for the page and its polling."""
    client.force_login(request.getfixturevalue(who))
    assert client.get(thread_url(contract_thread)).status_code == 404
    assert client.get(thread_url(contract_thread, "messaging:poll")).status_code == 404
    assert not StaffAccess.objects.exists()


def test_staff_read_during_a_dispute_without_a_reply_form(
    client, contract_thread, client_user, staff_user, dispute
):
    """During a dispute staff read the page (recorded), get no form and cannot post."""
    services.message_send(thread=contract_thread, sender=client_user, body="Where is the work?")
    dispute()
    client.force_login(staff_user)
    page = client.get(thread_url(contract_thread)).content.decode()
    assert "Where is the work?" in page
    assert "this visit is recorded" in page
    assert f'<a href="{contract_thread.contract.get_absolute_url()}">The contract</a>' in page
    assert 'id="reply-form"' not in page
    assert StaffAccess.objects.filter(staff=staff_user, thread=contract_thread).count() == 1
    response = client.post(thread_url(contract_thread, "messaging:send"), {"body": "Staff here"})
    assert response.status_code == 403
    assert Message.objects.count() == 1


# --- Sending and polling ----------------------------------------------------------------


def test_htmx_send_returns_a_fresh_form_and_asks_the_poller(client, contract_thread, client_user):
    """An htmx send stores the message, returns an empty form and triggers the poller."""
    client.force_login(client_user)
    response = client.post(
        thread_url(contract_thread, "messaging:send"), {"body": "Hello there"}, headers=HTMX
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "messages-changed"
    assert 'id="reply-form"' in response.content.decode()
    assert Message.objects.get().body == "Hello there"


def test_htmx_send_shows_errors_in_the_form(client, contract_thread, client_user):
    """htmx swaps only 2xx answers, so a refused message comes back as a 200 with errors."""
    client.force_login(client_user)
    response = client.post(
        thread_url(contract_thread, "messaging:send"), {"body": "bad\x07"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "HX-Trigger" not in response
    assert "control characters" in response.content.decode()
    assert not Message.objects.exists()


def test_plain_send_redirects_or_answers_400(client, contract_thread, client_user):
    """Without htmx a send redirects to the thread, a bad one answers 400, GET 405."""
    client.force_login(client_user)
    url = thread_url(contract_thread, "messaging:send")
    assert client.post(url, {"body": "Hi"}).status_code == 302
    assert client.post(url, {"body": ""}).status_code == 400
    assert client.get(url).status_code == 405


def test_send_with_a_document_and_download_it(
    client, contract_thread, client_user, freelancer, stranger
):
    """The document is served only through the access-checked view, to the thread's people."""
    client.force_login(client_user)
    client.post(
        thread_url(contract_thread, "messaging:send"),
        {"body": "The brief", "attachment": pdf("Brief.pdf")},
    )
    message = Message.objects.get()
    url = reverse("messaging:attachment", args=[contract_thread.pk, message.pk])
    client.force_login(freelancer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'filename="Brief.pdf"' in response["Content-Disposition"]
    assert url in client.get(thread_url(contract_thread)).content.decode()
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_a_message_of_another_thread_is_not_downloadable_through_this_one(
    client, contract_thread, proposal, client_user, freelancer
):
    """A document is reachable only through its own thread's URL."""
    other = services.thread_for_proposal(proposal=proposal, user=client_user)
    message = services.message_send(thread=other, sender=client_user, body="Doc", attachment=pdf())
    client.force_login(freelancer)
    url = reverse("messaging:attachment", args=[contract_thread.pk, message.pk])
    assert client.get(url).status_code == 404


def test_a_refused_document_shows_the_reason(client, contract_thread, client_user):
    """A file that is not a real PDF or .docx is refused with the reason on the form."""
    client.force_login(client_user)
    response = client.post(
        thread_url(contract_thread, "messaging:send"),
        {"body": "Here", "attachment": pdf("x.pdf", b"MZ not a pdf")},
    )
    assert response.status_code == 400
    assert "neither" in response.content.decode()


def test_poll_returns_only_messages_after_the_last_shown(
    client, contract_thread, client_user, freelancer
):
    """The partial appends newer messages out of band and moves the poller past them."""
    first = services.message_send(thread=contract_thread, sender=client_user, body="First one")
    second = services.message_send(thread=contract_thread, sender=client_user, body="Second one")
    client.force_login(freelancer)
    url = thread_url(contract_thread, "messaging:poll")
    body = client.get(url, {"after": first.pk}, headers=HTMX).content.decode()
    assert "Second one" in body and "First one" not in body
    assert f"?after={second.pk}" in body
    assert 'hx-swap-oob="beforeend:#message-list"' in body
    # The "No messages yet" note is only on a page that showed none; htmx errs on a missing one.
    assert "no-messages" not in body
    assert ThreadMember.objects.get(user=freelancer).unread_count == 0
    quiet = client.get(url, {"after": second.pk}, headers=HTMX).content.decode()
    assert "message-list" not in quiet
    assert f"?after={second.pk}" in quiet


@pytest.mark.parametrize("after", ["x", "-5", ""])
def test_poll_with_a_bad_marker_starts_from_the_top(
    client, contract_thread, client_user, freelancer, after
):
    """A malformed or negative marker answers the messages from the start, not an error."""
    services.message_send(thread=contract_thread, sender=client_user, body="Only one")
    client.force_login(freelancer)
    response = client.get(thread_url(contract_thread, "messaging:poll"), {"after": after})
    assert response.status_code == 200
    assert "Only one" in response.content.decode()
    assert 'id="no-messages" hx-swap-oob="delete"' in response.content.decode()


def test_thread_page_polls_with_htmx(client, contract_thread, freelancer):
    """The page polls every 10 seconds and on a sent reply, with the script that pauses it."""
    client.force_login(freelancer)
    page = client.get(thread_url(contract_thread)).content.decode()
    assert 'hx-trigger="every 10s, messages-changed from:body"' in page
    assert "js/messaging.js" in page


# --- Muting ---------------------------------------------------------------------------


def test_mute_toggle(client, contract_thread, freelancer):
    """The thread page mutes and unmutes its e-mails."""
    client.force_login(freelancer)
    url = thread_url(contract_thread, "messaging:mute_toggle")
    client.post(url, {"muted": "1"})
    assert ThreadMember.objects.get(user=freelancer).is_muted
    assert "Turn e-mails back on" in client.get(thread_url(contract_thread)).content.decode()
    client.post(url, {"muted": "0"})
    assert not ThreadMember.objects.get(user=freelancer).is_muted


# --- Entry points ---------------------------------------------------------------------


def test_start_from_a_contract_redirects_to_its_thread(client, contract, freelancer):
    """The contract's Message button opens its thread and goes there."""
    client.force_login(freelancer)
    response = client.post(reverse("messaging:start", args=["contract", contract.pk]))
    thread = Thread.objects.get(contract=contract)
    assert response.status_code == 302
    assert response["Location"] == thread_url(thread)


@pytest.mark.parametrize(
    ("kind", "fixture"), [("contract", "contract"), ("application", "application")]
)
def test_start_is_404_for_outsiders(client, stranger, kind, fixture, request):
    """Someone outside the subject gets a 404 and no thread is made."""
    subject = request.getfixturevalue(fixture)
    client.force_login(stranger)
    assert client.post(reverse("messaging:start", args=[kind, subject.pk])).status_code == 404
    assert not Thread.objects.exists()


def test_start_unknown_kind_or_missing_subject_is_404(client, stranger):
    """An unknown subject kind or a missing subject is a 404."""
    client.force_login(stranger)
    assert client.post(reverse("messaging:start", args=["offer", 1])).status_code == 404
    assert client.post(reverse("messaging:start", args=["application", 999])).status_code == 404


def test_start_without_a_recruiter_explains(client, company, candidate):
    """With nobody left to write to, the applicant is told so on the list."""
    from tests.jobs.factories import ApplicationFactory, PostingFactory

    application = ApplicationFactory.create(
        posting=PostingFactory.create(company=company), candidate=candidate
    )
    client.force_login(candidate)
    response = client.post(reverse("messaging:start", args=["application", application.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:list")


def test_header_shows_no_count_when_all_is_read(client, freelancer):
    """With nothing unread the header shows the link without a count."""
    client.force_login(freelancer)
    page = client.get(reverse("messaging:list")).content.decode()
    assert 'href="/messages/">Messages</a>' in page
    assert "nav-count" not in page


def test_anonymous_pages_have_no_messages_link(client, db):
    """Anonymous visitors have no Messages link."""
    assert "/messages/" not in client.get(reverse("home")).content.decode()
