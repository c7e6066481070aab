"""Career content says no more than its sources: unstated facts read "not stated", the
guide's claims name their source, and pmportal's own advice is labelled as our guidance."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from careers.demo import seed_careers, seed_skills
from careers.models import FAQ, CareerPath, CareerStep, Certification, Resource
from tests.careers.factories import CareerPathFactory, CareerStepFactory, CertificationFactory

pytestmark = pytest.mark.django_db

CERTS_URL = reverse("careers:certifications")
# Values earlier versions showed that no source states for these certifications.
INVENTED = (
    "Self-paced",
    "Foundation",
    "Practitioner",
    "exam based",
    "exam-based",
    "ending with a project",
)
# Claims the sources do not make, once stated as fact in the guides.
UNSOURCED = (
    "most common way",
    "most PM hires",
    "most likely to come from",
    "usually quickest",
    "Scaled Agile Framework",
)
NOT_STATED = ("Format not stated", "Duration not stated", "Cost not stated", "Level not stated")


@pytest.fixture
def seeded(db):
    seed_skills()
    seed_careers([])


def unstated(**fields):
    defaults = {"format": "", "duration_weeks": None, "cost": None, "currency": "", "level": ""}
    return CertificationFactory.create(**{**defaults, **fields})


def group(pattern: str, html: str) -> str:
    """The first group of the first match of ``pattern``; the test fails without one."""
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return match.group(1)


def card(html: str, slug: str) -> str:
    """The markup of one certification's card on the list page."""
    end = r'</li>\s*(?=<li class="cert-card|</ul>\s*<)'
    return group(rf'<li class="cert-card[^"]*" id="cert-{slug}">(.*?){end}', html)


def test_certification_with_nothing_stated_reads_not_stated(client):
    """Format, duration, cost and level each read "not stated"; nothing invented shows."""
    unstated(slug="bare", name="Bare certificate", description="")

    html = card(client.get(CERTS_URL).text, "bare")

    for label in NOT_STATED:
        assert label in html
    for word in INVENTED:
        assert word.lower() not in html.lower()


def test_stated_facts_show_as_stored(client):
    """What an admin states shows as stated: six months, a price, a level."""
    unstated(
        slug="full",
        format="hybrid",
        duration_weeks=26,
        cost=45_000,
        currency="GBP",
        level="advanced",
    )

    html = card(client.get(CERTS_URL).text, "full")

    assert "Hybrid" in html and "6 months" in html and "Advanced" in html
    assert "450" in html
    assert "not stated" not in html


def test_duration_in_weeks_reads_as_weeks_unless_it_is_whole_months():
    assert unstated(duration_weeks=10).duration_label == "10 weeks"
    assert unstated(duration_weeks=1).duration_label == "1 week"
    assert unstated(duration_weeks=8).duration_label == "8 weeks"
    assert unstated(duration_weeks=52).duration_label == "12 months"


def test_api_answers_null_for_what_nobody_stated():
    """The API never turns an unknown into a value: null, not "" or a default level."""
    unstated(slug="bare")

    [row] = APIClient().get(reverse("api-certifications-list")).json()["results"]

    assert {key: row[key] for key in ("format", "duration_weeks", "cost", "level")} == {
        "format": None,
        "duration_weeks": None,
        "cost": None,
        "level": None,
    }


def test_api_answers_stated_choices_as_their_codes():
    unstated(slug="full", format="online", level="advanced")

    [row] = APIClient().get(reverse("api-certifications-list")).json()["results"]

    assert (row["format"], row["level"]) == ("online", "advanced")


def test_a_new_certification_states_no_level_by_default():
    assert Certification(name="New", slug="new").level == ""


def test_seeded_certifications_show_only_what_the_guide_states(client, seeded):
    """No seeded certification shows a value the data does not hold, nor an invented word."""
    html = client.get(CERTS_URL).text

    for word in INVENTED:
        assert word.lower() not in html.lower()
    assert not Certification.objects.exclude(level="").exists()
    assert Certification.objects.get(slug="safe-popm").provider == "KnowledgeHut"
    iim = card(html, "pg-certificate-product-management-iim-indore")
    assert "Online" in iim and "6 months" in iim and "Cost not stated" in iim
    assert "Level not stated" in iim
    aipmm = card(html, "cpm-aipmm")
    assert all(label in aipmm for label in NOT_STATED)
    assert "Provider not yet confirmed" in card(html, "acpma")


