"""The search filters on /jobs/: the markup a visitor's browser and screen reader rely on."""

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.html import Element, parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.facets import COUNTS_KEY
from tests.jobs.factories import PostingFactory, SkillFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_board")]

# An anonymous search costs at most this many queries (see test_posting_views.py), one more
# here because the board's country counts are read afresh.
PAGE_QUERY_CEILING = 6


def search(client, params=None, *, status=200):
    """Return the filter form of a search, parsed, after checking the response status."""
    response = client.get(reverse("jobs:list"), params or {})
    assert response.status_code == status
    forms = [form for form in walk(parse_html(response.content.decode())) if form.name == "form"]
    (filters,) = [form for form in forms if attrs(form).get("role") == "search"]
    return filters


def walk(node: Element) -> Iterator[Element]:
    for child in node.children:
        if isinstance(child, Element):
            yield child
            yield from walk(child)


def attrs(element: Element) -> dict[str, str | None]:
    return dict(element.attributes)


def classes(element: Element) -> list[str]:
    return (attrs(element).get("class") or "").split()


def text(element: Element) -> str:
    return " ".join(
        child if isinstance(child, str) else text(child) for child in element.children
    ).strip()


def find(node: Element, tag: str, /, **wanted: str) -> list[Element]:
    return [
        element
        for element in walk(node)
        if element.name == tag and all(attrs(element).get(k) == v for k, v in wanted.items())
    ]


def checkbox(form: Element, name: str, value: str) -> Element:
    (box,) = find(form, "input", type="checkbox", name=name, value=value)
    return box


def test_chosen_country_stays_selected(client):
    """After a search the country menu shows the chosen country and only that one, even one
    without postings."""
    PostingFactory.create(country="GB")
    form = search(client, {"country": "CI"})
    (menu,) = find(form, "select", name="country")
    selected = [option for option in find(menu, "option") if "selected" in attrs(option)]
    assert [(attrs(option)["value"], text(option)) for option in selected] == [
        ("CI", "Côte d'Ivoire (0)")
    ]


def selected_sort(client, params) -> list[str]:
    (menu,) = find(search(client, params), "select", name="sort")
    return [text(option) for option in find(menu, "option") if "selected" in attrs(option)]


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"q": "payments"}, ["Best match"]),
        ({}, ["Newest"]),
        ({"q": "  "}, ["Newest"]),
        ({"q": "payments", "sort": "salary"}, ["Highest salary"]),
    ],
)
def test_sort_menu_shows_the_order_the_results_are_in(client, params, shown):
    """With no order chosen, keywords list best matches first, and the menu says so."""
    PostingFactory.create(title="Payments PM")
    assert selected_sort(client, params) == shown


def test_country_menu_offers_countries_with_postings_after_any_country(client):
    """'Any country' comes first and is chosen when no country is; then each country with
    live postings, by name, with its count."""
    for country in ["DE", "DE", "AT", "GB"]:
        PostingFactory.create(country=country)
    PostingFactory.create(country="FR", status="draft")
    form = search(client)
    options = find(form, "select", name="country")[0].children
    assert (attrs(options[0]), text(options[0])) == ({"value": "", "selected": None}, "Any country")
    assert [(attrs(o)["value"], text(o)) for o in options[1:]] == [
        ("AT", "Austria (1)"),
        ("DE", "Germany (2)"),
        ("GB", "United Kingdom (1)"),
    ]


def test_chosen_checkboxes_stay_checked(client):
    """Levels, workplaces and skills ticked for a search are still ticked on the results."""
    SkillFactory.create(name="SQL", slug="sql")
    SkillFactory.create(name="User research", slug="user-research")
    form = search(client, {"level": ["senior", "lead"], "remote_policy": "remote", "skills": "sql"})
    ticked = {
        (attrs(box)["name"], attrs(box)["value"])
        for box in find(form, "input", type="checkbox")
        if "checked" in attrs(box)
    }
    assert ticked == {
        ("level", "senior"),
        ("level", "lead"),
        ("remote_policy", "remote"),
        ("skills", "sql"),
    }


def test_every_label_points_at_its_input(client):
    """Each label's for= names an input or menu on the form, and each checkbox has a label."""
    SkillFactory.create(name="SQL", slug="sql")
    form = search(client)
    ids = {attrs(element).get("id") for element in walk(form)} - {None}
    targets = [attrs(label)["for"] for label in find(form, "label")]
    assert set(targets) <= ids
    assert len(targets) == len(set(targets))
    boxes = find(form, "input", type="checkbox")
    assert boxes
    assert {attrs(box)["id"] for box in boxes} <= set(targets)
    assert attrs(checkbox(form, "level", "intern"))["id"] == "id_level_0"
    assert "id_country" in targets


