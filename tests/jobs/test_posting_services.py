"""The posting status machine, its permissions and its side effects."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jobs.domain import PostingStatus
from jobs.models import BoardSettings, JobPosting
from jobs.services import postings as services
from tests.accounts.factories import UserFactory
from tests.jobs.factories import PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db


def job_fields(**overrides):
    fields = {
        "title": "Senior Product Manager, Checkout",
        "description": "Own **checkout** end to end.",
        "country": "GB",
        "city": "London",
        "salary_min": 7_000_000,
        "salary_max": 9_000_000,
        "salary_currency": "GBP",
        "salary_period": "year",
    }
    fields.update(overrides)
    return fields


def test_create_makes_a_draft_with_inferred_level_and_sanitized_html(recruiter, company):
    """A new posting is a draft; level comes from the title and Markdown is rendered safely."""
    posting = services.posting_create(
        user=recruiter,
        company=company,
        fields=job_fields(description="**Own** it <script>alert(1)</script>"),
    )
    assert posting.status == PostingStatus.DRAFT
    assert posting.level == "senior"
    assert "<strong>Own</strong>" in posting.description_html
    assert "<script>" not in posting.description_html
    assert posting.salary_min_annual == 7_000_000


def test_create_keeps_skills_and_their_names_for_search(recruiter, company):
    """Skills are linked and their names copied for the search vector."""
    sql = SkillFactory.create(name="SQL", slug="sql")
    research = SkillFactory.create(name="User research", slug="user-research")
    posting = services.posting_create(
        user=recruiter, company=company, fields=job_fields(), skills=[research, sql]
    )
    assert set(posting.skills.all()) == {sql, research}
    assert JobPosting.objects.get(pk=posting.pk).skills_text == "SQL, User research"


def test_create_for_another_company_is_refused(recruiter, other_company):
    """A recruiter cannot post for a company they do not belong to."""
    with pytest.raises(PermissionDenied):
        services.posting_create(user=recruiter, company=other_company, fields=job_fields())
    assert not JobPosting.objects.exists()


def test_candidate_cannot_post(candidate, company):
    """Candidates have no posting rights, even when linked to a company."""
    company.recruiters.add(candidate)
    with pytest.raises(PermissionDenied):
        services.posting_create(user=candidate, company=company, fields=job_fields())


STAFF_WRITES = {
    "update": lambda posting, user: services.posting_update(
        posting=posting, user=user, fields={"city": "Leeds"}
    ),
    "submit": lambda posting, user: services.posting_submit(posting=posting, user=user),
    "close": lambda posting, user: services.posting_close(posting=posting, user=user, filled=True),
    "repost": lambda posting, user: services.posting_repost(posting=posting, user=user),
}


def test_staff_cannot_create_for_a_company_they_do_not_recruit_for(staff_user, company):
    """Staff moderate; writing a company's postings is for its recruiters."""
    with pytest.raises(PermissionDenied):
        services.posting_create(user=staff_user, company=company, fields=job_fields())
    assert not JobPosting.objects.exists()


@pytest.mark.parametrize(
    ("action", "status"),
    [("update", "draft"), ("submit", "draft"), ("close", "published"), ("repost", "filled")],
)
def test_staff_cannot_change_a_posting_of_a_company_they_do_not_recruit_for(
    staff_user, company, action, status
):
    """Edit, submit, close and repost refuse staff outside the company, as create does."""
    posting = PostingFactory.create(company=company, status=status, city="London")
    with pytest.raises(PermissionDenied):
        STAFF_WRITES[action](posting, staff_user)
    posting.refresh_from_db()
    assert (posting.status, posting.city) == (status, "London")