def test_seeded_content_is_sourced_or_labelled_guidance(client, seeded):
    """Every path names its source; every FAQ names one or is guidance; no claim overreaches."""
    assert not CareerPath.objects.filter(source="").exists()
    assert not FAQ.objects.filter(source="", is_guidance=False).exists()
    assert not Resource.objects.filter(is_free__isnull=False).exists()
    for step in CareerStep.objects.all():
        for phrase in UNSOURCED:
            assert phrase.lower() not in f"{step.summary} {step.body}".lower(), step.slug
    for path in CareerPath.objects.all():
        for phrase in UNSOURCED:
            assert phrase.lower() not in f"{path.summary} {path.body}".lower(), path.slug
    assert (
        "Six years of professional experience"
        not in CareerPath.objects.get(slug="from-product-work").typical_duration
    )


def test_every_unsourced_step_duration_is_labelled_our_guidance(client, seeded):
    """A step's duration with no duration source shows beside the "Our guidance" label."""
    steps = CareerStep.objects.select_related("path").exclude(typical_duration="")
    assert steps.filter(duration_source="").exists()
    for step in steps.filter(duration_source=""):
        html = client.get(step.get_absolute_url()).text
        head = group(r'<p class="step-of">(.*?)</p>', html)
        assert step.typical_duration in head
        assert "Our guidance" in head


def test_step_page_tells_the_guide_from_our_guidance(client):
    """The body carries the path's source; the guidance sits in its labelled block."""
    path = CareerPathFactory.create(source="A published guide")
    step = CareerStepFactory.create(
        path=path, body="What the guide says.", guidance="What **we** advise.", duration_source=""
    )

    html = client.get(step.get_absolute_url()).text

    assert "Source: A published guide" in html
    block = group(r'<aside class="guidance"[^>]*>(.*?)</aside>', html)
    assert "Our guidance" in block and "<strong>we</strong>" in block
    assert "What the guide says." not in block


def test_step_duration_with_a_source_names_it(client):
    step = CareerStepFactory.create(typical_duration="10 weeks", duration_source="A publisher")

    head = group(r'<p class="step-of">(.*?)</p>', client.get(step.get_absolute_url()).text)

    assert "(A publisher)" in head
    assert "Our guidance" not in head


def test_path_without_a_source_labels_its_text_our_guidance(client):
    path = CareerPathFactory.create(source="")

    html = client.get(path.get_absolute_url()).text

    assert '<p class="source-line"><span class="guidance-tag">Our guidance</span></p>' in html


def test_faq_says_certification_is_important(client, seeded):
    """The answer agrees with the guide: important, for practical exposure; never "No"."""
    entry = FAQ.objects.get(question="Do I need a certification?")

    assert not entry.answer.startswith("No")
    assert "important" in entry.answer
    assert "practical exposure" in entry.answer
    assert entry.source
    assert "Source: " + entry.source in client.get(reverse("careers:faq")).text


def test_faq_labels_guidance_and_sources(client):
    FAQ.objects.create(question="Ours?", answer="Start small.", is_guidance=True)
    FAQ.objects.create(question="Theirs?", answer="It says so.", source="A publisher")
    FAQ.objects.create(question="Unlabelled?", answer="Loaded without a label.")

    html = client.get(reverse("careers:faq")).text

    entries = re.findall(r'<details class="faq-entry".*?</details>', html, re.S)
    assert "Our guidance" in entries[0]
    assert "Source: A publisher" in entries[1] and "Our guidance" not in entries[1]
    # An answer without a source is shown as guidance rather than as a sourced fact.
    assert "Our guidance" in entries[2]


def test_faq_needs_a_source_or_the_guidance_flag():
    with pytest.raises(ValidationError) as error:
        FAQ(question="Q?", answer="A.").full_clean()

    assert "source" in error.value.message_dict
    FAQ(question="Q?", answer="A.", is_guidance=True).full_clean()
    FAQ(question="Q?", answer="A.", source="A publisher").full_clean()


def test_a_path_cannot_be_its_own_variant():
    path = CareerPathFactory.create()
    path.variant_of = path

    with pytest.raises(ValidationError) as error:
        path.full_clean()

    assert "variant_of" in error.value.message_dict


def count_phrase(html: str) -> str:
    return group(r"\b(\w+) paths? in\b", html).lower()


