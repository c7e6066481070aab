"""The public career pages: overview and ladder, paths, steps, certifications, resources, FAQ."""

import pytest
from django.urls import reverse

from careers.models import FAQ, CertificationFormat, ResourceKind
from careers.services import skill_demand_refresh
from tests.careers.factories import (
    CareerPathFactory,
    CareerStepFactory,
    CertificationFactory,
    ResourceFactory,
)
from tests.jobs.factories import PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db

CERTS_URL = reverse("careers:certifications")
RESOURCES_URL = reverse("careers:resources")


def names(response, key="page"):
    return [obj.name for obj in response.context[key].items]


def test_overview_shows_paths_side_by_side_and_the_ladder(client, path, ladder):
    """Anonymous visitors see each path with its steps and every rung with its links."""
    response = client.get(reverse("careers:index"))

    assert response.status_code == 200
    assert "Into product" in response.text
    assert "Step 2" in response.text
    assert "Associate PM" in response.text
    assert 'href="/salaries/?level=entry"' in response.text
    assert 'href="/jobs/?level=mid"' in response.text
    assert "Next step up" in response.text


def test_overview_shows_open_jobs_per_level_from_the_stored_counts(client, ladder):
    """The ladder's open-job counts come from the last demand refresh."""
    PostingFactory.create_batch(2, title="Product Manager")
    skill_demand_refresh()
    PostingFactory.create(title="Product Manager")

    response = client.get(reverse("careers:index"))

    assert "2 open jobs" in response.text


def test_overview_leaves_out_unpublished_paths(client, path):
    CareerPathFactory.create(title="Hidden draft path", is_published=False)

    response = client.get(reverse("careers:index"))

    assert "Hidden draft path" not in response.text


def test_overview_costs_the_same_queries_for_more_paths(
    client, candidate, path, ladder, django_assert_max_num_queries
):
    """Adding paths, steps and rungs adds no query, signed in or not."""
    client.force_login(candidate)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("careers:index"))
    for _ in range(3):
        CareerStepFactory.create_batch(3, path=CareerPathFactory.create())

    with django_assert_max_num_queries(len(few)):
        client.get(reverse("careers:index"))


def test_path_page_lists_steps_in_order_with_markdown_sanitized(client, path):
    """The introduction renders Markdown and drops any script a content editor pasted."""
    path.body = "Hello **world** <script>alert(1)</script>"
    path.save()

    response = client.get(path.get_absolute_url())

    assert response.status_code == 200
    assert "<strong>world</strong>" in response.text
    assert "<script>alert(1)" not in response.text
    titles = [step.title for step, _ in response.context["steps"]]
    assert titles == ["Step 0", "Step 1", "Step 2"]


def test_unknown_or_unpublished_path_is_404(client):
    CareerPathFactory.create(slug="draft", is_published=False)

    assert client.get(reverse("careers:path", args=["draft"])).status_code == 404
    assert client.get(reverse("careers:path", args=["nope"])).status_code == 404


def test_step_page_shows_guide_checklist_and_neighbours(client, steps):
    """A step shows its body, checklist, and links to the steps before and after it."""
    response = client.get(steps[1].get_absolute_url())

    assert response.status_code == 200
    assert response.context["number"] == 2
    assert response.context["previous"].slug == "step-0"
    assert response.context["next"].slug == "step-2"
    assert "Do the <strong>thing</strong>" in response.text


def test_step_page_lists_only_active_certifications(client, steps):
    live, hidden = (
        CertificationFactory.create(name="Live one"),
        CertificationFactory.create(is_active=False),
    )
    steps[0].certifications.set([live, hidden])

    response = client.get(steps[0].get_absolute_url())

    assert "Live one" in response.text
    assert hidden.name not in response.text
    assert "First action 1" in response.text


def test_step_of_another_path_is_404(client, steps):
    other = CareerPathFactory.create(slug="other")

    url = reverse("careers:step", args=[other.slug, steps[0].slug])

    assert client.get(url).status_code == 404


def test_step_page_queries_do_not_grow_with_content(
    client, candidate, steps, django_assert_max_num_queries
):
    """More skills, certifications, resources and checklist items cost no extra query."""
    client.force_login(candidate)
    step = steps[0]
    with django_assert_max_num_queries(14) as few:
        client.get(step.get_absolute_url())
    step.skills.set([SkillFactory.create() for _ in range(4)])
    step.certifications.set(CertificationFactory.create_batch(3))
    step.resources.set(ResourceFactory.create_batch(3))

    with django_assert_max_num_queries(len(few)):
        client.get(step.get_absolute_url())


def test_certifications_show_only_active_featured_first_then_by_order(client):
    CertificationFactory.create(name="Late", order=5)
    CertificationFactory.create(name="Early", order=1)
    CertificationFactory.create(name="Picked", order=9, is_featured=True)
    CertificationFactory.create(name="Hidden", order=0, is_active=False)

    response = client.get(CERTS_URL)

    assert names(response) == ["Picked", "Early", "Late"]


def test_certifications_filter_by_skill_format_cost_and_duration(client):
    sql = SkillFactory.create(name="SQL")
    wanted = CertificationFactory.create(
        name="Wanted", cost=40_000, currency="GBP", duration_weeks=8
    )
    wanted.skills.set([sql])
    CertificationFactory.create(name="No skill", cost=40_000, duration_weeks=8)
    pricey = CertificationFactory.create(name="Pricey", cost=900_000, duration_weeks=8)
    pricey.skills.set([sql])
    long = CertificationFactory.create(name="Long", cost=40_000, duration_weeks=40)
    long.skills.set([sql])
    in_person = CertificationFactory.create(name="In person", format=CertificationFormat.IN_PERSON)
    in_person.skills.set([sql])

    response = client.get(
        CERTS_URL,
        {
            "skill": "sql",
            "delivery": "online",
            "max_cost": "500",
            "currency": "gbp",
            "max_weeks": "12",
        },
    )

    assert names(response) == ["Wanted"]


