"""E-mails the job board sends to recruiters and moderators."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from jobs.models import FeedSource, JobPosting
from outbox.mail import email_build, emails_send

SUBJECTS = {
    "submitted": "New posting to review: {title}",
    "approved": "Your posting is live: {title}",
    "rejected": "Your posting needs changes: {title}",
    "expiring": "Your posting expires soon: {title}",
    "comment": "New comment on {title}",
    "recruiter_comment": "Recruiter replied about {title}",
}
# Kinds that go to the moderators; every other kind goes to the posting's recruiters.
TO_MODERATORS = {"submitted", "recruiter_comment"}


def moderator_emails() -> list[str]:
    users = get_user_model().objects.filter(is_staff=True, is_active=True)
    return list(users.values_list("email", flat=True))


def recruiter_emails(posting: JobPosting) -> list[str]:
    emails = set(posting.company.recruiters.filter(is_active=True).values_list("email", flat=True))
    if posting.created_by and posting.created_by.is_active:
        emails.add(posting.created_by.email)
    return sorted(emails)


def posting_email_send(*, posting_id: int, kind: str, body_extra: str = "") -> int:
    """Send one e-mail per recipient about a posting; return how many were sent.

    Called by the outbox after the change commits; a posting deleted since sends nothing.
    """
    posting = (
        JobPosting.objects.select_related("company", "created_by").filter(pk=posting_id).first()
    )
    if posting is None:
        return 0
    recipients = moderator_emails() if kind in TO_MODERATORS else recruiter_emails(posting)
    context = {
        "posting": posting,
        "kind": kind,
        "extra": body_extra,
        "site_url": settings.SITE_URL,
        "posting_url": settings.SITE_URL + posting.get_absolute_url(),
        "admin_url": settings.SITE_URL + reverse("admin:jobs_jobposting_change", args=[posting.pk]),
        "dashboard_url": settings.SITE_URL + reverse("jobs:dashboard"),
    }
    subject = SUBJECTS[kind].format(title=posting.title)
    body = render_to_string(f"jobs/email/{kind}.txt", context)
    return emails_send(
        [email_build(subject=subject, body=body, to=[email]) for email in recipients]
    )


def feed_review_email_send(*, feed_id: int, unlisted: int, open_count: int) -> int:
    """Tell staff that a snapshot of a feed would close too many postings; return how many
    e-mails were sent. A feed deleted since sends nothing."""
    feed = FeedSource.objects.filter(pk=feed_id).first()
    if feed is None:
        return 0
    context = {
        "feed": feed,
        "unlisted": unlisted,
        "open_count": open_count,
        "admin_url": settings.SITE_URL + reverse("admin:jobs_feedsource_change", args=[feed.pk]),
    }
    subject = f"Feed {feed.name} needs review: {unlisted} postings no longer listed"
    body = render_to_string("jobs/email/feed_review.txt", context)
    return emails_send(
        [email_build(subject=subject, body=body, to=[email]) for email in moderator_emails()]
    )