def test_staff_recruiting_for_a_company_create_and_edit_its_postings(company):
    """A staff member on the company's team writes its postings like any recruiter."""
    staff_recruiter = UserFactory.create(is_staff=True, role="recruiter")
    company.recruiters.add(staff_recruiter)
    posting = services.posting_create(user=staff_recruiter, company=company, fields=job_fields())
    services.posting_update(posting=posting, user=staff_recruiter, fields={"city": "Leeds"})
    posting.refresh_from_db()
    assert posting.city == "Leeds"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"salary_min": 9_000_000, "salary_max": 7_000_000}, "salary_max"),
        ({"salary_min": None}, "salary_min"),
        ({"salary_max": None}, "salary_max"),
        ({"salary_currency": "XYZ"}, "salary_currency"),
        ({"salary_min": -5}, "salary_min"),
        ({"apply_method": "url", "apply_url": ""}, "apply_url"),
        ({"apply_method": "email", "apply_email": ""}, "apply_email"),
        ({"applicant_countries": ["GB"], "remote_policy": "onsite"}, "applicant_countries"),
        ({"country": "XX"}, "country"),
    ],
)
def test_create_rejects_bad_input_with_field_errors(recruiter, company, overrides, field):
    """Bad salary ranges, currencies and application details fail on the right field."""
    with pytest.raises(ValidationError) as error:
        services.posting_create(user=recruiter, company=company, fields=job_fields(**overrides))
    assert field in error.value.message_dict
    assert not JobPosting.objects.exists()


def test_submit_sends_unverified_company_posting_to_review(
    recruiter, company, staff_user, django_capture_on_commit_callbacks
):
    """An unverified company's posting waits for review and the moderators hear of it."""
    posting = services.posting_create(user=recruiter, company=company, fields=job_fields())
    with django_capture_on_commit_callbacks(execute=True):
        services.posting_submit(posting=posting, user=recruiter)
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PENDING
    assert posting.posted_at is None
    assert [m.to for m in mail.outbox] == [[staff_user.email]]


def test_submit_publishes_verified_company_posting_at_once(recruiter, company):
    """Verified companies skip review: published with posted_at and the default validity."""
    company.verified = True
    company.save()
    posting = services.posting_create(
        user=recruiter, company=company, fields=job_fields(), submit=True
    )
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.posted_at and posting.valid_through
    assert posting.valid_through - posting.posted_at == timedelta(days=60)


def test_validity_follows_board_settings(recruiter, company):
    """Staff change the default validity in admin; new postings use it."""
    board = BoardSettings.load()
    board.posting_validity_days = 30
    board.save()
    company.verified = True
    company.save()
    posting = services.posting_create(
        user=recruiter, company=company, fields=job_fields(), submit=True
    )
    assert posting.posted_at and posting.valid_through
    assert posting.valid_through - posting.posted_at == timedelta(days=30)


