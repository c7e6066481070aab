"""The moderation queue and the other job-board screens in Django admin."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.money import plain_amount
from jobs.domain import PostingStatus
from jobs.models import BoardSettings, PostingComment, PostingReport
from jobs.services import postings as posting_services
from tests.accounts.factories import UserFactory
from tests.jobs.factories import ApplicationFactory, CompanyFactory, PostingFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:jobs_jobposting_changelist")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def pending(company, **kwargs):
    """A posting waiting for review: never published, so no posting dates yet."""
    return PostingFactory.create(
        company=company, status=PostingStatus.PENDING, posted_at=None, valid_through=None, **kwargs
    )


def listed(response):
    return [posting.pk for posting in response.context["cl"].result_list]


def run_action(client, action, objects, url=CHANGELIST, **extra):
    """Pick ``action`` in a changelist's action menu with ``objects`` ticked."""
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], "index": 0}
    return client.post(url, {**data, **extra}, follow=True)


def confirm_rejection(client, postings, reason):
    """Submit the 'reject with a reason' page."""
    data = {
        "action": "reject_postings",
        "_selected_action": [posting.pk for posting in postings],
        "confirm": "yes",
        "reason": reason,
    }
    return client.post(CHANGELIST, data, follow=True)


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def change_form_data(posting, **changes):
    """What the posting change form posts back for a never-published posting, salaries in units."""
    data = {
        "title": posting.title,
        "slug": posting.slug,
        "company": posting.company_id,
        "description": posting.description,
        "level": posting.level,
        "employment_type": posting.employment_type,
        "remote_policy": posting.remote_policy,
        "city": posting.city,
        "country": str(posting.country),
        "salary_min": plain_amount(posting.salary_min, posting.salary_currency),
        "salary_max": plain_amount(posting.salary_max, posting.salary_currency),
        "salary_currency": posting.salary_currency,
        "salary_period": posting.salary_period,
        "apply_method": posting.apply_method,
        "comments-TOTAL_FORMS": 0,
        "comments-INITIAL_FORMS": 0,
        "comments-MIN_NUM_FORMS": 0,
        "comments-MAX_NUM_FORMS": 1000,
    }
    return {**data, **changes}


# --- The queue: filters, order, columns -------------------------------------------------------


def test_status_filter_lists_only_that_status(staff_client, company):
    """Filtering the postings by 'pending review' leaves out every other status."""
    waiting = pending(company)
    PostingFactory.create(company=company)
    PostingFactory.create(company=company, status=PostingStatus.DRAFT)
    response = staff_client.get(CHANGELIST, {"status__exact": "pending"})
    assert response.status_code == 200
    assert listed(response) == [waiting.pk]


@pytest.mark.parametrize(
    ("age", "expected"), [("lt1", "fresh"), ("1to3", "two_days"), ("gt3", "week")]
)
def test_age_filter_buckets_postings_by_days_since_creation(staff_client, company, age, expected):
    """Less than 1 day, 1-3 days and more than 3 days old are three separate lists."""
    now = timezone.now()
    postings = {
        "fresh": pending(company, created_at=now - timedelta(hours=2)),
        "two_days": pending(company, created_at=now - timedelta(days=2)),
        "week": pending(company, created_at=now - timedelta(days=7)),
    }
    response = staff_client.get(CHANGELIST, {"age": age})
    assert listed(response) == [postings[expected].pk]


def test_pending_queue_lists_oldest_first(staff_client, company):
    """Filtered to pending review, the posting that has waited longest comes first."""
    now = timezone.now()
    newer = pending(company, created_at=now - timedelta(hours=1))
    oldest = pending(company, created_at=now - timedelta(days=5))
    older = pending(company, created_at=now - timedelta(days=2))
    response = staff_client.get(CHANGELIST, {"status__exact": "pending"})
    assert listed(response) == [oldest.pk, older.pk, newer.pk]


