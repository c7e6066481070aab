"""Job-board e-mails survive a broker outage and any stored title; fan-outs never crash."""

import pytest
from django.core import mail
from django.urls import reverse

from jobs import tasks
from jobs.domain import PostingStatus
from jobs.models import Application, FeedSource, JobPosting, PostingComment
from jobs.services import applications, postings
from outbox.delivery import messages_drain
from outbox.models import MessageStatus, OutboxMessage
from tests.jobs.factories import ApplicationFactory, PostingFactory
from tests.jobs.test_applications_services import pdf_upload
from tests.jobs.test_posting_views import post_data
from tests.jobs.test_saved_searches import saved

pytestmark = pytest.mark.django_db

BROKEN_TITLES = [
    "Product Manager\nBcc: everyone@example.com",
    "Product Manager\r\nPayments",
    "Product\x07Manager\x1b[31m",
    "Product Manager\u2028Payments",
]


def pending_messages() -> int:
    return OutboxMessage.objects.filter(status=MessageStatus.PENDING).count()


# --- The broker is down -----------------------------------------------------------------


def test_submitting_a_posting_succeeds_while_the_broker_is_down(
    client, recruiter, company, staff_user, broker_down, django_capture_on_commit_callbacks
):
    """The posting is saved and the page answers; the moderators' e-mail goes out later."""
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:post"), {**post_data(company), "submit": "1"})
    assert response.status_code == 302
    assert JobPosting.objects.get().status == PostingStatus.PENDING
    assert (mail.outbox, pending_messages()) == ([], 1)
    assert messages_drain() == 1
    assert [m.to for m in mail.outbox] == [[staff_user.email]]


def test_applying_succeeds_while_the_broker_is_down(
    client, candidate, recruiter, company, broker_down, django_capture_on_commit_callbacks
):
    """The application is saved and the page answers; the recruiters hear of it later."""
    posting = PostingFactory.create(company=company)
    client.force_login(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("jobs:apply", args=[posting.slug]),
            {"cover_note": "I ran onboarding at a fintech.", "resume": pdf_upload()},
        )
    assert response.status_code == 302
    assert Application.objects.filter(posting=posting, candidate=candidate).exists()
    assert (mail.outbox, pending_messages()) == ([], 1)
    assert messages_drain() == 1
    assert [m.to for m in mail.outbox] == [[recruiter.email]]


def test_commenting_succeeds_while_the_broker_is_down(
    client, recruiter, company, staff_user, broker_down, django_capture_on_commit_callbacks
):
    """The comment is saved and the page answers; the moderators get it later."""
    posting = PostingFactory.create(company=company, status=PostingStatus.PENDING)
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("jobs:comment", args=[posting.slug]), {"body": "Hybrid, in Leeds."}
        )
    assert response.status_code == 302
    assert PostingComment.objects.filter(posting=posting).exists()
    assert messages_drain() == 1
    [message] = mail.outbox
    assert (message.to, "Hybrid, in Leeds." in message.body) == ([staff_user.email], True)


def test_digest_fan_out_stops_quietly_while_the_broker_is_down(candidate, broker_down):
    """The daily digest task queues nothing and does not crash; searches keep their time."""
    search = saved(candidate, "level=senior")
    assert tasks.send_saved_search_digests() == 0
    search.refresh_from_db()
    assert search.last_sent_at is None


def test_due_feeds_stay_due_while_the_broker_is_down(broker_down):
    """The feed check queues nothing and does not crash; the feed is still due next time."""
    FeedSource.objects.create(
        name="atlasworks", format="greenhouse", url="https://feeds.example.com/jobs",
        interval_minutes=60, trusted=True,
    )  # fmt: skip
    assert tasks.run_due_feeds() == 0
    assert tasks.run_due_feeds() == 0


# --- Subjects from stored text ----------------------------------------------------------


@pytest.mark.parametrize("title", BROKEN_TITLES)
def test_posting_email_subject_is_one_line_whatever_the_title(
    recruiter, company, staff_user, django_capture_on_commit_callbacks, title
):
    """A title with line breaks or control characters still gets its e-mail, on one line."""
    posting = PostingFactory.create(
        company=company,
        created_by=recruiter,
        status=PostingStatus.DRAFT,
        posted_at=None,
        valid_through=None,
    )
    JobPosting.objects.filter(pk=posting.pk).update(title=title)
    posting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        postings.posting_submit(posting=posting, user=recruiter)
    [message] = mail.outbox
    assert message.subject.startswith("New posting to review: Product")
    assert not any(char in message.subject for char in "\r\n\x07\x1b\u2028")
    assert OutboxMessage.objects.get().status == MessageStatus.SENT


@pytest.mark.parametrize("title", BROKEN_TITLES)
def test_application_email_subject_is_one_line_whatever_the_title(
    recruiter, company, django_capture_on_commit_callbacks, title
):
    """The candidate's status e-mail about such a posting goes out with a one-line subject."""
    application = ApplicationFactory.create(posting__company=company)
    JobPosting.objects.filter(pk=application.posting_id).update(title=title)
    with django_capture_on_commit_callbacks(execute=True):
        applications.application_move(application=application, user=recruiter, status="rejected")
    [message] = mail.outbox
    assert message.to == [application.candidate.email]
    assert not any(char in message.subject for char in "\r\n\x07\x1b\u2028")


def test_digest_subject_is_one_line_whatever_the_search_name(
    candidate, django_capture_on_commit_callbacks
):
    """A saved search named across lines still gets its digest, with a one-line subject."""
    saved(candidate, name="Senior\nroles\r\nin GB")
    PostingFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_saved_search_digests.delay()
    [message] = mail.outbox
    assert message.subject == "New product roles for “Senior roles in GB”"
