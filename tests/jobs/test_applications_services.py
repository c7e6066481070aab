"""On-site applications: résumé checks, who may apply, the pipeline and its e-mails."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.models import Application, ApplicationStatus
from jobs.services import applications as services
from tests.accounts.factories import UserFactory
from tests.jobs.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db

Status = ApplicationStatus
PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48
DOCX_PARTS = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")


def zip_bytes(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def pdf_upload(name: str = "Casey CV.pdf", size: int | None = None):
    data = PDF_BYTES if size is None else PDF_BYTES.ljust(size, b" ")
    return upload(name, data, "application/pdf")


def docx_upload(name: str = "Casey CV.docx"):
    return upload(name, zip_bytes(*DOCX_PARTS))


def stored_files(settings) -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def submit(posting, candidate, *, resume=None, cover_note="I shipped a pricing change."):
    return services.application_submit(
        posting=posting,
        candidate=candidate,
        cover_note=cover_note,
        resume=resume or pdf_upload(),
    )


# --- Résumé ------------------------------------------------------------------------------------


def test_submit_stores_the_resume_in_private_storage(candidate, settings):
    """The résumé lands under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, byte for byte."""
    application = submit(PostingFactory.create(), candidate)
    path = Path(application.resume.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert path.read_bytes() == PDF_BYTES
    assert application.status == Status.NEW
    assert application.resume_name == "Casey CV.pdf"


def test_submit_accepts_a_word_document(candidate):
    """A .docx (a ZIP with the Word document parts) is accepted and typed as Word."""
    application = submit(PostingFactory.create(), candidate, resume=docx_upload())
    assert application.resume.name.endswith(".docx")
    assert application.resume_name == "Casey CV.docx"
    assert services.resume_content_type(application) == services.DOCX.content_type


def test_type_comes_from_the_content_not_the_name(candidate):
    """A real PDF named .txt is stored and offered for download as a PDF."""
    application = submit(PostingFactory.create(), candidate, resume=pdf_upload("my cv.txt"))
    assert application.resume.name.endswith(".pdf")
    assert application.resume_name == "my cv.pdf"
    assert services.resume_content_type(application) == "application/pdf"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("cv.pdf", PNG_BYTES, id="png-named-pdf"),
        pytest.param("cv.pdf", EXE_BYTES, id="exe-renamed-pdf"),
        pytest.param("cv.docx", EXE_BYTES, id="exe-renamed-docx"),
        pytest.param("cv.docx", zip_bytes("photo.jpg", "notes.txt"), id="zip-not-docx"),
        pytest.param("cv.docx", zip_bytes("word/document.xml"), id="docx-without-content-types"),
        pytest.param("cv.docx", zip_bytes(*DOCX_PARTS, "word/vbaProject.bin"), id="macro-docm"),
        pytest.param("cv.docx", b"PK\x03\x04" + b"\x00" * 60, id="broken-zip"),
        pytest.param("cv.pdf", b"Curriculum vitae\n", id="plain-text"),
        pytest.param("cv.pdf", b" %PDF-1.7\n", id="pdf-marker-not-at-start"),
    ],
)
def test_submit_refuses_files_that_are_not_a_pdf_or_word_document(candidate, settings, name, data):
    """Whatever the file is called, only PDF or DOCX content is accepted; nothing is stored."""
    with pytest.raises(ValidationError) as refused:
        submit(PostingFactory.create(), candidate, resume=upload(name, data))
    assert "resume" in refused.value.message_dict
    assert not Application.objects.exists()
    assert stored_files(settings) == []


def docx_with(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in DOCX_PARTS:
            archive.writestr(name, parts.pop(name, "<xml/>"))
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


MACRO_MAIN = (
    '<Types><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.ms-word.document.{}.main+xml"/></Types>'
)
VBA_DEFAULT = '<Types><Default Extension="bin" ContentType="application/{}"/></Types>'


@pytest.mark.parametrize(
    "parts",
    [
        pytest.param({"word/vbaProject.BIN": "x"}, id="upper-extension"),
        pytest.param({"word/VBAPROJECT.bin": "x"}, id="upper-name"),
        pytest.param({"Word/VbaProject.Bin": "x"}, id="mixed-case-folder"),
        pytest.param({"customXml/vbaProject.bin": "x"}, id="other-folder"),
        pytest.param(
            {"[Content_Types].xml": MACRO_MAIN.format("macroEnabled")}, id="macro-main-type"
        ),
        pytest.param(
            {"[Content_Types].xml": MACRO_MAIN.format("MACROENABLED")}, id="macro-main-upper"
        ),
        pytest.param(
            {"[Content_Types].xml": VBA_DEFAULT.format("vnd.ms-office.VBAProject")},
            id="vba-content-type",
        ),
        pytest.param(
            {"[Content_Types].xml": VBA_DEFAULT.format("vnd.ms-word.vbaData+xml")},
            id="vba-data-type",
        ),
    ],
)
def test_submit_refuses_a_macro_document_whatever_the_case(candidate, settings, parts):
    """A macro project or macro content type marks a .docm, in any letter case; it is refused."""
    resume = upload("cv.docx", docx_with(parts))
    with pytest.raises(ValidationError) as refused:
        submit(PostingFactory.create(), candidate, resume=resume)
    assert "resume" in refused.value.message_dict
    assert stored_files(settings) == []


def test_submit_refuses_a_docx_whose_content_types_part_is_corrupt(candidate, settings):
    """A content-types part that does not inflate is refused as not a document, not a 500."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types>" + "x" * 4000 + "</Types>")
        for name in DOCX_PARTS[1:]:
            archive.writestr(name, "<xml/>")
    data = bytearray(buffer.getvalue())
    start = data.index(b"[Content_Types].xml") + len("[Content_Types].xml")
    data[start + 2 : start + 12] = b"\xff" * 10
    with pytest.raises(ValidationError) as refused:
        submit(PostingFactory.create(), candidate, resume=upload("cv.docx", bytes(data)))
    assert "resume" in refused.value.message_dict
    assert stored_files(settings) == []