def test_unfiltered_list_keeps_newest_postings_first(staff_client, company):
    """Without the pending filter the list keeps the board's order, newest posted first."""
    now = timezone.now()
    older = PostingFactory.create(company=company, posted_at=now - timedelta(days=3))
    newer = PostingFactory.create(company=company, posted_at=now - timedelta(hours=3))
    assert listed(staff_client.get(CHANGELIST)) == [newer.pk, older.pk]


def test_list_counts_only_open_reports(staff_client, company):
    """Each row carries its number of unresolved reports; resolved ones do not count."""
    reported = PostingFactory.create(company=company)
    quiet = PostingFactory.create(company=company)
    for resolved in (False, False, True):
        PostingReport.objects.create(
            posting=reported, reporter=UserFactory.create(), reason="spam", resolved=resolved
        )
    response = staff_client.get(CHANGELIST)
    counts = {p.pk: p.open_report_count for p in response.context["cl"].result_list}
    assert counts == {reported.pk: 2, quiet.pk: 0}


def test_list_query_count_does_not_grow_with_rows(staff_client):
    """Companies, verified badges and report counts come with the page, not one query per row."""

    def queries_for_list():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(CHANGELIST).status_code == 200
        return len(captured)

    def add_reported_postings(count):
        for _ in range(count):
            posting = PostingFactory.create(company=CompanyFactory.create(verified=True))
            PostingReport.objects.create(
                posting=posting, reporter=UserFactory.create(), reason="spam"
            )

    add_reported_postings(2)
    few = queries_for_list()
    add_reported_postings(10)
    assert queries_for_list() == few


@pytest.mark.parametrize("verified", [True, False])
def test_list_shows_whether_the_company_is_verified(staff_client, verified):
    """The Verified column shows a yes or no icon from the posting's company."""
    PostingFactory.create(company=CompanyFactory.create(verified=verified))
    page = staff_client.get(CHANGELIST).content.decode()
    assert re.search(rf'<td class="field-company_verified"><img [^>]*alt="{verified}"', page)


def test_search_finds_postings_by_company_name(staff_client):
    """Searching the queue matches the company's name as well as the title."""
    wanted = PostingFactory.create(company=CompanyFactory.create(name="Quillfeather Labs"))
    PostingFactory.create(company=CompanyFactory.create(name="Other Corp"))
    assert listed(staff_client.get(CHANGELIST, {"q": "quillfeather"})) == [wanted.pk]


# --- Approve and reject -------------------------------------------------------------------------


def test_approve_action_publishes_pending_postings_and_emails_recruiters(
    staff_client, company, recruiter, django_capture_on_commit_callbacks
):
    """Approving publishes each selected pending posting and e-mails its recruiters."""
    first, second = pending(company), pending(company)
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(staff_client, "approve_postings", [first, second])
    assert "Approved 2 postings." in shown_messages(response)
    for posting in (first, second):
        posting.refresh_from_db()
        assert posting.status == PostingStatus.PUBLISHED
        assert posting.posted_at is not None
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"Your posting is live: {p.title}" for p in (first, second)
    )
    assert all(m.to == [recruiter.email] for m in mail.outbox)


