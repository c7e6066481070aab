"""The public job board API: searching /api/v1/jobs/ and reading one posting."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.taxonomy import CompanySize, Industry
from jobs.domain import PostingStatus
from tests.jobs.factories import CompanyFactory, PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("api-jobs-list")
ROW_FIELDS = {
    "slug",
    "title",
    "company",
    "level",
    "technical",
    "employment_type",
    "remote_policy",
    "city",
    "region",
    "country",
    "applicant_countries",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_min_annual",
    "salary_max_annual",
    "skills",
    "posted_at",
    "valid_through",
    "url",
}


@pytest.fixture
def api():
    return APIClient()


def detail_url(posting):
    return reverse("api-jobs-detail", kwargs={"slug": posting.slug})


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def walk(api, params):
    """Follow `next` links from the first page; return every slug seen, in order."""
    seen, response = [], api.get(LIST_URL, params)
    while True:
        seen += slugs(response)
        link = response.json()["next"]
        if link is None:
            return seen
        response = api.get(link)


def test_list_shows_only_published_postings_that_are_not_duplicates(api):
    """Drafts, postings in review, closed ones and duplicates stay out of the API list."""
    live = PostingFactory.create()
    for status in ["draft", "pending", "rejected", "expired", "filled", "archived"]:
        PostingFactory.create(status=status)
    PostingFactory.create(duplicate_of=live)

    assert slugs(api.get(LIST_URL)) == [live.slug]


def test_list_row_carries_the_documented_fields(api):
    """A row has the company card, salaries in minor units, skill slugs and an absolute URL."""
    company = CompanyFactory.create(name="Acme", slug="acme", verified=True)
    posting = PostingFactory.create(
        company=company, salary_min=4000, salary_max=5000, salary_period="hour", city="Leeds"
    )
    posting.skills.set([SkillFactory.create(name="SQL"), SkillFactory.create(name="User research")])

    row = api.get(LIST_URL).json()["results"][0]

    assert set(row) == ROW_FIELDS
    assert row["company"] == {"slug": "acme", "name": "Acme", "verified": True}
    assert (row["salary_min"], row["salary_max"]) == (4000, 5000)
    assert (row["salary_min_annual"], row["salary_max_annual"]) == (4000 * 2080, 5000 * 2080)
    assert sorted(row["skills"]) == ["sql", "user-research"]
    assert row["country"] == "GB"
    assert row["url"] == f"http://testserver/jobs/{posting.slug}/"


def test_keywords_find_postings_by_title(api):
    """`q` runs the board's full-text search."""
    payments = PostingFactory.create(title="Senior Product Manager, Payments")
    PostingFactory.create(title="Product Manager, Growth")

    assert slugs(api.get(LIST_URL, {"q": "payments"})) == [payments.slug]


def test_keywords_and_filters_combine(api):
    """Keywords narrow within the filtered postings, as on the /jobs/ page."""
    senior = PostingFactory.create(title="Senior Product Manager, Payments")
    PostingFactory.create(title="Associate Product Manager, Payments")

    assert slugs(api.get(LIST_URL, {"q": "payments", "level": "senior"})) == [senior.slug]


def test_best_match_ranks_title_hits_above_description_hits(api):
    """With keywords the default order is relevance: a title match beats a newer body match."""
    now = timezone.now()
    in_title = PostingFactory.create(
        title="Product Manager, Payments", posted_at=now - timedelta(days=2)
    )
    in_body = PostingFactory.create(
        title="Product Manager, Growth",
        description="You will also help the payments team.",
        posted_at=now,
    )

    assert slugs(api.get(LIST_URL, {"q": "payments"})) == [in_title.slug, in_body.slug]
    newest = api.get(LIST_URL, {"q": "payments", "sort": "newest"})
    assert slugs(newest) == [in_body.slug, in_title.slug]


def test_best_match_pages_are_numbered_and_cover_every_match_once(api):
    """Relevance pages carry `page` in their `next` link and never repeat a posting."""
    now = timezone.now()
    made = [
        PostingFactory.create(title="Product Manager, Payments", posted_at=now - timedelta(hours=i))
        for i in range(7)
    ]

    first = api.get(LIST_URL, {"q": "payments", "page_size": 3})
    seen = walk(api, {"q": "payments", "page_size": 3})

    assert "page=2" in first.json()["next"]
    assert sorted(seen) == sorted(p.slug for p in made)
    assert len(seen) == len(set(seen))


