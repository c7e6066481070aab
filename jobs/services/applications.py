"""On-site applications: a cover note and a résumé, then the recruiter's pipeline.

Pipeline: new -> reviewed -> shortlisted -> hired, and rejected from any open step.
Hired and rejected are final. Candidates hear about shortlisting, rejection and hiring;
recruiters hear about every new application.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from accounts.models import User
from jobs.models import Application, ApplicationStatus, ApplyMethod, JobPosting
from jobs.notifications import recruiter_emails
from jobs.permissions import can_manage
from outbox import services as outbox
from outbox.mail import email_build, emails_send

Status = ApplicationStatus

# Big enough for a designed two-page CV, small enough to keep uploads quick.
MAX_RESUME_BYTES = 2 * 1024 * 1024
MAX_COVER_NOTE_CHARS = 5000

# Where each status may go next; an empty set is a final status.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.REVIEWED, Status.REJECTED}),
    Status.REVIEWED: frozenset({Status.SHORTLISTED, Status.REJECTED}),
    Status.SHORTLISTED: frozenset({Status.HIRED, Status.REJECTED}),
    Status.REJECTED: frozenset(),
    Status.HIRED: frozenset(),
}
# The candidate is e-mailed when their application reaches one of these.
CANDIDATE_NOTIFIED = frozenset({Status.SHORTLISTED, Status.REJECTED, Status.HIRED})

SUBJECTS = {
    "received": "New application for {title}",
    Status.SHORTLISTED: "You are shortlisted for {title}",
    Status.REJECTED: "Your application for {title}",
    Status.HIRED: "Congratulations: {title}",
}


@dataclass(frozen=True)
class ResumeType:
    extension: str
    content_type: str


PDF = ResumeType("pdf", "application/pdf")
DOCX = ResumeType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
RESUME_TYPES = {kind.extension: kind for kind in (PDF, DOCX)}
# Parts every Word document has; a macro project marks a .docm passed off as a .docx.
DOCX_REQUIRED_PARTS = frozenset({"[Content_Types].xml", "word/document.xml"})
# Part names compare case-insensitively in a ZIP package (ECMA-376 part 2), so Word opens
# word/VBAPROJECT.BIN as the macro project; the content types, lower-cased, name it too.
DOCX_MACRO_PART_NAME = "vbaproject.bin"
DOCX_MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "vbadata")
# The content-types list of a real document is a few kilobytes; read no more than this.
DOCX_CONTENT_TYPES_MAX_BYTES = 1024 * 1024


class ApplicationRefused(ValidationError):
    """The candidate may not apply to this posting (closed, their own, already applied...)."""


class TransitionError(ValidationError):
    """The application's status does not allow the requested move."""


def apply_refusal(*, posting: JobPosting, candidate: User) -> str | None:
    """Why ``candidate`` cannot apply to ``posting`` on the site, or None if they can."""
    if not posting.is_open:
        return "This role is no longer taking applications."
    if posting.apply_method != ApplyMethod.ONSITE:
        return "This company takes applications on its own site or by e-mail, not here."
    if can_manage(candidate, posting):
        return "You manage this posting, so you cannot apply to it."
    applied = Application.objects.filter(posting=posting, candidate=candidate).first()
    if applied is not None:
        day = format_date(timezone.localtime(applied.created_at), "j F Y")
        return f"You already applied on {day}."
    return None


def resume_type(upload: UploadedFile) -> ResumeType:
    """Identify a résumé by its content (PDF or DOCX); raise ValidationError otherwise."""
    if not upload.size:
        raise ValidationError("The file is empty.", code="empty")
    if upload.size > MAX_RESUME_BYTES:
        limit = MAX_RESUME_BYTES // (1024 * 1024)
        raise ValidationError(f"The file is larger than {limit} MB.", code="too_large")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return PDF
    if head[:4] == b"PK\x03\x04" and _is_docx(upload):
        return DOCX
    raise ValidationError(
        "Upload a PDF or a Word (.docx) document; this file is neither.", code="file_type"
    )


