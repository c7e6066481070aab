"""Application pages: apply, applicants, status moves, résumé downloads, the candidate's list."""

from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from jobs.models import Application, ApplicationStatus
from jobs.services import applications as services
from tests.accounts.factories import UserFactory
from tests.jobs.factories import ApplicationFactory, PostingFactory
from tests.jobs.test_applications_services import (
    PDF_BYTES,
    PNG_BYTES,
    docx_upload,
    pdf_upload,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db

Status = ApplicationStatus


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def apply_url(posting) -> str:
    return reverse("jobs:apply", args=[posting.slug])


def resume_url(application) -> str:
    return reverse("jobs:resume", args=[application.pk])


def applicants_url(posting) -> str:
    return reverse("jobs:applicants", args=[posting.slug])


def move_url(application) -> str:
    return reverse("jobs:application_move", args=[application.pk])


# --- Applying -----------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login_to_apply(client):
    """Applying needs an account; the login page brings the visitor back to the form."""
    posting = PostingFactory.create()
    response = client.get(apply_url(posting))
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={apply_url(posting)}"


def test_anonymous_post_creates_nothing(client):
    """A form posted without signing in is not stored."""
    posting = PostingFactory.create()
    client.post(apply_url(posting), {"cover_note": "Hi", "resume": pdf_upload()})
    assert not Application.objects.exists()


def test_apply_page_shows_the_form(client, candidate):
    """The form asks for a cover note and a PDF or Word résumé."""
    client.force_login(candidate)
    response = client.get(apply_url(PostingFactory.create()))
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b'name="cover_note"' in response.content
    assert b'accept=".pdf,.docx,' in response.content


def test_candidate_applies_and_sees_the_application_listed(client, candidate):
    """A valid application is stored and the candidate lands on their applications."""
    posting = PostingFactory.create(title="Product Manager, Payments")
    client.force_login(candidate)
    response = client.post(
        apply_url(posting), {"cover_note": "I ran payments ops.", "resume": pdf_upload()}
    )
    assert response.status_code == 302
    assert response.url == reverse("jobs:my_applications")
    application = Application.objects.get()
    assert (application.posting, application.candidate) == (posting, candidate)
    listing = client.get(response.url)
    assert b"Product Manager, Payments" in listing.content
    assert b"New" in listing.content


def test_fake_resume_is_a_form_error(client, candidate, settings):
    """A PNG named .pdf re-renders the form with a résumé error, and nothing is kept."""
    client.force_login(candidate)
    response = client.post(
        apply_url(PostingFactory.create()),
        {"cover_note": "Hello", "resume": upload("cv.pdf", PNG_BYTES, "application/pdf")},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["resume"] == [
        "Upload a PDF or a Word (.docx) document; this file is neither."
    ]
    assert not Application.objects.exists()
    assert stored_files(settings) == []


def test_oversized_resume_is_a_form_error(client, candidate):
    """A résumé over the limit is refused on the form."""
    client.force_login(candidate)
    response = client.post(
        apply_url(PostingFactory.create()),
        {"cover_note": "Hello", "resume": pdf_upload(size=services.MAX_RESUME_BYTES + 1)},
    )
    assert response.status_code == 400
    assert "larger than 2 MB" in response.context["form"].errors["resume"][0]


def test_missing_resume_is_a_form_error(client, candidate):
    """The résumé is required."""
    client.force_login(candidate)
    response = client.post(apply_url(PostingFactory.create()), {"cover_note": "Hello"})
    assert response.status_code == 400
    assert "resume" in response.context["form"].errors


def test_second_application_gets_a_friendly_message(client, candidate):
    """Posting the form again after applying explains it, without an error page or a copy."""
    application = ApplicationFactory.create(candidate=candidate)
    client.force_login(candidate)
    response = client.post(
        apply_url(application.posting), {"cover_note": "Again", "resume": pdf_upload()}
    )
    assert response.status_code == 302
    assert response.url == application.posting.get_absolute_url()
    assert messages_of(response)[0].startswith("You already applied on")
    assert Application.objects.count() == 1


def test_apply_form_after_applying_sends_the_candidate_back(client, candidate):
    """Opening the form again leads back to the posting with the date they applied."""
    application = ApplicationFactory.create(candidate=candidate)
    client.force_login(candidate)
    response = client.get(apply_url(application.posting))
    assert response.status_code == 302
    assert "You already applied on" in messages_of(response)[0]


@pytest.mark.parametrize("status", ["draft", "pending", "rejected", "archived"])
def test_apply_to_an_unpublished_posting_is_404(client, candidate, status):
    """Postings the public cannot see cannot be applied to, and are not revealed."""
    client.force_login(candidate)
    posting = PostingFactory.create(status=status)
    assert client.get(apply_url(posting)).status_code == 404
    response = client.post(apply_url(posting), {"cover_note": "Hi", "resume": pdf_upload()})
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_apply_to_a_closed_posting_explains_it_is_closed(client, candidate):
    """An expired posting sends the candidate back to its page with a message."""
    client.force_login(candidate)
    posting = PostingFactory.create(status="expired")
    response = client.post(apply_url(posting), {"cover_note": "Hi", "resume": pdf_upload()})
    assert response.status_code == 302
    assert messages_of(response) == ["This role is no longer taking applications."]
    assert not Application.objects.exists()


def test_apply_to_a_posting_with_an_external_url_is_refused(client, candidate):
    """Postings that take applications on the company's site have no on-site form."""
    client.force_login(candidate)
    posting = PostingFactory.create(apply_method="url", apply_url="https://example.com/apply")
    response = client.get(apply_url(posting))
    assert response.status_code == 302
    assert "not here" in messages_of(response)[0]


def test_recruiter_cannot_apply_to_their_own_posting(client, recruiter, company):
    """The company's recruiters are sent back with a message, and nothing is stored."""
    client.force_login(recruiter)
    posting = PostingFactory.create(company=company)
    response = client.post(apply_url(posting), {"cover_note": "Me", "resume": pdf_upload()})
    assert response.status_code == 302
    assert messages_of(response) == ["You manage this posting, so you cannot apply to it."]
    assert not Application.objects.exists()


# --- Posting page -------------------------------------------------------------------------------


def test_posting_page_offers_apply_now_for_on_site_applications(client, candidate):
    """An open on-site posting shows the Apply now button."""
    client.force_login(candidate)
    posting = PostingFactory.create()
    response = client.get(posting.get_absolute_url())
    assert f'href="{apply_url(posting)}">Apply now</a>'.encode() in response.content


def test_posting_page_hides_apply_now_on_closed_postings(client):
    """A filled posting has no apply button."""
    posting = PostingFactory.create(status="filled")
    assert b"Apply now" not in client.get(posting.get_absolute_url()).content


def test_posting_page_shows_when_the_candidate_applied(client, candidate):
    """After applying, the page shows the date and status instead of the button."""
    application = ApplicationFactory.create(candidate=candidate, status=Status.SHORTLISTED)
    client.force_login(candidate)
    response = client.get(application.posting.get_absolute_url())
    assert b"You applied on" in response.content
    assert b"Shortlisted" in response.content
    assert b"Apply now" not in response.content


def test_posting_page_does_not_offer_own_recruiters_to_apply(client, recruiter, company):
    """The company's recruiters see a link to the applicants instead."""
    posting = PostingFactory.create(company=company)
    client.force_login(recruiter)
    response = client.get(posting.get_absolute_url())
    assert b"Apply now" not in response.content
    assert applicants_url(posting).encode() in response.content


# --- Applicants page -----------------------------------------------------------------------------


def test_recruiter_sees_the_applicants_of_a_posting(client, recruiter, company):
    """Name, e-mail, date, cover note, résumé link and the legal moves are on the page."""
    posting = PostingFactory.create(company=company)
    candidate = UserFactory.create(name="Casey Jones", email="casey.j@example.com")
    application = ApplicationFactory.create(
        posting=posting, candidate=candidate, cover_note="I **love** onboarding."
    )
    ApplicationFactory.create()
    client.force_login(recruiter)
    response = client.get(applicants_url(posting))
    assert response.status_code == 200
    assert [row["application"] for row in response.context["rows"]] == [application]
    body = response.content.decode()
    assert "Casey Jones" in body
    assert "mailto:casey.j@example.com" in body
    assert "<strong>love</strong>" in body
    assert resume_url(application) in body
    assert '<option value="reviewed">Reviewed</option>' in body
    assert '<option value="hired">' not in body


def test_collapsed_cover_note_shows_plain_text_and_expanded_shows_formatting(
    client, recruiter, company
):
    """The summary line shows the note's words without Markdown; the opened note renders it."""
    posting = PostingFactory.create(company=company)
    ApplicationFactory.create(
        posting=posting, cover_note="I **love** [onboarding](https://example.com/work)."
    )
    client.force_login(recruiter)
    body = client.get(applicants_url(posting)).content.decode()
    assert "<summary>I love onboarding.</summary>" in body
    assert "**" not in body
    assert "<strong>love</strong>" in body
    assert 'href="https://example.com/work"' in body


def test_collapsed_cover_note_escapes_html_typed_into_the_note(client, recruiter, company):
    """Raw HTML in a note never reaches the summary line as markup."""
    posting = PostingFactory.create(company=company)
    ApplicationFactory.create(posting=posting, cover_note="Hi &lt;b&gt; <i>there</i>")
    client.force_login(recruiter)
    body = client.get(applicants_url(posting)).content.decode()
    assert "<summary>Hi &lt;b&gt; there</summary>" in body


def test_applicants_page_escapes_cover_note_html(client, recruiter, company):
    """A cover note cannot inject markup into the recruiter's page."""
    posting = PostingFactory.create(company=company)
    ApplicationFactory.create(posting=posting, cover_note="<script>alert(1)</script> hi")
    client.force_login(recruiter)
    response = client.get(applicants_url(posting))
    assert b"<script>alert(1)" not in response.content


def test_staff_see_any_posting_applicants(client, staff_user):
    """Staff may open every applicants page."""
    application = ApplicationFactory.create()
    client.force_login(staff_user)
    assert client.get(applicants_url(application.posting)).status_code == 200


@pytest.mark.parametrize("who", ["candidate", "other_recruiter"])
def test_applicants_page_is_404_for_everyone_else(client, request, company, who):
    """Candidates and other companies' recruiters cannot tell the page exists."""
    posting = PostingFactory.create(company=company)
    ApplicationFactory.create(posting=posting)
    client.force_login(request.getfixturevalue(who))
    assert client.get(applicants_url(posting)).status_code == 404


def test_applicants_page_sends_anonymous_visitors_to_login(client):
    """Signed-out visitors are asked to sign in."""
    response = client.get(applicants_url(PostingFactory.create()))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_applicants_page_filters_by_status(client, recruiter, company):
    """?status= narrows the list and the tabs count every status."""
    posting = PostingFactory.create(company=company)
    shortlisted = ApplicationFactory.create(posting=posting, status=Status.SHORTLISTED)
    ApplicationFactory.create(posting=posting)
    client.force_login(recruiter)
    response = client.get(applicants_url(posting), {"status": "shortlisted"})
    assert [row["application"] for row in response.context["rows"]] == [shortlisted]
    counts = {tab["value"]: tab["count"] for tab in response.context["tabs"]}
    assert (counts["new"], counts["shortlisted"], counts["hired"]) == (1, 1, 0)
    assert response.context["total"] == 2


def test_applicants_page_ignores_an_unknown_status_filter(client, recruiter, company):
    """A hand-edited status shows everyone rather than an error."""
    posting = PostingFactory.create(company=company)
    ApplicationFactory.create(posting=posting)
    client.force_login(recruiter)
    response = client.get(applicants_url(posting), {"status": "bogus"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


def test_applicants_pages_walk_every_applicant_once(client, recruiter, company):
    """Following the next-page cursors lists every applicant exactly once."""
    posting = PostingFactory.create(company=company)
    made = {ApplicationFactory.create(posting=posting).pk for _ in range(30)}
    client.force_login(recruiter)
    seen: list[int] = []
    params: dict[str, str] = {}
    while True:
        page = client.get(applicants_url(posting), params).context["page"]
        seen += [application.pk for application in page.items]
        if not page.next_cursor:
            break
        params = {"cursor": page.next_cursor}
    assert sorted(seen) == sorted(made)


def test_applicants_page_query_count_is_constant(
    client, recruiter, company, django_assert_max_num_queries
):
    """A full page of applicants costs the same few queries as one applicant."""
    posting = PostingFactory.create(company=company)
    for status in [Status.NEW, Status.REVIEWED, Status.SHORTLISTED, Status.HIRED] * 7:
        ApplicationFactory.create(posting=posting, status=status)
    client.force_login(recruiter)
    # One of them is the header's unread-message count and freelancer link.
    with django_assert_max_num_queries(7):
        response = client.get(applicants_url(posting))
    assert len(response.context["rows"]) == 25


# --- Status moves ------------------------------------------------------------------------------


def test_recruiter_moves_an_applicant(client, recruiter, company):
    """The status form saves the move and returns to the applicant's row."""
    application = ApplicationFactory.create(posting=PostingFactory.create(company=company))
    client.force_login(recruiter)
    response = client.post(move_url(application), {"status": "reviewed"})
    assert response.status_code == 302
    assert response.url.endswith(f"#application-{application.pk}")
    application.refresh_from_db()
    assert application.status == Status.REVIEWED


@pytest.mark.parametrize(("tab", "query"), [("new", "?status=new"), ("", ""), ("bogus", "")])
def test_a_move_returns_to_the_tab_it_was_made_from(client, recruiter, company, tab, query):
    """Moving someone out of the "new" tab leaves the recruiter on that tab, not on "all"."""
    application = ApplicationFactory.create(posting=PostingFactory.create(company=company))
    client.force_login(recruiter)

    response = client.post(move_url(application), {"status": "reviewed", "tab": tab})

    assert response.url == (
        f"{applicants_url(application.posting)}{query}#application-{application.pk}"
    )


def test_the_move_form_carries_the_open_tab(client, recruiter, company):
    posting = PostingFactory.create(company=company)
    ApplicationFactory.create(posting=posting)
    client.force_login(recruiter)

    page = client.get(applicants_url(posting), {"status": "new"}).content.decode()

    assert '<input type="hidden" name="tab" value="new">' in page


def test_illegal_move_is_refused_with_a_message(client, recruiter, company):
    """Hiring straight from new is refused, explained, and changes nothing."""
    application = ApplicationFactory.create(posting=PostingFactory.create(company=company))
    client.force_login(recruiter)
    response = client.post(move_url(application), {"status": "hired"})
    assert messages_of(response) == ["An application that is new cannot move to hired."]
    application.refresh_from_db()
    assert application.status == Status.NEW


def test_unknown_status_is_refused_with_a_message(client, recruiter, company):
    """A forged status value is a message, not an error page."""
    application = ApplicationFactory.create(posting=PostingFactory.create(company=company))
    client.force_login(recruiter)
    response = client.post(move_url(application), {"status": "promoted"})
    assert response.status_code == 302
    assert messages_of(response) == ["Pick a status from the list."]


@pytest.mark.parametrize("who", ["candidate", "other_recruiter"])
def test_move_by_anyone_else_is_404(client, request, company, who):
    """Only the posting's recruiters can move its applicants, including the applicant."""
    application = ApplicationFactory.create(posting=PostingFactory.create(company=company))
    user = request.getfixturevalue(who)
    if who == "candidate":
        application.candidate = user
        application.save()
    client.force_login(user)
    assert client.post(move_url(application), {"status": "reviewed"}).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.NEW


def test_move_needs_a_post(client, recruiter, company):
    """A link cannot change a status."""
    application = ApplicationFactory.create(posting=PostingFactory.create(company=company))
    client.force_login(recruiter)
    assert client.get(move_url(application), {"status": "reviewed"}).status_code == 405


# --- Résumé downloads ----------------------------------------------------------------------------


def test_candidate_downloads_their_own_resume(client, candidate):
    """The file comes as an attachment with its name, its detected type and nosniff."""
    application = ApplicationFactory.create(candidate=candidate, resume_name="Casey CV.pdf")
    client.force_login(candidate)
    response = client.get(resume_url(application))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(application.resume.path).read_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Casey CV.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_word_resume_is_served_as_word(client, candidate):
    """A .docx résumé is served with the Word content type."""
    posting = PostingFactory.create()
    client.force_login(candidate)
    client.post(apply_url(posting), {"cover_note": "Hi", "resume": docx_upload()})
    response = client.get(resume_url(Application.objects.get()))
    assert response["Content-Type"] == services.DOCX.content_type
    assert response["Content-Disposition"] == 'attachment; filename="Casey CV.docx"'


@pytest.mark.parametrize("who", ["recruiter", "staff_user"])
def test_posting_recruiters_and_staff_download_resumes(client, request, company, who):
    """The posting's recruiters and staff can open the résumé."""
    application = ApplicationFactory.create(posting=PostingFactory.create(company=company))
    client.force_login(request.getfixturevalue(who))
    response = client.get(resume_url(application))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("who", ["candidate", "other_recruiter", None])
def test_resume_is_404_for_everyone_else(client, request, company, who):
    """Other candidates, other companies' recruiters and anonymous visitors get a 404."""
    application = ApplicationFactory.create(posting=PostingFactory.create(company=company))
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(resume_url(application))
    assert response.status_code == 404
    assert PDF_BYTES[:5] not in response.content


def test_missing_application_and_forbidden_one_look_alike(client, candidate):
    """A made-up id answers exactly like someone else's application."""
    someone_elses = ApplicationFactory.create()
    client.force_login(candidate)
    forbidden = client.get(resume_url(someone_elses))
    missing = client.get(reverse("jobs:resume", args=[someone_elses.pk + 1000]))
    assert forbidden.status_code == missing.status_code == 404


def test_resume_missing_from_disk_is_404(client, candidate):
    """A résumé file lost from storage is a 404, not a server error."""
    application = ApplicationFactory.create(candidate=candidate)
    Path(application.resume.path).unlink()
    client.force_login(candidate)
    assert client.get(resume_url(application)).status_code == 404


# --- The candidate's applications ----------------------------------------------------------------


def test_candidate_sees_only_their_own_applications(client, candidate):
    """The list shows the candidate's applications and their status, nobody else's."""
    mine = ApplicationFactory.create(candidate=candidate, status=Status.REVIEWED)
    ApplicationFactory.create()
    client.force_login(candidate)
    response = client.get(reverse("jobs:my_applications"))
    assert response.status_code == 200
    assert response.context["page"].items == [mine]
    assert b"Reviewed" in response.content


def test_my_applications_sends_anonymous_visitors_to_login(client):
    """The list needs an account."""
    response = client.get(reverse("jobs:my_applications"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_applications_query_count_is_constant(client, candidate, django_assert_max_num_queries):
    """Many applications cost the same few queries as one."""
    for _ in range(25):
        ApplicationFactory.create(candidate=candidate)
    client.force_login(candidate)
    # One of them is the header's unread-message count and freelancer link.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("jobs:my_applications"))
    assert len(response.context["page"].items) == 25


# --- Dashboard ------------------------------------------------------------------------------------


def test_dashboard_links_the_application_count_to_the_applicants(client, recruiter, company):
    """A posting with applications links its count to the applicants page; others show 0."""
    with_applicants = PostingFactory.create(company=company)
    without = PostingFactory.create(company=company)
    ApplicationFactory.create(posting=with_applicants)
    client.force_login(recruiter)
    body = client.get(reverse("jobs:dashboard")).content.decode()
    assert f'href="{applicants_url(with_applicants)}"' in body
    assert f'href="{applicants_url(without)}"' not in body
