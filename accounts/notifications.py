"""E-mails about a person's account: the answer to their request to become a recruiter."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from outbox.mail import email_build, emails_send

from .models import RecruiterRequest, RecruiterRequestStatus

SUBJECTS = {
    RecruiterRequestStatus.APPROVED: "You can now post jobs for {company}",
    RecruiterRequestStatus.REJECTED: "Your request to recruit for {company}",
}


def recruiter_request_email_send(*, request_id: int) -> int:
    """Tell the applicant how staff decided; return how many e-mails were sent.

    Called by the outbox after the decision commits; a request deleted since sends nothing.
    """
    recruiter_request = (
        RecruiterRequest.objects.select_related("user", "company").filter(pk=request_id).first()
    )
    if recruiter_request is None or recruiter_request.is_pending:
        return 0
    status = RecruiterRequestStatus(recruiter_request.status)
    context = {
        "recruiter_request": recruiter_request,
        "dashboard_url": settings.SITE_URL + reverse("jobs:dashboard"),
        "post_url": settings.SITE_URL + reverse("jobs:post"),
        "request_url": settings.SITE_URL + reverse("accounts:recruiter_request"),
    }
    subject = SUBJECTS[status].format(company=recruiter_request.company_label)
    body = render_to_string(f"accounts/email/recruiter_request_{status}.txt", context)
    return emails_send([email_build(subject=subject, body=body, to=[recruiter_request.user.email])])