def test_approve_publishes_and_tells_the_recruiter(
    recruiter, company, staff_user, django_capture_on_commit_callbacks
):
    """Approval publishes a pending posting and e-mails the company's recruiters."""
    posting = services.posting_create(
        user=recruiter, company=company, fields=job_fields(), submit=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.posting_approve(posting=posting, moderator=staff_user)
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PUBLISHED
    assert mail.outbox[0].to == [recruiter.email]
    assert "live" in mail.outbox[0].subject


def test_only_staff_approve(recruiter, company):
    """A recruiter cannot approve their own posting."""
    posting = services.posting_create(
        user=recruiter, company=company, fields=job_fields(), submit=True
    )
    with pytest.raises(PermissionDenied):
        services.posting_approve(posting=posting, moderator=recruiter)


def test_reject_needs_a_reason_and_allows_resubmission(
    recruiter, company, staff_user, django_capture_on_commit_callbacks
):
    """Rejection carries a reason to the recruiter, who can edit and submit again."""
    posting = services.posting_create(
        user=recruiter, company=company, fields=job_fields(), submit=True
    )
    with pytest.raises(ValidationError):
        services.posting_reject(posting=posting, moderator=staff_user, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.posting_reject(posting=posting, moderator=staff_user, reason="Add a salary.")
    posting.refresh_from_db()
    assert posting.status == PostingStatus.REJECTED
    assert "Add a salary." in mail.outbox[-1].body
    services.posting_update(posting=posting, user=recruiter, fields={"title": "Product Lead"})
    services.posting_submit(posting=posting, user=recruiter)
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PENDING
    assert posting.rejection_reason == ""


def test_approving_a_published_posting_is_refused(staff_user):
    """Transitions outside the status machine raise and change nothing."""
    posting = PostingFactory.create()
    with pytest.raises(services.TransitionError):
        services.posting_approve(posting=posting, moderator=staff_user)


def test_editing_a_live_posting_of_unverified_company_returns_it_to_review(recruiter, company):
    """Changes to a live posting are re-checked unless the company is verified."""
    posting = PostingFactory.create(company=company)
    services.posting_update(posting=posting, user=recruiter, fields={"title": "Product Owner"})
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PENDING


def test_someone_elses_posting_cannot_be_edited(other_recruiter, company):
    """Recruiters of another company cannot edit, close or repost the posting."""
    posting = PostingFactory.create(company=company)
    with pytest.raises(PermissionDenied):
        services.posting_update(posting=posting, user=other_recruiter, fields={"title": "X"})
    with pytest.raises(PermissionDenied):
        services.posting_close(posting=posting, user=other_recruiter, filled=True)
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PUBLISHED


def test_close_as_filled_then_repost(recruiter, company):
    """A filled posting can be reposted; a verified company's goes live with fresh dates."""
    company.verified = True
    company.save()
    old = timezone.now() - timedelta(days=20)
    posting = PostingFactory.create(company=company, posted_at=old)
    services.posting_close(posting=posting, user=recruiter, filled=True)
    posting.refresh_from_db()
    assert posting.status == PostingStatus.FILLED
    services.posting_repost(posting=posting, user=recruiter)
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.posted_at and posting.posted_at > old


def test_expire_is_safe_to_run_twice():
    """Postings past valid_through expire once; the second run changes nothing."""
    now = timezone.now()
    stale = PostingFactory.create(
        posted_at=now - timedelta(days=61), valid_through=now - timedelta(1)
    )
    live = PostingFactory.create()
    assert services.postings_expire(now=now) == 1
    assert services.postings_expire(now=now) == 0
    stale.refresh_from_db()
    live.refresh_from_db()
    assert (stale.status, live.status) == (PostingStatus.EXPIRED, PostingStatus.PUBLISHED)


def test_expiry_warning_is_sent_once(recruiter, company, django_capture_on_commit_callbacks):
    """Recruiters are warned three days ahead, once, however often the task runs."""
    now = timezone.now()
    PostingFactory.create(company=company, valid_through=now + timedelta(days=2))
    PostingFactory.create(company=company, valid_through=now + timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.postings_warn_expiring(now=now) == 1
        assert services.postings_warn_expiring(now=now) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [recruiter.email]


def test_same_role_within_30_days_is_a_duplicate(recruiter, company):
    """Equal company, title, place and salary within 30 days mark the later posting."""
    company.verified = True
    company.save()
    first = services.posting_create(
        user=recruiter, company=company, fields=job_fields(), submit=True
    )
    second = services.posting_create(
        user=recruiter,
        company=company,
        fields=job_fields(title="senior product manager - checkout!"),
        submit=True,
    )
    second.refresh_from_db()
    assert second.duplicate_of == first
    assert list(JobPosting.objects.on_board()) == [first]


def test_different_salary_is_not_a_duplicate(recruiter, company):
    """A change in salary makes it a different posting."""
    company.verified = True
    company.save()
    services.posting_create(user=recruiter, company=company, fields=job_fields(), submit=True)
    second = services.posting_create(
        user=recruiter, company=company, fields=job_fields(salary_max=9_500_000), submit=True
    )
    assert second.duplicate_of is None


def test_same_role_after_30_days_is_not_a_duplicate(recruiter, company):
    """The duplicate window is 30 days."""
    company.verified = True
    company.save()
    first = services.posting_create(
        user=recruiter, company=company, fields=job_fields(), submit=True
    )
    JobPosting.objects.filter(pk=first.pk).update(
        posted_at=timezone.now() - timedelta(days=31),
        created_at=timezone.now() - timedelta(days=31),
    )
    second = services.posting_create(
        user=recruiter, company=company, fields=job_fields(), submit=True
    )
    assert second.duplicate_of is None


def test_admin_edits_of_the_description_refresh_its_html():
    """The sanitized HTML follows the Markdown however the posting is saved."""
    posting = PostingFactory.create(description="*old*")
    posting.description = "**new** <script>x()</script>"
    posting.save()
    posting.refresh_from_db()
    assert "<strong>new</strong>" in posting.description_html
    assert "<script>" not in posting.description_html