def test_best_match_pages_follow_one_ranking(api):
    """Walked three at a time, best-match pages list the matches as one long page ranks them."""
    now = timezone.now()
    for i in range(8):
        in_title = i % 3 == 0
        PostingFactory.create(
            title="Product Manager, Payments" if in_title else "Product Manager, Growth",
            description="Work with the payments team." if not in_title else "Lead a team.",
            posted_at=now - timedelta(hours=i),
        )

    ranked = slugs(api.get(LIST_URL, {"q": "payments", "page_size": 50}))

    assert walk(api, {"q": "payments", "page_size": 3}) == ranked
    assert len(ranked) == 8


@pytest.mark.parametrize(
    ("params", "match", "other"),
    [
        ({"level": "senior"}, {"title": "Senior Product Manager"}, {"title": "Product Manager"}),
        ({"technical": "true"}, {"technical": True}, {"technical": False}),
        ({"remote_policy": "remote"}, {"remote_policy": "remote"}, {"remote_policy": "onsite"}),
        (
            {"employment_type": "contract"},
            {"employment_type": "contract"},
            {"employment_type": "full_time"},
        ),
        ({"country": "DE"}, {"country": "DE"}, {"country": "GB"}),
        ({"city": "leeds"}, {"city": "Leeds"}, {"city": "London"}),
        (
            {"industry": "healthcare"},
            {"company__industry": Industry.HEALTHCARE},
            {"company__industry": Industry.SOFTWARE},
        ),
        (
            {"company_size": "startup"},
            {"company__size": CompanySize.STARTUP},
            {"company__size": CompanySize.LARGE},
        ),
        (
            {"salary_at_least": "75000", "currency": "gbp"},
            {"salary_max": 8_000_000},
            {"salary_max": 7_000_000},
        ),
        (
            {"posted_within": "3"},
            {"posted_at": timezone.now() - timedelta(days=1)},
            {"posted_at": timezone.now() - timedelta(days=10)},
        ),
    ],
)
def test_each_filter_narrows_the_list(api, params, match, other):
    """Every /jobs/ filter works the same through the API."""
    wanted = PostingFactory.create(**match)
    PostingFactory.create(**other)

    assert slugs(api.get(LIST_URL, params)) == [wanted.slug]


def test_skills_filter_takes_skill_slugs(api):
    """`skills` names skills by slug; a posting with any of them matches."""
    sql = SkillFactory.create(name="SQL")
    wanted = PostingFactory.create()
    wanted.skills.set([sql])
    PostingFactory.create().skills.set([SkillFactory.create(name="Roadmapping")])

    assert slugs(api.get(LIST_URL, {"skills": "sql"})) == [wanted.slug]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "wizard"}, "level"),
        ({"salary_at_least": "50000", "currency": "ZZZ"}, "currency"),
        ({"salary_at_least": "50000"}, "currency"),
        ({"skills": "no-such-skill"}, "skills"),
        ({"posted_within": "2"}, "posted_within"),
        ({"country": "XX"}, "country"),
        ({"country": "United Kingdom"}, "country"),
    ],
)
def test_bad_filter_input_answers_400_with_the_field(api, params, field):
    """A filter value the page would refuse is a 400 naming the field, never a 500."""
    PostingFactory.create()

    response = api.get(LIST_URL, params)

    assert response.status_code == 400
    assert field in response.json()


def test_cursor_walk_lists_every_posting_once_newest_first(api):
    """Following `next` visits the whole board in order with no repeats or gaps."""
    now = timezone.now()
    made = [PostingFactory.create(posted_at=now - timedelta(hours=i)) for i in range(23)]

    assert walk(api, {"page_size": 5}) == [p.slug for p in made]


def test_cursor_walk_is_stable_when_postings_share_a_timestamp(api):
    """Postings published at the same instant are neither skipped nor repeated."""
    moment = timezone.now()
    made = [PostingFactory.create(posted_at=moment) for _ in range(7)]

    seen = walk(api, {"page_size": 3})

    assert sorted(seen) == sorted(p.slug for p in made)
    assert len(seen) == len(made)


def test_salary_sort_walks_highest_first_and_leaves_out_postings_without_salary(api):
    """Salary order pages by annual maximum, with equal salaries neither skipped nor repeated."""
    top = PostingFactory.create(salary_min=9_000_000, salary_max=12_000_000)
    equal = [PostingFactory.create(salary_min=5_000_000, salary_max=9_000_000) for _ in range(5)]
    PostingFactory.create(salary_min=None, salary_max=None, salary_currency="")

    seen = walk(api, {"sort": "salary", "page_size": 2})

    assert seen[0] == top.slug
    assert sorted(seen[1:]) == sorted(p.slug for p in equal)
    assert len(seen) == 6