def test_home_and_careers_count_the_same_paths(client):
    """Variants and unpublished paths are not counted; both pages say the same number."""
    first = CareerPathFactory.create(title="First")
    CareerPathFactory.create(title="Second")
    CareerPathFactory.create(title="Variant", variant_of=first)
    CareerPathFactory.create(title="Draft", is_published=False)

    careers = client.get(reverse("careers:index")).text
    home = client.get(reverse("home")).text

    assert count_phrase(careers) == count_phrase(home) == "two"
    assert "Plus one variant" in careers
    assert "Variant of" in careers


def test_seeded_home_and_careers_say_two_paths(client, seeded):
    careers = client.get(reverse("careers:index")).text
    home = client.get(reverse("home")).text

    assert count_phrase(careers) == count_phrase(home) == "two"
    assert "Three paths" not in careers


def test_resources_show_a_price_only_where_one_is_stated(client):
    Resource.objects.create(kind="tool", title="Unknown", author="Maker")
    Resource.objects.create(kind="tool", title="Stated", is_free=True)

    html = client.get(reverse("careers:resources")).text

    listed = "".join(re.findall(r'<ul class="resource-list">.*?</ul>', html, re.S))
    metas = re.findall(r'<p class="resource-meta">(.*?)</p>', listed)
    assert metas == ["Maker", "Free"]
    assert "Paid" not in listed


def test_seeding_again_corrects_what_an_earlier_seed_wrote(seeded):
    """Values the previous content loaded are replaced; the rows keep their identity."""
    old_answer = (
        "No. A certification helps when it closes a real gap and gives you a project to "
        "show. Run the [skill-gap check](/careers/skill-gap/) first, then pick a course by "
        "the gaps it covers, the time and money it takes, and what its alumni say."
    )
    FAQ.objects.filter(question="Do I need a certification?").update(answer=old_answer, source="")
    Certification.objects.filter(slug="cpm-aipmm").update(level="practitioner")
    Certification.objects.filter(slug="safe-popm").update(provider="Scaled Agile")
    Resource.objects.filter(kind="tool", title="Jira").update(author="Atlassian", is_free=True)
    before = Certification.objects.get(slug="cpm-aipmm").pk

    seed_careers([])

    entry = FAQ.objects.get(question="Do I need a certification?")
    assert entry.answer.startswith("The guide calls certification important")
    assert entry.source
    aipmm = Certification.objects.get(slug="cpm-aipmm")
    assert (aipmm.pk, aipmm.level) == (before, "")
    assert Certification.objects.get(slug="safe-popm").provider == "KnowledgeHut"
    jira = Resource.objects.get(kind="tool", title="Jira")
    assert (jira.author, jira.is_free) == ("", None)


def test_seeding_again_keeps_what_an_admin_wrote(seeded):
    """A value no seed ever wrote is an editor's: seed_demo leaves it alone."""
    Certification.objects.filter(slug="cpm-aipmm").update(level="advanced", duration_weeks=12)
    FAQ.objects.filter(question="Who can see my progress?").update(answer="Edited.")
    Resource.objects.filter(kind="tool", title="Jira").update(is_free=True, author="Edited")

    seed_careers([])

    aipmm = Certification.objects.get(slug="cpm-aipmm")
    assert (aipmm.level, aipmm.duration_weeks) == ("advanced", 12)
    assert FAQ.objects.get(question="Who can see my progress?").answer == "Edited."
    jira = Resource.objects.get(kind="tool", title="Jira")
    # is_free True was an earlier seed's value for Jira, so it goes; the author is an edit.
    assert (jira.author, jira.is_free) == ("Edited", None)


def test_api_tells_the_guide_from_our_guidance():
    """Paths name their source and the path they vary; steps carry guidance apart from body."""
    main = CareerPathFactory.create(slug="main", source="A published guide")
    variant = CareerPathFactory.create(slug="variant", variant_of=main, guidance="Ours.")
    CareerStepFactory.create(path=variant, guidance="*Advice*", duration_source="")
    api = APIClient()

    rows = {row["slug"]: row for row in api.get(reverse("api-career-paths-list")).json()["results"]}
    detail = api.get(reverse("api-career-paths-detail", args=["variant"])).json()

    assert (rows["main"]["source"], rows["main"]["variant_of"]) == ("A published guide", None)
    assert rows["variant"]["variant_of"] == "main"
    assert "Ours." in detail["guidance_html"]
    assert "<em>Advice</em>" in detail["steps"][0]["guidance_html"]
    assert detail["steps"][0]["duration_source"] == ""