def test_submit_accepts_a_docx_whose_content_types_name_only_word_parts(candidate):
    """A plain Word content-types list (no macro types) passes the macro check."""
    types = (
        '<Types><Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    resume = upload("cv.docx", docx_with({"[Content_Types].xml": types}))
    application = submit(PostingFactory.create(), candidate, resume=resume)
    assert services.resume_content_type(application) == services.DOCX.content_type


def test_submit_refuses_an_empty_file(candidate):
    """A zero-byte upload is refused with its own message."""
    with pytest.raises(ValidationError) as refused:
        submit(PostingFactory.create(), candidate, resume=upload("cv.pdf", b""))
    assert refused.value.message_dict["resume"] == ["The file is empty."]


def test_submit_refuses_a_file_over_the_size_limit(candidate, settings):
    """One byte over MAX_RESUME_BYTES is refused before anything is stored."""
    with pytest.raises(ValidationError) as refused:
        submit(
            PostingFactory.create(),
            candidate,
            resume=pdf_upload(size=services.MAX_RESUME_BYTES + 1),
        )
    assert refused.value.message_dict["resume"] == ["The file is larger than 2 MB."]
    assert stored_files(settings) == []


def test_submit_accepts_a_file_at_the_size_limit(candidate):
    """A résumé of exactly MAX_RESUME_BYTES is accepted."""
    application = submit(
        PostingFactory.create(), candidate, resume=pdf_upload(size=services.MAX_RESUME_BYTES)
    )
    assert application.resume.size == services.MAX_RESUME_BYTES


# --- Cover note and who may apply -----------------------------------------------------------


def test_submit_requires_a_cover_note(candidate):
    """A blank cover note is a field error."""
    with pytest.raises(ValidationError) as refused:
        submit(PostingFactory.create(), candidate, cover_note="   \n ")
    assert "cover_note" in refused.value.message_dict
    assert not Application.objects.exists()


def test_submit_refuses_an_overlong_cover_note(candidate):
    """The cover note is capped at MAX_COVER_NOTE_CHARS."""
    with pytest.raises(ValidationError) as refused:
        submit(
            PostingFactory.create(), candidate, cover_note="x" * (services.MAX_COVER_NOTE_CHARS + 1)
        )
    assert "cover_note" in refused.value.message_dict


def test_second_application_to_the_same_posting_is_refused(candidate, settings):
    """One application per candidate and posting; the second attempt says when they applied."""
    posting = PostingFactory.create()
    submit(posting, candidate)
    with pytest.raises(services.ApplicationRefused, match="You already applied on"):
        submit(posting, candidate)
    assert Application.objects.count() == 1
    assert len(stored_files(settings)) == 1


def test_candidate_may_apply_to_several_postings(candidate):
    """The once-only rule is per posting."""
    submit(PostingFactory.create(), candidate)
    submit(PostingFactory.create(), candidate)
    assert candidate.applications.count() == 2


@pytest.mark.parametrize(
    "status", ["draft", "pending", "rejected", "expired", "filled", "archived"]
)
def test_submit_refuses_a_posting_that_is_not_open(candidate, status):
    """Only published postings take applications."""
    with pytest.raises(services.ApplicationRefused, match="no longer taking applications"):
        submit(PostingFactory.create(status=status), candidate)
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"apply_method": "url", "apply_url": "https://careers.example.com/pm"},
        {"apply_method": "email", "apply_email": "jobs@example.com"},
    ],
)
def test_submit_refuses_postings_that_take_applications_elsewhere(candidate, fields):
    """Postings that send candidates to a URL or an inbox take no on-site applications."""
    with pytest.raises(services.ApplicationRefused, match="not here"):
        submit(PostingFactory.create(**fields), candidate)