def _is_docx(upload: UploadedFile) -> bool:
    """Whether the ZIP is a Word document without macros."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if not names >= DOCX_REQUIRED_PARTS:
                return False
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(DOCX_CONTENT_TYPES_MAX_BYTES).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, zlib.error):
        # RuntimeError covers an encrypted part and an unsupported compression method;
        # EOFError and zlib.error a truncated or corrupt compressed part.
        return False
    finally:
        upload.seek(0)
    has_macro_part = any(PurePath(name).name.lower() == DOCX_MACRO_PART_NAME for name in names)
    content_types = content_types.lower()
    has_macro_type = any(kind in content_types for kind in DOCX_MACRO_CONTENT_TYPES)
    return not (has_macro_part or has_macro_type)


def resume_content_type(application: Application) -> str:
    """The résumé's type as detected at upload, which the stored file's extension records."""
    kind = RESUME_TYPES.get(PurePath(application.resume.name).suffix.lstrip("."))
    return kind.content_type if kind else "application/octet-stream"


def _download_name(original: str, kind: ResumeType) -> str:
    """The uploaded name with the extension of the detected type: 'Casey CV.pdf'."""
    stem = PurePath(original).stem.strip() or "resume"
    return f"{stem[:190]}.{kind.extension}"


@transaction.atomic
def application_submit(
    *, posting: JobPosting, candidate: User, cover_note: str, resume: UploadedFile
) -> Application:
    """Apply ``candidate`` to ``posting`` with a cover note and a résumé; tell the recruiters."""
    # Holding the posting row makes the already-applied check and the insert one step.
    posting = (
        JobPosting.objects.select_for_update(of=("self",))
        .select_related("company")
        .get(pk=posting.pk)
    )
    refusal = apply_refusal(posting=posting, candidate=candidate)
    if refusal:
        raise ApplicationRefused(refusal)
    errors: dict[str, list[str]] = {}
    kind: ResumeType | None = None
    cover_note = cover_note.strip()
    if not cover_note:
        errors["cover_note"] = ["Write a few lines on why this role suits you."]
    elif len(cover_note) > MAX_COVER_NOTE_CHARS:
        errors["cover_note"] = [f"Keep the cover note under {MAX_COVER_NOTE_CHARS} characters."]
    try:
        kind = resume_type(resume)
    except ValidationError as error:
        errors["resume"] = error.messages
    if errors or kind is None:
        raise ValidationError(errors)
    application = Application(
        posting=posting,
        candidate=candidate,
        cover_note=cover_note,
        resume_name=_download_name(resume.name or "", kind),
    )
    # The stored name carries the detected extension; the download's type is read from it.
    application.resume.save(f"resume.{kind.extension}", resume, save=False)
    application.save()
    _email_on_commit(application.pk, "received")
    return application


@transaction.atomic
def application_move(*, application: Application, user: User, status: str) -> Application:
    """Move an application along the pipeline; only the posting's recruiters and staff may."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("posting__company")
        .get(pk=application.pk)
    )
    if not can_manage(user, application.posting):
        raise PermissionDenied("Only the posting's recruiters move its applicants.")
    if status not in TRANSITIONS.get(application.status, frozenset()):
        current = application.get_status_display().lower()
        target = dict(Status.choices).get(status, status).lower()
        raise TransitionError(f"An application that is {current} cannot move to {target}.")
    application.status = status
    application.save(update_fields=["status", "updated_at"])
    if status in CANDIDATE_NOTIFIED:
        _email_on_commit(application.pk, status)
    return application


def next_statuses(application: Application) -> list[tuple[str, str]]:
    """The moves open to ``application``, as (value, label) pairs in pipeline order."""
    allowed = TRANSITIONS[application.status]
    return [(value, label) for value, label in Status.choices if value in allowed]


def application_send_email(*, application_id: int, kind: str) -> int:
    """Send the e-mail ``kind`` about an application; return how many went out.

    ``received`` goes to the posting's recruiters; a status goes to the candidate, and only
    while the application still has that status, so a retried or late task stays quiet.
    """
    application = (
        Application.objects.select_related("posting__company", "posting__created_by", "candidate")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return 0
    posting = application.posting
    candidate = application.candidate
    if kind == "received":
        recipients = recruiter_emails(posting)
    elif kind == application.status and kind in CANDIDATE_NOTIFIED and candidate.is_active:
        recipients = [candidate.email]
    else:
        recipients = []
    if not recipients:
        return 0
    context = {
        "application": application,
        "posting": posting,
        "applicants_url": settings.SITE_URL + reverse("jobs:applicants", args=[posting.slug]),
        "applications_url": settings.SITE_URL + reverse("jobs:my_applications"),
        "board_url": settings.SITE_URL + reverse("jobs:list"),
    }
    subject = SUBJECTS[kind].format(title=posting.title)
    body = render_to_string(f"jobs/email/application_{kind}.txt", context)
    return emails_send(
        [email_build(subject=subject, body=body, to=[email]) for email in recipients]
    )


def _email_on_commit(application_id: int, kind: str) -> None:
    outbox.message_queue(
        handler=application_send_email, kwargs={"application_id": application_id, "kind": kind}
    )