def test_page_size_is_capped_at_100(api):
    """A client gets at most 100 rows at once; asking for more is a 400 naming page_size."""
    for _ in range(101):
        PostingFactory.create()

    response = api.get(LIST_URL, {"page_size": 100})
    refused = api.get(LIST_URL, {"page_size": 1000})

    assert len(slugs(response)) == 100
    assert response.json()["next"] is not None
    assert refused.status_code == 400
    assert "page_size" in refused.json()


def test_default_page_is_20_rows(api):
    """Without page_size a page has 20 postings."""
    for _ in range(21):
        PostingFactory.create()

    assert len(slugs(api.get(LIST_URL))) == 20


def test_a_garbled_cursor_starts_from_the_first_page(api):
    """A hand-edited cursor is not an error."""
    posting = PostingFactory.create()

    assert slugs(api.get(LIST_URL, {"cursor": "!!not-base64"})) == [posting.slug]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "salary"},
        {"q": "product"},
        {"q": "product", "sort": "newest", "level": ["mid", "senior"]},
        {"salary_at_least": "10000", "currency": "GBP"},
        {"skills": "sql", "level": "senior"},
    ],
)
def test_list_never_counts_the_result(api, params):
    """No list request runs a COUNT, whatever the order or filters."""
    sql = SkillFactory.create(name="SQL")
    for _ in range(3):
        PostingFactory.create(title="Senior Product Manager").skills.set([sql])

    with CaptureQueriesContext(connection) as queries:
        response = api.get(LIST_URL, params)

    assert response.status_code == 200
    assert response.json()["results"]
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "product"},
        {"sort": "salary", "remote_policy": "onsite"},
        {"skills": "sql", "sort": "salary"},
    ],
)
def test_anonymous_list_costs_the_same_few_queries_at_any_page_size(
    api, params, django_assert_max_num_queries
):
    """At most 5 queries per page for an anonymous caller, as many for 5 rows as for 50."""
    skills = [SkillFactory.create(name="SQL"), SkillFactory.create(name="Roadmapping")]
    for _ in range(60):
        PostingFactory.create().skills.set(skills)

    counts = []
    for size in (5, 50):
        with (
            django_assert_max_num_queries(5),
            CaptureQueriesContext(connection) as queries,
        ):
            response = api.get(LIST_URL, {**params, "page_size": size})
        assert len(response.json()["results"]) == size
        counts.append(len(queries))

    assert counts[0] == counts[1]


@pytest.mark.parametrize("status", ["published", "expired", "filled"])
def test_public_postings_are_readable_by_anyone(api, status):
    """Live and closed postings answer 200 with their status and rendered description."""
    posting = PostingFactory.create(status=status, description="Own the roadmap.")

    response = api.get(detail_url(posting))

    assert response.status_code == 200
    assert response.json()["status"] == status
    assert response.json()["description_html"] == "<p>Own the roadmap.</p>"


@pytest.mark.parametrize("status", ["draft", "pending", "rejected", "archived"])
def test_unpublished_posting_is_404_for_the_public(api, status):
    """Anonymous callers cannot read a posting that is not public."""
    posting = PostingFactory.create(status=status)

    assert api.get(detail_url(posting)).status_code == 404


@pytest.mark.parametrize("who", ["candidate", "other_recruiter"])
def test_unpublished_posting_is_404_for_other_users(api, request, company, who):
    """Signed-in users who do not recruit for the company get a 404 for its draft."""
    posting = PostingFactory.create(status=PostingStatus.DRAFT, company=company)
    api.force_authenticate(request.getfixturevalue(who))

    assert api.get(detail_url(posting)).status_code == 404


def test_owner_reads_their_draft(api, recruiter, company):
    """The company's recruiter sees their draft with its status."""
    posting = PostingFactory.create(status=PostingStatus.DRAFT, company=company)
    api.force_authenticate(recruiter)

    response = api.get(detail_url(posting))

    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_staff_read_any_posting_in_review(api, staff_user):
    """Moderators can read a posting waiting for review."""
    posting = PostingFactory.create(status=PostingStatus.PENDING)
    api.force_authenticate(staff_user)

    assert api.get(detail_url(posting)).status_code == 200


def test_unknown_slug_is_404(api):
    """A slug no posting has answers 404."""
    assert api.get(reverse("api-jobs-detail", kwargs={"slug": "nope"})).status_code == 404