def test_recruiter_cannot_apply_to_their_own_company(recruiter, company):
    """A recruiter cannot apply to a posting of a company they recruit for."""
    with pytest.raises(services.ApplicationRefused, match="You manage this posting"):
        submit(PostingFactory.create(company=company), recruiter)
    assert not Application.objects.exists()


def test_recruiter_may_apply_to_another_company(recruiter, other_company):
    """Recruiters job-hunt too: other companies' postings are open to them."""
    application = submit(PostingFactory.create(company=other_company), recruiter)
    assert application.candidate == recruiter


# --- E-mail to recruiters -------------------------------------------------------------------


def test_new_application_emails_the_recruiters_after_commit(
    candidate, recruiter, company, django_capture_on_commit_callbacks
):
    """Recruiters hear about a new application once the transaction commits, not before."""
    posting = PostingFactory.create(company=company, title="Product Manager, Growth")
    with django_capture_on_commit_callbacks() as callbacks:
        submit(posting, candidate)
        assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [[recruiter.email]]
    assert mail.outbox[0].subject == "New application for Product Manager, Growth"
    assert f"/jobs/{posting.slug}/applicants/" in mail.outbox[0].body


def test_refused_application_sends_no_email(candidate, recruiter, company):
    """A refused application schedules nothing."""
    with pytest.raises(ValidationError):
        submit(
            PostingFactory.create(company=company), candidate, resume=upload("cv.pdf", PNG_BYTES)
        )
    assert mail.outbox == []


# --- Pipeline -----------------------------------------------------------------------------------


def move(application, user, status):
    return services.application_move(application=application, user=user, status=status)


def test_recruiter_moves_an_application_through_the_pipeline(recruiter, company):
    """new -> reviewed -> shortlisted -> hired is the path to a hire."""
    application = ApplicationFactory.create(posting=PostingFactory.create(company=company))
    for status in [Status.REVIEWED, Status.SHORTLISTED, Status.HIRED]:
        application = move(application, recruiter, status)
    application.refresh_from_db()
    assert application.status == Status.HIRED


@pytest.mark.parametrize("start", [Status.NEW, Status.REVIEWED, Status.SHORTLISTED])
def test_any_open_application_can_be_rejected(recruiter, company, start):
    """Rejection is open from every step that is not final."""
    application = ApplicationFactory.create(
        posting=PostingFactory.create(company=company), status=start
    )
    assert move(application, recruiter, Status.REJECTED).status == Status.REJECTED


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.NEW, Status.SHORTLISTED),
        (Status.NEW, Status.HIRED),
        (Status.NEW, Status.NEW),
        (Status.REVIEWED, Status.NEW),
        (Status.REVIEWED, Status.HIRED),
        (Status.SHORTLISTED, Status.REVIEWED),
        (Status.REJECTED, Status.REVIEWED),
        (Status.REJECTED, Status.HIRED),
        (Status.HIRED, Status.REJECTED),
        (Status.HIRED, Status.SHORTLISTED),
        (Status.NEW, "interviewing"),
    ],
)
def test_illegal_moves_are_refused(recruiter, company, start, target):
    """Skipping steps, going back and leaving a final status are refused; nothing changes."""
    application = ApplicationFactory.create(
        posting=PostingFactory.create(company=company), status=start
    )
    with pytest.raises(services.TransitionError, match="cannot move to"):
        move(application, recruiter, target)
    application.refresh_from_db()
    assert application.status == start


