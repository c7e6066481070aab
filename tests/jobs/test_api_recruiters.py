"""Recruiters' side of the job board API: create, edit, submit, close, repost, list their own."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jobs.domain import PostingStatus
from jobs.models import JobPosting
from tests.accounts.factories import UserFactory
from tests.jobs.factories import CompanyFactory, PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("api-jobs-list")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_recruiter(recruiter):
    """The recruiter's client, authenticated the way integrations are: with their API token."""
    token = Token.objects.create(user=recruiter)
    return APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.fixture
def sql():
    return SkillFactory.create(name="SQL")


def url(name, posting):
    return reverse(f"api-jobs-{name}", kwargs={"slug": posting.slug})


def new_posting(company, **changes):
    """A valid create request for ``company``."""
    return {
        "company": company.slug,
        "title": "Senior Product Manager, Payments",
        "description": "Own the **checkout** roadmap.",
        "country": "GB",
        "city": "London",
        "salary_min": 7_000_000,
        "salary_max": 9_000_000,
        "salary_currency": "GBP",
        "salary_period": "year",
        **changes,
    }


def test_recruiter_creates_a_draft_with_their_token(as_recruiter, recruiter, company, sql):
    """A token-authenticated recruiter creates a draft: minor units, skill slugs, inferred level."""
    response = as_recruiter.post(LIST_URL, new_posting(company, skills=["sql"]), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    posting = JobPosting.objects.get(slug=body["slug"])
    assert posting.status == PostingStatus.DRAFT
    assert (posting.company, posting.created_by) == (company, recruiter)
    assert (posting.salary_min, posting.salary_max) == (7_000_000, 9_000_000)
    assert [skill.slug for skill in posting.skills.all()] == ["sql"]
    assert body["status"] == "draft"
    assert body["level"] == "senior"
    assert body["skills"] == ["sql"]
    assert body["description_html"] == "<p>Own the <strong>checkout</strong> roadmap.</p>"


def test_recruiter_cannot_post_for_another_company(as_recruiter, other_company):
    """A company the caller does not recruit for is refused with 403 and nothing is saved."""
    response = as_recruiter.post(LIST_URL, new_posting(other_company), format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not recruit for this company."}
    assert not JobPosting.objects.exists()


def test_staff_cannot_post_for_a_company_they_do_not_recruit_for(api, staff_user, company):
    """Staff moderate in the admin; through the API they post only for their own companies."""
    api.force_authenticate(staff_user)

    response = api.post(LIST_URL, new_posting(company), format="json")

    assert response.status_code == 403
    assert not JobPosting.objects.exists()


def test_staff_cannot_edit_a_posting_of_a_company_they_do_not_recruit_for(api, staff_user, company):
    """A PATCH by staff outside the company answers 404, like create's 403 refuses the write."""
    posting = PostingFactory.create(company=company, status=PostingStatus.DRAFT, city="London")
    api.force_authenticate(staff_user)

    response = api.patch(url("detail", posting), {"city": "Leeds"}, format="json")

    assert response.status_code == 404
    posting.refresh_from_db()
    assert posting.city == "London"


def test_staff_on_a_company_team_create_then_edit_its_posting(api, company):
    """What a staff recruiter may create through the API they may also edit."""
    staff_recruiter = UserFactory.create(is_staff=True, role="recruiter")
    company.recruiters.add(staff_recruiter)
    api.force_authenticate(staff_recruiter)

    created = api.post(LIST_URL, new_posting(company), format="json")
    assert created.status_code == 201, created.content
    posting = JobPosting.objects.get(slug=created.json()["slug"])
    edited = api.patch(url("detail", posting), {"city": "Leeds"}, format="json")

    assert edited.status_code == 200, edited.content
    posting.refresh_from_db()
    assert posting.city == "Leeds"


def test_candidates_cannot_post_jobs(api, candidate, company):
    """Only recruiters post: a candidate naming a company gets 403."""
    api.force_authenticate(candidate)

    response = api.post(LIST_URL, new_posting(company), format="json")

    assert response.status_code == 403
    assert not JobPosting.objects.exists()


def test_unknown_company_slug_is_400(as_recruiter, company):
    """A company slug that names no company is a field error."""
    response = as_recruiter.post(
        LIST_URL, {**new_posting(company), "company": "nope"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"company": ["No company has the slug nope."]}


def test_unknown_skill_slug_is_400_and_nothing_is_saved(as_recruiter, company, sql):
    """Every skill slug must name a known skill; the error lists the unknown ones."""
    response = as_recruiter.post(
        LIST_URL, new_posting(company, skills=["sql", "juggling"]), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"skills": ["Unknown skills: juggling."]}
    assert not JobPosting.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"salary_min": 9_000_000, "salary_max": 7_000_000},
            "salary_max",
            "The maximum salary is below the minimum.",
        ),
        ({"salary_currency": "ZZZ"}, "salary_currency", "ZZZ is not an ISO 4217 currency code."),
        ({"salary_min": None}, "salary_min", "Give the lowest salary you would pay."),
        ({"salary_min": -1}, "salary_min", "Ensure this value is greater than or equal to 0."),
        (
            {"apply_method": "url", "apply_url": ""},
            "apply_url",
            "Give the address where candidates apply.",
        ),
        ({"country": "XX"}, "country", '"XX" is not a valid choice.'),
    ],
)
def test_bad_posting_input_is_400_with_the_field_error(
    as_recruiter, company, changes, field, message
):
    """The service's and the serializer's checks both come back as field errors."""
    response = as_recruiter.post(LIST_URL, new_posting(company, **changes), format="json")

    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert not JobPosting.objects.exists()


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("post", "list"),
        ("patch", "detail"),
        ("post", "submit"),
        ("post", "close"),
        ("post", "repost"),
        ("get", "applications"),
    ],
)
def test_anonymous_writes_and_owner_reads_answer_401(api, company, method, name):
    """Without credentials, every write and every owner-only read asks for authentication."""
    posting = PostingFactory.create(company=company)
    target = LIST_URL if name == "list" else url(name, posting)

    response = getattr(api, method)(target, {"title": "Hacked"}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    posting.refresh_from_db()
    assert posting.title != "Hacked"


def test_a_bad_token_answers_401(company):
    """A token nobody holds is refused, not treated as anonymous."""
    api = APIClient(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert api.post(LIST_URL, new_posting(company), format="json").status_code == 401


def test_recruiter_edits_their_posting(as_recruiter, company, sql):
    """PATCH changes the fields sent and replaces the skills when they are sent."""
    posting = PostingFactory.create(company=company, status=PostingStatus.DRAFT, city="London")

    response = as_recruiter.patch(
        url("detail", posting), {"city": "Leeds", "skills": ["sql"]}, format="json"
    )

    assert response.status_code == 200, response.content
    posting.refresh_from_db()
    assert posting.city == "Leeds"
    assert [skill.slug for skill in posting.skills.all()] == ["sql"]
    assert response.json()["city"] == "Leeds"


def test_patch_keeps_what_it_does_not_send(as_recruiter, company, sql):
    """Level, technical flag and skills left out of a PATCH stay as they were."""
    posting = PostingFactory.create(
        company=company, title="Product Manager", level="lead", technical=True
    )
    posting.skills.set([sql])

    response = as_recruiter.patch(
        url("detail", posting), {"title": "Product Manager, Checkout"}, format="json"
    )

    assert response.status_code == 200, response.content
    posting.refresh_from_db()
    assert (posting.level, posting.technical) == ("lead", True)
    assert [skill.slug for skill in posting.skills.all()] == ["sql"]


def test_patch_cannot_change_status_company_or_provenance(as_recruiter, company, other_company):
    """Status, company, slug, duplicate_of, source, external_id and views are read-only."""
    original = PostingFactory.create()
    posting = PostingFactory.create(company=company, status=PostingStatus.DRAFT)
    read_only = [
        "status",
        "company_id",
        "slug",
        "duplicate_of_id",
        "source",
        "external_id",
        "views",
    ]
    before = JobPosting.objects.values(*read_only).get(pk=posting.pk)

    response = as_recruiter.patch(
        url("detail", posting),
        {
            "status": "published",
            "company": other_company.slug,
            "slug": "new-slug",
            "duplicate_of": original.slug,
            "source": "greenhouse",
            "external_id": "42",
            "views": 1000,
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    assert JobPosting.objects.values(*read_only).get(pk=posting.pk) == before
    assert response.json()["status"] == "draft"


def test_patch_with_a_bad_salary_range_is_400_and_changes_nothing(as_recruiter, company):
    """A PATCH whose maximum falls below the stored minimum is refused as a whole."""
    posting = PostingFactory.create(company=company, salary_min=6_000_000, salary_max=8_000_000)

    response = as_recruiter.patch(
        url("detail", posting), {"salary_max": 5_000_000, "city": "Leeds"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"salary_max": ["The maximum salary is below the minimum."]}
    posting.refresh_from_db()
    assert (posting.salary_max, posting.city) == (8_000_000, "London")


@pytest.mark.parametrize("status", ["draft", "published"])
def test_someone_elses_posting_cannot_be_edited(api, other_recruiter, company, status):
    """Another company's recruiter gets 404 for a PATCH, whether or not the posting is public."""
    posting = PostingFactory.create(company=company, status=status, title="Product Manager")
    api.force_authenticate(other_recruiter)

    response = api.patch(url("detail", posting), {"title": "Hacked"}, format="json")

    assert response.status_code == 404
    posting.refresh_from_db()
    assert posting.title == "Product Manager"


def test_candidates_cannot_edit_postings(api, candidate, company):
    """A candidate's PATCH answers 404 like any non-owner's."""
    posting = PostingFactory.create(company=company)
    api.force_authenticate(candidate)

    assert api.patch(url("detail", posting), {"title": "X"}, format="json").status_code == 404


def test_put_is_not_offered(as_recruiter, company):
    """Edits are partial: PUT answers 405."""
    posting = PostingFactory.create(company=company)

    response = as_recruiter.put(url("detail", posting), new_posting(company), format="json")

    assert response.status_code == 405


def test_submit_sends_a_draft_to_review(as_recruiter, company):
    """An unverified company's draft goes to pending review."""
    posting = PostingFactory.create(
        company=company, status=PostingStatus.DRAFT, posted_at=None, valid_through=None
    )

    response = as_recruiter.post(url("submit", posting))

    assert response.status_code == 200
    assert response.json()["status"] == "pending"
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PENDING


def test_submit_publishes_at_once_for_a_verified_company(api, recruiter):
    """A verified company's posting skips review."""
    company = CompanyFactory.create(verified=True)
    company.recruiters.add(recruiter)
    posting = PostingFactory.create(
        company=company, status=PostingStatus.DRAFT, posted_at=None, valid_through=None
    )
    api.force_authenticate(recruiter)

    response = api.post(url("submit", posting))

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert response.json()["posted_at"] is not None


def test_submitting_a_published_posting_is_400_with_the_reason(as_recruiter, company):
    """An action the status machine does not allow explains itself."""
    posting = PostingFactory.create(company=company)

    response = as_recruiter.post(url("submit", posting))

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A published posting cannot be submitted."]}


@pytest.mark.parametrize(("filled", "status"), [(True, "filled"), (False, "archived")])
def test_close_marks_filled_or_archives(as_recruiter, company, filled, status):
    """Closing as filled or withdrawn sets the matching status."""
    posting = PostingFactory.create(company=company)

    response = as_recruiter.post(url("close", posting), {"filled": filled}, format="json")

    assert response.status_code == 200
    posting.refresh_from_db()
    assert posting.status == status
    assert response.json()["status"] == status


def test_close_needs_to_be_told_whether_the_role_was_filled(as_recruiter, company):
    """Without `filled` the request is a 400 and the posting stays live."""
    posting = PostingFactory.create(company=company)

    response = as_recruiter.post(url("close", posting), {}, format="json")

    assert response.status_code == 400
    assert "filled" in response.json()
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PUBLISHED


def test_repost_reopens_a_closed_posting_for_review(as_recruiter, company):
    """An expired posting of an unverified company goes back to review with fresh dates."""
    posting = PostingFactory.create(company=company, status=PostingStatus.EXPIRED)

    response = as_recruiter.post(url("repost", posting))

    assert response.status_code == 200
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PENDING
    assert posting.valid_through is None


@pytest.mark.parametrize(
    ("action", "body", "status"),
    [
        ("submit", {}, "draft"),
        ("close", {"filled": True}, "published"),
        ("repost", {}, "expired"),
    ],
)
def test_actions_on_someone_elses_posting_answer_404(
    api, other_recruiter, company, action, body, status
):
    """Submit, close and repost find only the caller's own postings."""
    posting = PostingFactory.create(company=company, status=status)
    api.force_authenticate(other_recruiter)

    response = api.post(url(action, posting), body, format="json")

    assert response.status_code == 404
    posting.refresh_from_db()
    assert posting.status == status


def test_mine_lists_own_postings_in_every_status(as_recruiter, company, other_company):
    """`mine=true` lists the recruiter's postings whatever their status, and no one else's."""
    own = [
        PostingFactory.create(company=company, status=status)
        for status in ["draft", "pending", "published", "rejected", "archived"]
    ]
    PostingFactory.create(company=other_company)
    PostingFactory.create()

    response = as_recruiter.get(LIST_URL, {"mine": "true"})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["slug"] for row in rows] == [p.slug for p in reversed(own)]


def test_mine_pages_without_repeats(as_recruiter, company):
    """The recruiter's own list walks by cursor, newest first, covering every posting once."""
    own = [
        PostingFactory.create(company=company, status="draft", posted_at=None, valid_through=None)
        for _ in range(5)
    ]

    seen, response = [], as_recruiter.get(LIST_URL, {"mine": "true", "page_size": 2})
    while True:
        seen += [row["slug"] for row in response.json()["results"]]
        if response.json()["next"] is None:
            break
        response = as_recruiter.get(response.json()["next"])

    assert seen == [p.slug for p in reversed(own)]


def test_mine_applies_the_board_filters(as_recruiter, company):
    """Filters narrow the recruiter's own list too."""
    senior = PostingFactory.create(company=company, title="Senior Product Manager", status="draft")
    PostingFactory.create(company=company, title="Product Manager", status="draft")

    response = as_recruiter.get(LIST_URL, {"mine": "true", "level": "senior"})

    assert [row["slug"] for row in response.json()["results"]] == [senior.slug]


def test_mine_without_credentials_is_401(api, company):
    """Anonymous callers have no postings of their own: they are asked to authenticate."""
    PostingFactory.create(company=company, status="draft")

    assert api.get(LIST_URL, {"mine": "true"}).status_code == 401


def test_mine_is_empty_for_a_candidate(api, candidate):
    """A signed-in user who recruits for no company gets an empty list."""
    PostingFactory.create(status="draft")
    api.force_authenticate(candidate)

    response = api.get(LIST_URL, {"mine": "true"})

    assert response.status_code == 200
    assert response.json() == {"next": None, "results": []}


def test_mine_false_is_the_public_board(as_recruiter, company):
    """`mine=false` lists the board, without the recruiter's drafts."""
    PostingFactory.create(company=company, status="draft")
    live = PostingFactory.create()

    response = as_recruiter.get(LIST_URL, {"mine": "false"})

    assert [row["slug"] for row in response.json()["results"]] == [live.slug]