def test_checkbox_groups_are_fieldsets_named_by_a_legend(client):
    """Each group of checkboxes sits in its own fieldset whose first child is its legend."""
    SkillFactory.create(name="SQL", slug="sql")
    form = search(client)
    groups = {}
    for fieldset in find(form, "fieldset"):
        names = {attrs(box)["name"] for box in find(fieldset, "input", type="checkbox")}
        assert len(names) == 1
        legend = fieldset.children[0]
        assert legend.name == "legend" and text(legend)
        groups[names.pop()] = text(legend)
    assert set(groups) == {
        "level",
        "remote_policy",
        "employment_type",
        "industry",
        "company_size",
        "skills",
    }
    assert (groups["level"], groups["remote_policy"]) == ("Level", "Workplace")


def test_skill_names_are_escaped(client):
    """A skill called 'R&D <ops>' shows as text, never as markup."""
    SkillFactory.create(name="R&D <ops>", slug="r-d-ops")
    response = client.get(reverse("jobs:list"), {"skills": "r-d-ops"})
    assert b"R&amp;D &lt;ops&gt;" in response.content
    assert b"<ops>" not in response.content
    form = search(client, {"skills": "r-d-ops"})
    box = attrs(checkbox(form, "skills", "r-d-ops"))
    assert "checked" in box
    (label,) = find(form, "label", **{"for": str(box["id"])})
    assert text(label) == "R&D <ops>"


def test_invalid_checkbox_value_shows_its_error_in_its_group(client):
    """An unknown level marks the Level group invalid and names the error it shows."""
    form = search(client, {"level": "wizard"}, status=400)
    (group,) = find(form, "fieldset", **{"aria-describedby": "id_level_error"})
    assert "field-invalid" in classes(group)
    (errors,) = find(group, "ul", id="id_level_error")
    assert "wizard" in text(errors)
    assert attrs(checkbox(form, "level", "senior"))["aria-invalid"] == "true"
    assert "aria-invalid" not in attrs(checkbox(form, "remote_policy", "remote"))


def test_invalid_country_shows_its_error_next_to_the_menu(client):
    """An unknown country code marks the menu invalid and describes it by the error."""
    form = search(client, {"country": "ZZ"}, status=400)
    (menu,) = find(form, "select", name="country")
    assert attrs(menu)["aria-invalid"] == "true"
    assert attrs(menu)["aria-describedby"] == "id_country_error"
    (field,) = [div for div in find(form, "div") if menu in div.children]
    assert "field-invalid" in classes(field)
    (errors,) = find(field, "ul", id="id_country_error")
    assert "ZZ" in text(errors)
    assert not [option for option in find(menu, "option") if "selected" in attrs(option)]


def test_new_skills_are_offered_on_the_next_search(client):
    """A skill an admin adds is offered on the next page built: skills are not kept in memory."""
    SkillFactory.create(name="SQL", slug="sql")
    search(client)
    SkillFactory.create(name="Pricing", slug="pricing")
    form = search(client)
    assert [attrs(box)["value"] for box in find(form, "input", name="skills")] == [
        "pricing",
        "sql",
    ]


def test_a_search_keeps_nothing_of_the_one_before(client):
    """Errors and chosen values of one search are gone from the next one's form."""
    search(client, {"level": "wizard", "country": "ZZ"}, status=400)
    search(client, {"level": "senior", "country": "FR"})
    form = search(client)
    assert not find(form, "ul", **{"class": "errorlist"})
    assert not [box for box in find(form, "input", type="checkbox") if "checked" in attrs(box)]
    (menu,) = find(form, "select", name="country")
    selected = [
        attrs(option)["value"] for option in find(menu, "option") if "selected" in attrs(option)
    ]
    assert selected == [""]


def count_queries(client, params=None) -> int:
    """The queries of a search that also counts the board's countries (not yet cached)."""
    cache.delete(COUNTS_KEY)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("jobs:list"), params or {}).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_skills(client):
    """The search page reads the skills once however many there are, ticked or not."""
    skills = [SkillFactory.create(name=f"Skill {n:02}") for n in range(3)]
    PostingFactory.create().skills.set(skills)
    few = count_queries(client), count_queries(client, {"skills": skills[0].slug})
    for n in range(3, 60):
        SkillFactory.create(name=f"Skill {n:02}")
    many = count_queries(client), count_queries(client, {"skills": skills[0].slug})
    assert few == many
    assert max(many) <= PAGE_QUERY_CEILING


def test_every_filter_group_is_named_for_people_not_fields(client):
    page = client.get(reverse("jobs:list")).content.decode()

    for legend in ("Industry", "Company size", "Skills"):
        assert f"<legend>{legend}</legend>" in page
    legends = re.findall(r"<legend>(.*?)</legend>", page)
    assert "Skills slug" not in legends
    assert "Company industry" not in legends


def test_a_group_names_its_help_text_and_its_errors(client):
    """Screen readers announce a group's help, and its error, when the group is entered."""
    page = client.get(reverse("jobs:list")).content.decode()
    invalid = client.get(reverse("jobs:list"), {"skills": "no-such-skill"}).content.decode()

    assert 'aria-describedby="id_skills_helptext"' in page
    assert '<p class="help" id="id_skills_helptext">' in page
    assert 'aria-describedby="id_skills_helptext id_skills_error"' in invalid
    assert 'id="id_skills_error"' in invalid
