"""The skill gap: missing skills ranked by the share of live postings asking for them."""

from collections import Counter

import pytest
from django.urls import reverse

from careers.models import Skill
from careers.selectors import skill_gap
from careers.services import skill_demand_refresh
from jobs.domain import PostingStatus
from jobs.models import JobPosting
from tests.careers.factories import CertificationFactory, ResourceFactory
from tests.jobs.factories import PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("careers:skill_gap")
SKILL_NAMES = ["SQL", "Research", "Roadmaps", "Pricing", "Metrics", "Writing"]


@pytest.fixture
def skills():
    return {skill.slug: skill for skill in (SkillFactory.create(name=name) for name in SKILL_NAMES)}


@pytest.fixture
def board(skills):
    """A board whose skill counts differ per level, plus postings that must not count."""
    ordered = list(skills.values())
    for index in range(24):
        level = ("mid", "senior", "entry")[index % 3]
        wanted = [s for position, s in enumerate(ordered) if (index + 1) % (position + 2) == 0]
        PostingFactory.create(level=level).skills.set(wanted)
    PostingFactory.create(status=PostingStatus.DRAFT).skills.set(ordered)
    PostingFactory.create(status=PostingStatus.EXPIRED).skills.set(ordered)
    skill_demand_refresh()


def independent_ranking(have, level=""):
    """Count in Python, from the postings themselves, how many live ones ask for each skill."""
    live = JobPosting.objects.filter(status=PostingStatus.PUBLISHED, duplicate_of__isnull=True)
    if level:
        live = live.filter(level=level)
    counts = Counter(s.slug for p in live.prefetch_related("skills") for s in p.skills.all())
    missing = [(slug, n) for slug, n in counts.items() if slug not in have]
    missing.sort(key=lambda pair: (-pair[1], Skill.objects.get(slug=pair[0]).name.lower()))
    return missing, live.count()


@pytest.mark.parametrize("level", ["", "mid", "senior", "entry"])
def test_ranking_equals_an_independent_count(board, skills, level):
    """Missing skills, their counts and n equal a count made straight from the postings."""
    have = [skills["sql"], skills["writing"]]

    result = skill_gap(have=have, level=level)

    expected, n = independent_ranking({"sql", "writing"}, level)
    assert [(row.skill.slug, row.postings) for row in result.missing] == expected
    assert result.sample_size == n
    assert all(row.share == row.postings / n for row in result.missing)
    assert result.computed_at is not None


def test_against_a_posting_lists_what_the_user_has_and_lacks(board, skills):
    posting = PostingFactory.create(level="senior")
    posting.skills.set([skills["sql"], skills["pricing"], skills["metrics"]])
    skill_demand_refresh()

    result = skill_gap(have=[skills["sql"], skills["research"]], posting=posting)

    assert [s.slug for s in result.posting_has] == ["sql"]
    assert {s.slug for s in result.posting_lacks} == {"pricing", "metrics"}
    assert {row.skill.slug for row in result.missing} == {"pricing", "metrics"}
    assert result.level == "senior"


def test_each_gap_lists_active_certifications_and_resources_covering_it(board, skills):
    featured = CertificationFactory.create(name="Featured", is_featured=True, order=9)
    plain = CertificationFactory.create(name="Plain", order=1)
    hidden = CertificationFactory.create(name="Hidden", is_active=False)
    book = ResourceFactory.create(title="Pricing book")
    for item in (featured, plain, hidden, book):
        item.skills.set([skills["pricing"]])

    result = skill_gap(have=[])

    [row] = [row for row in result.missing if row.skill.slug == "pricing"]
    assert [c.name for c in row.certifications] == ["Featured", "Plain"]
    assert [r.title for r in row.resources] == ["Pricing book"]


def test_page_prefills_the_signed_in_users_profile_skills(client, candidate, skills):
    candidate.profile_skills.set([skills["sql"]])
    client.force_login(candidate)

    response = client.get(PAGE)

    assert response.status_code == 200
    assert [s.slug for s in response.context["form"].initial["skills"]] == ["sql"]
    assert 'value="sql" id="id_skills_' in response.text
    assert "checked" in response.text.split('value="sql"')[1].split(">")[0]


def test_page_for_anonymous_visitors_starts_empty(client, skills):
    response = client.get(PAGE)

    assert response.status_code == 200
    assert response.context["result"] is None


def test_page_shows_the_ranking_with_sample_size_and_date(client, board, skills):
    response = client.get(PAGE, {"check": "1", "skills": ["sql"], "level": "mid"})

    result = response.context["result"]
    expected, n = independent_ranking({"sql"}, "mid")
    assert [(row.skill.slug, row.postings) for row in result.missing] == expected
    assert f"Based on <strong>{n}</strong> live postings" in response.text
    assert "counted <time" in response.text


def test_page_compares_with_a_posting_given_by_its_address(client, board, skills):
    posting = PostingFactory.create(title="Senior Product Manager")
    posting.skills.set([skills["sql"], skills["pricing"]])

    response = client.get(
        PAGE, {"check": "1", "skills": ["sql"], "posting": f"http://x{posting.get_absolute_url()}"}
    )

    assert response.status_code == 200
    assert [s.slug for s in response.context["result"].posting_lacks] == ["pricing"]


@pytest.mark.parametrize(
    "params",
    [
        {"skills": ["juggling"]},
        {"level": "wizard"},
        {"posting": "no-such-posting"},
        {"posting": "/careers/"},
    ],
)
def test_bad_input_answers_400_with_the_reason(client, skills, params):
    response = client.get(PAGE, {"check": "1", **params})

    assert response.status_code == 400
    assert response.context["result"] is None
    assert "errorlist" in response.text


def test_a_posting_not_on_the_board_is_refused(client, skills):
    draft = PostingFactory.create(status=PostingStatus.DRAFT)

    response = client.get(PAGE, {"check": "1", "posting": draft.slug})

    assert response.status_code == 400
    assert response.context["form"].errors["posting"]


def test_page_queries_do_not_grow_with_skills_or_suggestions(
    client, candidate, board, skills, django_assert_max_num_queries
):
    client.force_login(candidate)
    params = {"check": "1", "level": "mid"}
    with django_assert_max_num_queries(10) as few:
        client.get(PAGE, params)
    for slug, skill in skills.items():
        CertificationFactory.create(name=f"Course for {slug}").skills.set([skill])
        ResourceFactory.create(title=f"Book on {slug}").skills.set([skill])
    candidate.profile_skills.set([skills["sql"]])

    with django_assert_max_num_queries(len(few)):
        client.get(PAGE, params)
