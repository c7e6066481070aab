"""The careers API: paths, certifications, skills with demand, and the skill gap."""

from collections import Counter

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from careers.services import skill_demand_refresh
from jobs.domain import PostingStatus
from jobs.models import JobPosting
from tests.careers.factories import (
    CareerPathFactory,
    CareerStepFactory,
    CertificationFactory,
    ResourceFactory,
)
from tests.jobs.factories import PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db

PATHS = reverse("api-career-paths-list")
CERTS = reverse("api-certifications-list")
SKILLS = reverse("api-skills-list")
GAP = reverse("api-skill-gap")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def demand():
    """Three skills asked for by 3, 2 and 1 of four live postings (plus a draft)."""
    sql, research, pricing = (SkillFactory.create(name=n) for n in ("SQL", "Research", "Pricing"))
    PostingFactory.create(level="mid").skills.set([sql, research, pricing])
    PostingFactory.create(level="mid").skills.set([sql, research])
    PostingFactory.create(level="senior").skills.set([sql])
    PostingFactory.create(level="senior")
    PostingFactory.create(status=PostingStatus.DRAFT).skills.set([pricing])
    skill_demand_refresh()
    return {"sql": sql, "research": research, "pricing": pricing}


def test_paths_list_published_paths_with_steps(api, path):
    CareerPathFactory.create(is_published=False)

    body = api.get(PATHS).json()

    assert [row["slug"] for row in body["results"]] == ["into-product"]
    assert [s["slug"] for s in body["results"][0]["steps"]] == ["step-0", "step-1", "step-2"]
    assert body["next"] is None


def test_path_detail_has_sanitized_guides_and_checklists(api, steps):
    steps[0].body = "**Go** <script>x()</script>"
    steps[0].save()
    hidden = CertificationFactory.create(is_active=False)
    steps[0].certifications.set([hidden, CertificationFactory.create(slug="live")])

    body = api.get(reverse("api-career-paths-detail", args=["into-product"])).json()

    first = body["steps"][0]
    assert "<strong>Go</strong>" in first["body_html"]
    assert "<script>" not in first["body_html"]
    assert [item["text"] for item in first["checklist"]] == ["First action 0", "First action 1"]
    assert first["certifications"] == ["live"]


def test_unknown_path_is_404(api):
    assert api.get(reverse("api-career-paths-detail", args=["nope"])).status_code == 404


def test_certifications_use_the_pages_filters_and_order(api):
    sql = SkillFactory.create(name="SQL")
    for name, featured, order in (("B", False, 1), ("A", True, 5), ("C", False, 0)):
        CertificationFactory.create(name=name, is_featured=featured, order=order).skills.set([sql])
    CertificationFactory.create(name="Hidden", is_active=False).skills.set([sql])
    CertificationFactory.create(name="Other")

    body = api.get(CERTS, {"skill": "sql", "max_weeks": "12"}).json()

    assert [row["name"] for row in body["results"]] == ["A", "C", "B"]
    assert body["results"][0]["skills"] == ["sql"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"max_cost": "10"}, "currency"),
        ({"skill": "nope"}, "skill"),
        ({"delivery": "postal"}, "delivery"),
    ],
)
def test_bad_certification_filters_answer_400(api, params, field):
    response = api.get(CERTS, params)

    assert response.status_code == 400
    assert field in response.json()


def test_skills_carry_demand_count_and_share(api, demand):
    body = api.get(SKILLS).json()

    rows = {row["slug"]: row for row in body["results"]}
    assert rows["sql"] == {
        "slug": "sql",
        "name": "SQL",
        "category": "business",
        "demand_n": 3,
        "demand_share": 0.75,
    }
    assert (rows["pricing"]["demand_n"], rows["pricing"]["demand_share"]) == (1, 0.25)


def test_skills_demand_at_one_level(api, demand):
    rows = {r["slug"]: r for r in api.get(SKILLS, {"level": "senior"}).json()["results"]}

    assert (rows["sql"]["demand_n"], rows["sql"]["demand_share"]) == (1, 0.5)
    assert rows["research"]["demand_n"] == 0