def test_recruiter_of_another_company_cannot_move_applications(other_recruiter, company):
    """Only the posting's own recruiters move its applicants."""
    application = ApplicationFactory.create(posting=PostingFactory.create(company=company))
    with pytest.raises(PermissionDenied):
        move(application, other_recruiter, Status.REVIEWED)
    application.refresh_from_db()
    assert application.status == Status.NEW


def test_candidate_cannot_move_their_own_application(company):
    """The applicant cannot promote themselves."""
    application = ApplicationFactory.create(posting=PostingFactory.create(company=company))
    with pytest.raises(PermissionDenied):
        move(application, application.candidate, Status.REVIEWED)


def test_staff_may_move_any_application(staff_user):
    """Staff act for every company."""
    application = ApplicationFactory.create()
    assert move(application, staff_user, Status.REVIEWED).status == Status.REVIEWED


def test_next_statuses_lists_only_legal_moves():
    """The status menu offers exactly the transitions the service allows, in pipeline order."""
    reviewed = Application(status=Status.REVIEWED)
    hired = Application(status=Status.HIRED)
    assert [value for value, _ in services.next_statuses(reviewed)] == ["shortlisted", "rejected"]
    assert services.next_statuses(hired) == []


# --- E-mail to candidates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "target", "subject"),
    [
        (Status.REVIEWED, Status.SHORTLISTED, "You are shortlisted for Product Manager"),
        (Status.NEW, Status.REJECTED, "Your application for Product Manager"),
        (Status.SHORTLISTED, Status.HIRED, "Congratulations: Product Manager"),
    ],
)
def test_candidate_is_emailed_when_shortlisted_rejected_or_hired(
    recruiter, company, django_capture_on_commit_callbacks, start, target, subject
):
    """The candidate gets one e-mail about the decision, after commit."""
    posting = PostingFactory.create(company=company, title="Product Manager")
    application = ApplicationFactory.create(posting=posting, status=start)
    with django_capture_on_commit_callbacks(execute=True):
        move(application, recruiter, target)
    assert [(m.to, m.subject) for m in mail.outbox] == [([application.candidate.email], subject)]
    assert "/jobs/applications/" in mail.outbox[0].body


def test_candidate_is_not_emailed_when_reviewed(
    recruiter, company, django_capture_on_commit_callbacks
):
    """Marking an application reviewed is internal to the recruiters."""
    application = ApplicationFactory.create(posting=PostingFactory.create(company=company))
    with django_capture_on_commit_callbacks(execute=True):
        move(application, recruiter, Status.REVIEWED)
    assert mail.outbox == []


def test_status_email_is_dropped_once_the_status_moved_on():
    """A late or retried task does not announce a status the application no longer has."""
    application = ApplicationFactory.create(status=Status.REJECTED)
    sent = services.application_send_email(application_id=application.pk, kind="shortlisted")
    assert sent == 0
    assert mail.outbox == []


def test_email_task_for_a_deleted_application_does_nothing():
    """An application withdrawn before the task runs sends nothing and does not fail."""
    assert services.application_send_email(application_id=987654, kind="received") == 0
    assert mail.outbox == []


def test_inactive_candidate_is_not_emailed(recruiter, company, django_capture_on_commit_callbacks):
    """Deactivated accounts get no mail."""
    candidate = UserFactory.create(is_active=False)
    application = ApplicationFactory.create(
        posting=PostingFactory.create(company=company), candidate=candidate, status=Status.REVIEWED
    )
    with django_capture_on_commit_callbacks(execute=True):
        move(application, recruiter, Status.SHORTLISTED)
    assert mail.outbox == []


def test_resumes_have_no_public_url_and_stay_in_the_private_folder(settings):
    """Résumés live under PRIVATE_MEDIA_ROOT and can only be served by the checked view."""
    application = ApplicationFactory.create()
    assert str(settings.PRIVATE_MEDIA_ROOT) in application.resume.path
    with pytest.raises(ValueError):
        application.resume.url  # noqa: B018