def test_free_only_needs_no_currency(client):
    CertificationFactory.create(name="Free", cost=0, currency="")
    CertificationFactory.create(name="Paid", cost=100)
    CertificationFactory.create(name="Unknown", cost=None, currency="")

    response = client.get(CERTS_URL, {"max_cost": "0"})

    assert names(response) == ["Free"]


@pytest.mark.parametrize(
    "params",
    [
        {"max_cost": "100"},
        {"currency": "ZZZ"},
        {"skill": "nope"},
        {"delivery": "telepathy"},
        {"max_weeks": "3"},
    ],
)
def test_bad_certification_filters_answer_400_with_a_message(client, params):
    response = client.get(CERTS_URL, params)

    assert response.status_code == 400
    assert response.context["filter"].errors
    assert "errorlist" in response.text


def test_certifications_are_paged_without_counting(client, django_assert_max_num_queries):
    """A full page links to the next, in few queries; the second page keeps the filters."""
    CertificationFactory.create_batch(21)

    with django_assert_max_num_queries(4):
        first = client.get(CERTS_URL, {"delivery": "online"})
    second = client.get(CERTS_URL + first.context["next_url"])

    assert len(first.context["page"].items) == 20
    assert "delivery=online" in first.context["next_url"]
    assert len(second.context["page"].items) == 1


def test_resources_group_by_kind_and_filter_by_skill(client):
    sql = SkillFactory.create(name="SQL")
    book = ResourceFactory.create(title="SQL for PMs", kind=ResourceKind.BOOK)
    book.skills.set([sql])
    tool = ResourceFactory.create(title="Query tool", kind=ResourceKind.TOOL, is_free=True)
    tool.skills.set([sql])
    ResourceFactory.create(title="Unrelated", kind=ResourceKind.BOOK)

    everything = client.get(RESOURCES_URL)
    by_skill = client.get(RESOURCES_URL, {"skill": "sql"})
    free_tools = client.get(RESOURCES_URL, {"kind": "tool", "free": "true"})

    assert [kind for kind, _ in everything.context["groups"]] == ["Book", "Tool"]
    assert {r.title for _, items in by_skill.context["groups"] for r in items} == {
        "SQL for PMs",
        "Query tool",
    }
    assert [r.title for _, items in free_tools.context["groups"] for r in items] == ["Query tool"]


def test_bad_resource_kind_answers_400(client):
    assert client.get(RESOURCES_URL, {"kind": "scroll"}).status_code == 400


def test_faq_lists_published_entries_in_order(client):
    FAQ.objects.create(question="Second?", answer="B", order=2)
    FAQ.objects.create(question="First?", answer="*A*", order=1)
    FAQ.objects.create(question="Draft?", answer="C", order=0, is_published=False)

    response = client.get(reverse("careers:faq"))

    assert [e.question for e in response.context["entries"]] == ["First?", "Second?"]
    assert "<em>A</em>" in response.text


def test_reserved_slug_is_refused_for_a_path():
    """A path cannot take the address of a fixed careers page."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        CareerPathFactory.build(slug="certifications").full_clean()


def test_careers_is_in_the_main_navigation(client):
    response = client.get(reverse("home"))

    assert any(item["label"] == "Careers" for item in response.context["navigation"])


def test_path_page_queries_do_not_grow_with_steps(
    client, candidate, path, django_assert_max_num_queries
):
    client.force_login(candidate)
    with django_assert_max_num_queries(10) as few:
        client.get(path.get_absolute_url())
    for _ in range(4):
        CareerStepFactory.create(path=path).skills.set(
            [SkillFactory.create(), SkillFactory.create()]
        )

    with django_assert_max_num_queries(len(few)):
        client.get(path.get_absolute_url())


def test_resources_page_queries_do_not_grow(client, django_assert_max_num_queries):
    ResourceFactory.create().skills.set([SkillFactory.create()])
    with django_assert_max_num_queries(5) as few:
        client.get(RESOURCES_URL)
    for resource in ResourceFactory.create_batch(5):
        resource.skills.set([SkillFactory.create()])

    with django_assert_max_num_queries(len(few)):
        client.get(RESOURCES_URL)


@pytest.mark.parametrize(
    "model",
    [
        "careerpath",
        "careerstep",
        "rolelevel",
        "certification",
        "resource",
        "faq",
        "skill",
        "skilldemand",
    ],
)
def test_admin_screens_open_for_staff(client, staff_user, steps, model):
    """Every careers model has a working list and, where staff may add, an add form."""
    client.force_login(staff_user)

    assert client.get(reverse(f"admin:careers_{model}_changelist")).status_code == 200
    add = client.get(reverse(f"admin:careers_{model}_add"))
    assert add.status_code == (403 if model == "skilldemand" else 200)


def test_admin_edits_a_step_with_its_checklist(client, staff_user, steps):
    client.force_login(staff_user)

    response = client.get(reverse("admin:careers_careerstep_change", args=[steps[0].pk]))

    assert response.status_code == 200
    assert "First action 0" in response.text