def test_approve_action_skips_postings_that_are_not_pending(
    staff_client, company, recruiter, django_capture_on_commit_callbacks
):
    """A draft or an already rejected posting stays as it is, and the message names it."""
    waiting = pending(company)
    draft = PostingFactory.create(
        company=company, title="Draft PM role", status=PostingStatus.DRAFT
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(staff_client, "approve_postings", [waiting, draft])
    draft.refresh_from_db()
    assert draft.status == PostingStatus.DRAFT
    assert shown_messages(response) == [
        "Approved 1 posting.",
        f"Skipped 1 posting not pending review: “Draft PM role” (#{draft.pk}).",
    ]
    assert len(mail.outbox) == 1


def test_reject_action_first_asks_for_a_reason(staff_client, company):
    """Choosing 'reject' shows a page with a reason box and changes nothing yet."""
    waiting = pending(company, title="Product Manager, Maps")
    response = run_action(staff_client, "reject_postings", [waiting])
    assert response.status_code == 200
    assert "admin/jobs/jobposting/reject_postings.html" in [t.name for t in response.templates]
    assert "Product Manager, Maps" in response.content.decode()
    assert 'name="reason"' in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == PostingStatus.PENDING


def test_reject_with_reason_rejects_and_emails_the_reason_to_recruiters(
    staff_client, company, recruiter, django_capture_on_commit_callbacks
):
    """With a reason, each pending posting is rejected and its recruiters read why."""
    waiting = pending(company)
    reason = "Please state the salary range for London, not only for Berlin."
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm_rejection(staff_client, [waiting], f"  {reason}\n")
    waiting.refresh_from_db()
    assert waiting.status == PostingStatus.REJECTED
    assert waiting.rejection_reason == reason
    assert "Rejected 1 posting." in shown_messages(response)
    [message] = mail.outbox
    assert message.to == [recruiter.email]
    assert message.subject == f"Your posting needs changes: {waiting.title}"
    assert reason in message.body


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_reject_without_reason_shows_the_page_again_and_changes_nothing(
    staff_client, company, recruiter, django_capture_on_commit_callbacks, reason
):
    """An empty reason brings the page back with an error; no posting changes, no e-mail."""
    waiting = pending(company)
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm_rejection(staff_client, [waiting], reason)
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == [
        "Tell the recruiters what to change before rejecting."
    ]
    waiting.refresh_from_db()
    assert waiting.status == PostingStatus.PENDING
    assert mail.outbox == []


def test_reject_leaves_postings_that_are_not_pending(staff_client, company):
    """Only pending postings are rejected; a live one among the selection stays live."""
    waiting = pending(company)
    live = PostingFactory.create(company=company)
    response = confirm_rejection(staff_client, [waiting, live], "Add the salary period.")
    waiting.refresh_from_db()
    live.refresh_from_db()
    assert waiting.status == PostingStatus.REJECTED
    assert live.status == PostingStatus.PUBLISHED
    assert live.rejection_reason == ""
    assert "Rejected 1 posting." in shown_messages(response)


def test_reject_with_nothing_pending_says_so_without_asking(staff_client, company):
    """Selecting only postings that are not pending returns to the list with a warning."""
    live = PostingFactory.create(company=company)
    response = run_action(staff_client, "reject_postings", [live])
    assert shown_messages(response) == ["None of the selected postings is pending review."]
    assert "cl" in response.context


@pytest.mark.parametrize("role_fixture", ["candidate", "recruiter"])
def test_non_staff_cannot_run_moderation_actions(client, request, company, role_fixture):
    """Candidates and recruiters are sent to the admin login; the posting stays pending."""
    client.force_login(request.getfixturevalue(role_fixture))
    waiting = pending(company)
    response = client.post(
        CHANGELIST,
        {"action": "approve_postings", "_selected_action": [waiting.pk], "index": 0},
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    waiting.refresh_from_db()
    assert waiting.status == PostingStatus.PENDING


def test_staff_without_change_permission_cannot_approve(client, company):
    """Staff who may only view postings are not offered the actions and change nothing."""
    viewer = UserFactory.create(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_jobposting"))
    client.force_login(viewer)
    waiting = pending(company)
    assert client.get(CHANGELIST).context["action_form"] is None
    response = run_action(client, "approve_postings", [waiting])
    assert response.status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == PostingStatus.PENDING


# --- The comment thread in admin ----------------------------------------------------------------


def test_change_form_shows_the_thread_oldest_first(staff_client, company, recruiter, staff_user):
    """The posting's comments appear read-only on its change page, the newest last."""
    posting = pending(company)
    PostingComment.objects.create(posting=posting, author=recruiter, body="First question")
    PostingComment.objects.create(posting=posting, author=staff_user, body="Second: an answer")
    response = staff_client.get(reverse("admin:jobs_jobposting_change", args=[posting.pk]))
    page = response.content.decode()
    assert page.index("First question") < page.index("Second: an answer")
    assert 'name="comment"' in page
    assert 'name="comments-0-body"' not in page


def test_staff_who_may_only_view_postings_get_no_comment_box(client, company):
    """Without the change permission the thread is shown but no reply can be written."""
    viewer = UserFactory.create(is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_jobposting", "view_postingcomment"])
    )
    client.force_login(viewer)
    posting = pending(company)
    PostingComment.objects.create(posting=posting, author=UserFactory.create(), body="Visible note")
    page = client.get(reverse("admin:jobs_jobposting_change", args=[posting.pk])).content.decode()
    assert "Visible note" in page
    assert 'name="comment"' not in page


def test_staff_comment_is_added_and_emailed_to_recruiters(
    staff_client, company, recruiter, staff_user, django_capture_on_commit_callbacks
):
    """A comment typed on the change form joins the thread and reaches the recruiters."""
    posting = pending(company)
    url = reverse("admin:jobs_jobposting_change", args=[posting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url, change_form_data(posting, comment="Is the role open to remote applicants?")
        )
    assert response.status_code == 302
    [comment] = PostingComment.objects.filter(posting=posting)
    assert comment.author == staff_user
    assert comment.body == "Is the role open to remote applicants?"
    [message] = mail.outbox
    assert message.to == [recruiter.email]
    assert "Is the role open to remote applicants?" in message.body


def test_saving_without_a_comment_adds_none(
    staff_client, company, recruiter, django_capture_on_commit_callbacks
):
    """A blank comment box saves the posting without a comment or an e-mail."""
    posting = pending(company)
    url = reverse("admin:jobs_jobposting_change", args=[posting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, change_form_data(posting, comment="   "))
    assert response.status_code == 302
    assert not PostingComment.objects.exists()
    assert mail.outbox == []


def test_status_cannot_be_changed_through_the_change_form(staff_client, company):
    """Status is read-only on the form: moderation goes through the actions and their e-mails."""
    posting = pending(company)
    url = reverse("admin:jobs_jobposting_change", args=[posting.pk])
    response = staff_client.post(url, change_form_data(posting, status="published"))
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PENDING


# --- Reports, companies, board settings ---------------------------------------------------------


def test_report_list_filters_unresolved_reports(staff_client, company):
    """Filtering reports by 'resolved: no' leaves the handled ones out."""
    posting = PostingFactory.create(company=company)
    open_report = PostingReport.objects.create(
        posting=posting, reporter=UserFactory.create(), reason="spam"
    )
    PostingReport.objects.create(
        posting=posting, reporter=UserFactory.create(), reason="other", resolved=True
    )
    response = staff_client.get(
        reverse("admin:jobs_postingreport_changelist"), {"resolved__exact": "0"}
    )
    assert listed(response) == [open_report.pk]


def test_report_list_links_to_the_posting(staff_client, company):
    """Each report links to the posting's admin page and to its page on the site."""
    posting = PostingFactory.create(company=company)
    PostingReport.objects.create(posting=posting, reporter=UserFactory.create(), reason="spam")
    page = staff_client.get(reverse("admin:jobs_postingreport_changelist")).content.decode()
    assert reverse("admin:jobs_jobposting_change", args=[posting.pk]) in page
    assert posting.get_absolute_url() in page


def test_mark_resolved_resolves_only_the_selected_reports(staff_client, company):
    """'Mark resolved' closes the ticked reports and leaves the others open."""
    posting = PostingFactory.create(company=company)
    ticked, other = (
        PostingReport.objects.create(posting=posting, reporter=UserFactory.create(), reason="spam")
        for _ in range(2)
    )
    response = run_action(
        staff_client,
        "mark_resolved",
        [ticked],
        url=reverse("admin:jobs_postingreport_changelist"),
    )
    assert "Marked 1 report resolved." in shown_messages(response)
    ticked.refresh_from_db()
    other.refresh_from_db()
    assert ticked.resolved
    assert not other.resolved


def test_reports_cannot_be_added_in_admin(staff_client):
    """Reports come from users on the site; the admin has no 'add report' page."""
    response = staff_client.get(reverse("admin:jobs_postingreport_add"))
    assert response.status_code == 403


def test_verify_companies_verifies_only_the_selected(staff_client):
    """'Verify companies' sets the flag on the ticked companies only."""
    ticked, other = CompanyFactory.create(), CompanyFactory.create()
    response = run_action(
        staff_client, "verify_companies", [ticked], url=reverse("admin:jobs_company_changelist")
    )
    assert "Verified 1 company." in shown_messages(response)
    ticked.refresh_from_db()
    other.refresh_from_db()
    assert ticked.verified
    assert not other.verified


def test_board_settings_list_opens_the_single_row(staff_client):
    """The settings list goes straight to the one row, creating it on first use."""
    response = staff_client.get(reverse("admin:jobs_boardsettings_changelist"))
    board = BoardSettings.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:jobs_boardsettings_change", args=[board.pk])


def test_board_settings_change_is_saved(staff_client):
    """Staff change the validity period on the single row."""
    board = BoardSettings.load()
    response = staff_client.post(
        reverse("admin:jobs_boardsettings_change", args=[board.pk]),
        {"posting_validity_days": 45, "expiry_warning_days": 5},
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert (board.posting_validity_days, board.expiry_warning_days) == (45, 5)


@pytest.mark.parametrize("page", ["add", "delete"])
def test_board_settings_are_never_added_or_deleted(staff_client, page):
    """There is no second settings row and no way to delete the first."""
    board = BoardSettings.load()
    args = [board.pk] if page == "delete" else []
    response = staff_client.get(reverse(f"admin:jobs_boardsettings_{page}", args=args))
    assert response.status_code == 403
    assert BoardSettings.objects.count() == 1


def test_staff_see_applications_with_a_checked_resume_link(staff_client):
    """The applications admin lists them and links the résumé to the access-checked view."""
    application = ApplicationFactory.create()
    response = staff_client.get(reverse("admin:jobs_application_changelist"))
    assert response.status_code == 200
    assert reverse("jobs:resume", args=[application.pk]).encode() in response.content
    assert staff_client.get(reverse("jobs:resume", args=[application.pk])).status_code == 200


def test_applications_cannot_be_added_or_edited_in_admin(staff_client):
    """Staff read applications; changing them is the recruiter's and candidate's business."""
    application = ApplicationFactory.create()
    assert staff_client.get(reverse("admin:jobs_application_add")).status_code == 403
    url = reverse("admin:jobs_application_change", args=[application.pk])
    staff_client.post(url, {"status": "hired"})
    application.refresh_from_db()
    assert application.status == "new"


# --- A posting's own page: moderation buttons, description, salary, company ---------------------


def change_url(posting):
    return reverse("admin:jobs_jobposting_change", args=[posting.pk])


def button(page, action):
    """The address and fields of the moderation button's form that runs ``action``."""
    for target, body in re.findall(
        r'<form method="post" action="([^"]+)">(.*?)</form>', page, re.S
    ):
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
        if fields.get("action") == action:
            return target, fields
    raise AssertionError(f"no {action} button on the page")


def press(client, posting, action):
    """Open the posting's page and submit the button that runs ``action``, as a browser would."""
    target, fields = button(client.get(change_url(posting)).content.decode(), action)
    return client.post(target, fields, follow=True)


def test_pending_posting_page_has_approve_and_reject_buttons(staff_client, company):
    """Both buttons post the list's moderation actions for this posting, with a CSRF token."""
    waiting = pending(company)
    page = staff_client.get(change_url(waiting)).content.decode()
    for action in ("approve_postings", "reject_postings"):
        target, fields = button(page, action)
        assert target == CHANGELIST
        assert fields["_selected_action"] == str(waiting.pk)
        assert fields["csrfmiddlewaretoken"]
    assert 'value="Approve and publish"' in page
    assert 'value="Reject with a reason…"' in page


@pytest.mark.parametrize("status", [PostingStatus.PUBLISHED, PostingStatus.DRAFT])
def test_buttons_show_only_while_a_posting_is_pending(staff_client, company, status):
    """A posting that is not waiting for review has nothing to approve or reject."""
    posting = PostingFactory.create(company=company, status=status)
    page = staff_client.get(change_url(posting)).content.decode()
    assert 'value="approve_postings"' not in page
    assert 'value="reject_postings"' not in page


def test_staff_who_may_only_view_postings_get_no_buttons(client, company):
    """Without the change permission the page shows the posting but no moderation buttons."""
    viewer = UserFactory.create(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_jobposting"))
    client.force_login(viewer)
    page = client.get(change_url(pending(company))).content.decode()
    assert 'value="approve_postings"' not in page


def test_approve_button_publishes_and_emails_the_recruiters(
    staff_client, company, recruiter, django_capture_on_commit_callbacks
):
    """Approving from the posting's page publishes it through the service, with its e-mail."""
    waiting = pending(company)
    with django_capture_on_commit_callbacks(execute=True):
        response = press(staff_client, waiting, "approve_postings")
    assert response.status_code == 200
    assert shown_messages(response) == ["Approved 1 posting."]
    waiting.refresh_from_db()
    assert waiting.status == PostingStatus.PUBLISHED
    assert [m.subject for m in mail.outbox] == [f"Your posting is live: {waiting.title}"]


def test_reject_button_asks_for_a_reason_then_rejects(
    staff_client, company, recruiter, django_capture_on_commit_callbacks
):
    """Rejecting from the page goes through the reason step; the reason reaches the recruiters."""
    waiting = pending(company, title="Product Manager, Maps")
    step = press(staff_client, waiting, "reject_postings")
    assert "admin/jobs/jobposting/reject_postings.html" in [t.name for t in step.templates]
    assert "Product Manager, Maps" in step.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == PostingStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        confirm_rejection(staff_client, [waiting], "Name the team and the city.")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.rejection_reason) == (
        PostingStatus.REJECTED,
        "Name the team and the city.",
    )
    [message] = mail.outbox
    assert "Name the team and the city." in message.body


def test_approving_a_posting_someone_else_handled_says_so(staff_client, company, staff_user):
    """A posting rejected after the page opened is left as it is, with a message, not an error."""
    waiting = pending(company, title="Growth PM")
    page = staff_client.get(change_url(waiting)).content.decode()
    target, fields = button(page, "approve_postings")
    posting_services.posting_reject(posting=waiting, moderator=staff_user, reason="Add a salary.")
    response = staff_client.post(target, fields, follow=True)
    assert response.status_code == 200
    assert shown_messages(response) == [
        f"Skipped 1 posting not pending review: “Growth PM” (#{waiting.pk})."
    ]
    waiting.refresh_from_db()
    assert waiting.status == PostingStatus.REJECTED


@pytest.mark.parametrize("role_fixture", ["candidate", "recruiter"])
def test_non_staff_pressing_a_button_are_sent_to_sign_in(client, request, company, role_fixture):
    """The buttons' post answers non-staff with the admin sign-in and changes nothing."""
    waiting = pending(company)
    client.force_login(request.getfixturevalue(role_fixture))
    data = {"action": "approve_postings", "_selected_action": [waiting.pk], "index": 0}
    response = client.post(CHANGELIST, data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    waiting.refresh_from_db()
    assert waiting.status == PostingStatus.PENDING


def test_buttons_need_the_csrf_token(client, staff_user, company):
    """A cross-site form cannot approve a posting on a signed-in moderator's behalf."""
    waiting = pending(company)
    client.handler.enforce_csrf_checks = True
    client.force_login(staff_user)
    data = {"action": "approve_postings", "_selected_action": [waiting.pk], "index": 0}
    assert client.post(CHANGELIST, data).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == PostingStatus.PENDING


def test_opening_the_buttons_address_approves_nothing(staff_client, company):
    """Moderation runs on a post only: the same fields in a link change nothing."""
    waiting = pending(company)
    staff_client.get(CHANGELIST, {"action": "approve_postings", "_selected_action": waiting.pk})
    waiting.refresh_from_db()
    assert waiting.status == PostingStatus.PENDING


def test_change_page_shows_the_description_as_visitors_see_it(staff_client, company):
    """The Markdown is shown rendered and sanitized, as on the posting's page."""
    posting = pending(
        company, description="## What you do\n\n- Own **pricing**\n\n<script>alert(1)</script>"
    )
    page = staff_client.get(change_url(posting)).content.decode()
    found = re.search(r'<div class="posting-description">(.*?)</div>', page, re.S)
    assert found
    preview = found.group(1)
    assert "<h2>What you do</h2>" in preview
    assert "<li>Own <strong>pricing</strong></li>" in preview
    assert "<script>" not in preview


def test_list_and_change_page_show_salaries_as_money(staff_client, company):
    """Salaries read as the site shows them, not as minor units."""
    posting = pending(company, salary_min=12_000_000, salary_max=15_000_000, salary_currency="USD")
    label = "USD 120,000 - 150,000 per year"
    assert label in staff_client.get(CHANGELIST).content.decode()
    page = staff_client.get(change_url(posting)).content.decode()
    assert label in page
    assert 'name="salary_min" value="120000"' in page
    assert "12000000" not in page


def test_salaries_are_edited_in_currency_units(staff_client, company):
    """A salary typed on the change form is whole units of its currency, stored in minor units."""
    posting = pending(company, salary_currency="JPY", salary_min=6_000_000, salary_max=8_000_000)
    data = change_form_data(posting, salary_min="6500000", salary_max="7500000.5")
    response = staff_client.post(change_url(posting), data)
    assert response.status_code == 302
    posting.refresh_from_db()
    assert (posting.salary_min, posting.salary_max) == (6_500_000, 7_500_001)
    data = change_form_data(posting, salary_currency="GBP", salary_min="65000", salary_max="75000")
    assert staff_client.post(change_url(posting), data).status_code == 302
    posting.refresh_from_db()
    assert (posting.salary_min, posting.salary_max) == (6_500_000, 7_500_000)


def test_a_negative_salary_is_a_form_error(staff_client, company):
    """A negative amount is refused on the form and the stored salary stays."""
    posting = pending(company)
    response = staff_client.post(change_url(posting), change_form_data(posting, salary_min="-1"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["salary_min"]
    posting.refresh_from_db()
    assert posting.salary_min == 6_000_000


def test_company_is_shown_and_chosen_by_name(staff_client):
    """The list names the company; the form picks it by name from a search box."""
    posting = pending(CompanyFactory.create(name="Quillfeather Labs"))
    assert '<td class="field-company nowrap">Quillfeather Labs</td>' in (
        staff_client.get(CHANGELIST).content.decode()
    )
    page = staff_client.get(change_url(posting)).content.decode()
    select = re.search(r'<select name="company"[^>]*>(.*?)</select>', page, re.S)
    assert select
    assert "admin-autocomplete" in select.group(0)
    assert re.search(r"<option [^>]*selected>Quillfeather Labs</option>", select.group(1))
