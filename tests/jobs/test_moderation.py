"""The comment thread between moderators and recruiters, on the posting page."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobs import selectors
from jobs.domain import PostingStatus
from jobs.models import PostingComment
from jobs.services.moderation import COMMENT_MAX_LENGTH, posting_comment
from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(company):
    return PostingFactory.create(
        company=company, status=PostingStatus.PENDING, posted_at=None, valid_through=None
    )


def reply(client, posting, body):
    return client.post(reverse("jobs:comment", args=[posting.slug]), {"body": body})


def test_posting_comments_lists_the_thread_oldest_first(
    posting, recruiter, staff_user, django_assert_num_queries
):
    """The selector returns the thread in the order it was written, authors included."""
    first = PostingComment.objects.create(posting=posting, author=staff_user, body="Question")
    second = PostingComment.objects.create(posting=posting, author=recruiter, body="Answer")
    with django_assert_num_queries(1):
        thread = [(c.pk, c.author.email) for c in selectors.posting_comments(posting)]
    assert thread == [(first.pk, staff_user.email), (second.pk, recruiter.email)]


def test_recruiter_sees_the_thread_and_a_reply_box(client, posting, recruiter, staff_user):
    """The posting's recruiter reads the moderators' comments on the posting page."""
    PostingComment.objects.create(posting=posting, author=staff_user, body="Which city is it?")
    client.force_login(recruiter)
    page = client.get(posting.get_absolute_url()).content.decode()
    assert "Which city is it?" in page
    assert "pmportal moderator" in page
    assert f'action="{reverse("jobs:comment", args=[posting.slug])}"' in page


def test_other_users_never_see_the_thread(client, company, candidate, staff_user):
    """On a live posting, a candidate sees neither the comments nor the reply box."""
    live = PostingFactory.create(company=company)
    PostingComment.objects.create(posting=live, author=staff_user, body="Internal note")
    client.force_login(candidate)
    response = client.get(live.get_absolute_url())
    assert response.status_code == 200
    assert "Internal note" not in response.content.decode()
    assert reverse("jobs:comment", args=[live.slug]) not in response.content.decode()


def test_recruiter_reply_is_saved_and_emailed_to_moderators(
    client, posting, recruiter, staff_user, django_capture_on_commit_callbacks
):
    """A recruiter's reply joins the thread and every moderator gets it by e-mail."""
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = reply(client, posting, "  The role is in Leeds, hybrid.  ")
    assert response.status_code == 302
    assert response.url == f"{posting.get_absolute_url()}#comments"
    [comment] = PostingComment.objects.filter(posting=posting)
    assert (comment.author, comment.body) == (recruiter, "The role is in Leeds, hybrid.")
    [message] = mail.outbox
    assert message.to == [staff_user.email]
    assert message.subject == f"Recruiter replied about {posting.title}"
    assert "The role is in Leeds, hybrid." in message.body


def test_staff_reply_on_the_site_is_emailed_to_recruiters(
    client, posting, recruiter, staff_user, django_capture_on_commit_callbacks
):
    """A moderator writing from the posting page reaches the recruiters, not other staff."""
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        reply(client, posting, "Thanks, approving now.")
    [message] = mail.outbox
    assert message.to == [recruiter.email]
    assert "Thanks, approving now." in message.body


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 5001])
def test_empty_or_overlong_reply_is_refused(
    client, posting, recruiter, django_capture_on_commit_callbacks, body
):
    """A blank or too long reply saves nothing, sends nothing and says why."""
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = reply(client, posting, body)
    assert not PostingComment.objects.exists()
    assert mail.outbox == []
    page = client.get(response.url).content.decode()
    assert "Write a comment (up to 5,000 characters) before sending it." in page


@pytest.mark.parametrize("body", ["Hello", ""])
def test_other_recruiter_cannot_reply_on_a_live_posting(client, company, other_recruiter, body):
    """A recruiter of another company gets 403 on a posting anyone can see, whatever they send."""
    live = PostingFactory.create(company=company)
    client.force_login(other_recruiter)
    assert reply(client, live, body).status_code == 403
    assert not PostingComment.objects.exists()


def test_other_recruiter_gets_404_on_an_unpublished_posting(client, posting, other_recruiter):
    """A posting under review does not exist for anyone outside its company and staff."""
    client.force_login(other_recruiter)
    assert reply(client, posting, "Hello").status_code == 404
    assert not PostingComment.objects.exists()


def test_signed_out_visitor_is_sent_to_sign_in(client, posting):
    """Replying needs an account; nothing is saved."""
    response = reply(client, posting, "Hello")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not PostingComment.objects.exists()


def test_reply_address_only_accepts_post(client, posting, recruiter):
    """Opening the reply address in the browser answers 405."""
    client.force_login(recruiter)
    assert client.get(reverse("jobs:comment", args=[posting.slug])).status_code == 405


def test_comment_service_refuses_an_empty_or_overlong_body(recruiter, company):
    """The service itself guards the thread, whatever form or API calls it."""
    posting = PostingFactory.create(company=company)
    for body in ["   ", "x" * (COMMENT_MAX_LENGTH + 1)]:
        with pytest.raises(ValidationError):
            posting_comment(posting=posting, author=recruiter, body=body)
    assert not posting.comments.exists()
