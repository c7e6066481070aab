"""Moderation around postings: reports from users and the staff-recruiter comment thread."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from jobs import notifications, permissions
from jobs.models import JobPosting, PostingComment, PostingReport
from outbox import services as outbox

COMMENT_MAX_LENGTH = 5000


def posting_report(
    *, posting: JobPosting, reporter: User, reason: str, details: str = ""
) -> PostingReport:
    """Queue a user's report for staff; a second report by the same user updates the first."""
    try:
        with transaction.atomic():
            return PostingReport.objects.create(
                posting=posting, reporter=reporter, reason=reason, details=details
            )
    except IntegrityError:
        report = PostingReport.objects.get(posting=posting, reporter=reporter)
        report.reason, report.details, report.resolved = reason, details, False
        report.save(update_fields=["reason", "details", "resolved"])
        return report


@transaction.atomic
def posting_comment(*, posting: JobPosting, author: User, body: str) -> PostingComment:
    """Add to the thread between staff and the posting's recruiters and notify the other side."""
    if not permissions.can_manage(author, posting):
        raise PermissionDenied("Only staff and the company's recruiters discuss a posting.")
    comment = PostingComment(posting=posting, author=author, body=body.strip())
    if len(comment.body) > COMMENT_MAX_LENGTH:
        raise ValidationError({"body": f"Keep comments under {COMMENT_MAX_LENGTH} characters."})
    comment.full_clean()
    comment.save()
    kind = "comment" if author.is_staff else "recruiter_comment"
    outbox.message_queue(
        handler=notifications.posting_email_send,
        kwargs={"posting_id": posting.pk, "kind": kind, "body_extra": comment.body},
    )
    return comment