def test_skills_refuse_an_unknown_level(api):
    response = api.get(SKILLS, {"level": "wizard"})

    assert response.status_code == 400
    assert "level" in response.json()


def test_skills_list_costs_the_same_queries_for_more_skills(
    api, demand, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3) as few:
        api.get(SKILLS)
    SkillFactory.create_batch(10)

    with django_assert_max_num_queries(len(few)):
        api.get(SKILLS)


def test_skill_gap_ranking_equals_an_independent_count(api, demand):
    """The API's ranking and shares match a count over the postings made in the test."""
    response = api.post(GAP, {"skills": ["research"]}, format="json")

    assert response.status_code == 200
    body = response.json()
    live = list(JobPosting.objects.on_board().prefetch_related("skills"))
    counts = Counter(s.slug for p in live for s in p.skills.all() if s.slug != "research")
    expected = sorted(counts.items(), key=lambda pair: -pair[1])
    assert [(row["skill"]["slug"], row["demand_n"]) for row in body["missing"]] == expected
    assert [row["demand_share"] for row in body["missing"]] == [n / len(live) for _, n in expected]
    assert body["sample_size"] == len(live) == 4
    assert body["have"] == ["research"]
    assert body["computed_at"]


def test_skill_gap_lists_covering_certifications_and_resources(api, demand):
    CertificationFactory.create(slug="pricing-course").skills.set([demand["pricing"]])
    ResourceFactory.create(title="Pricing book").skills.set([demand["pricing"]])

    body = api.post(GAP, {"skills": ["sql", "research"]}, format="json").json()

    [row] = body["missing"]
    assert [c["slug"] for c in row["certifications"]] == ["pricing-course"]
    assert [r["title"] for r in row["resources"]] == ["Pricing book"]


def test_skill_gap_against_a_posting(api, demand):
    posting = JobPosting.objects.filter(level="mid").earliest("id")

    body = api.post(GAP, {"skills": ["sql"], "posting": posting.slug}, format="json").json()

    assert body["posting"]["slug"] == posting.slug
    assert body["posting_has"] == ["sql"]
    assert sorted(body["posting_lacks"]) == ["pricing", "research"]
    assert body["level"] == "mid"


def test_skill_gap_uses_the_profile_when_skills_are_left_out(api, candidate, demand):
    candidate.profile_skills.set([demand["sql"]])
    api.force_authenticate(candidate)

    body = api.post(GAP, {}, format="json").json()

    assert body["have"] == ["sql"]
    assert "sql" not in [row["skill"]["slug"] for row in body["missing"]]


def test_anonymous_skill_gap_without_skills_has_none(api, demand):
    body = api.post(GAP, {"level": "senior"}, format="json").json()

    assert body["have"] == []
    assert [row["skill"]["slug"] for row in body["missing"]] == ["sql"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"skills": ["juggling"]}, "skills"),
        ({"skills": "sql"}, "skills"),
        ({"level": "wizard"}, "level"),
        ({"posting": "gone"}, "posting"),
    ],
)
def test_skill_gap_bad_input_answers_400_with_field_errors(api, demand, payload, field):
    response = api.post(GAP, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_skill_gap_is_post_only(api):
    assert api.get(GAP).status_code == 405


def test_schema_documents_the_careers_endpoints(api):
    schema = api.get(reverse("api-schema"), {"format": "json"}).json()

    for path in ("paths/", "paths/{slug}/", "certifications/", "skills/", "skill-gap/"):
        assert f"/api/v1/careers/{path}" in schema["paths"]


def test_path_detail_queries_do_not_grow_with_steps(api, path, django_assert_max_num_queries):
    url = reverse("api-career-paths-detail", args=[path.slug])
    with django_assert_max_num_queries(8) as few:
        api.get(url)
    for _ in range(3):
        step = CareerStepFactory.create(path=path)
        step.skills.set([SkillFactory.create()])
        step.resources.set([ResourceFactory.create()])
        step.certifications.set([CertificationFactory.create()])

    with django_assert_max_num_queries(len(few)):
        api.get(url)
