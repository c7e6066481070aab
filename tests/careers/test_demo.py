"""seed_demo loads the career guides of the domain notes once and keeps admins' edits."""

import io
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from careers.models import (
    FAQ,
    CareerPath,
    CareerStep,
    Certification,
    ChecklistItem,
    Resource,
    ResourceKind,
    RoleLevel,
    SkillDemand,
)

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", allow_production=not settings.EMBEDDED, stdout=io.StringIO())


def counts():
    models = (CareerPath, CareerStep, ChecklistItem, RoleLevel, Certification, Resource, FAQ)
    return [model.objects.count() for model in models]


def test_seed_loads_two_paths_and_the_engineers_variant_with_their_steps():
    """Six steps from inside product work, four for switchers, nine for engineers (a variant)."""
    seed()

    steps = {path.slug: path.steps.count() for path in CareerPath.objects.prefetch_related("steps")}
    assert steps == {"from-product-work": 6, "switching-careers": 4, "engineering-to-product": 9}
    variants = CareerPath.objects.filter(variant_of__isnull=False)
    assert list(variants.values_list("slug", "variant_of__slug")) == [
        ("engineering-to-product", "from-product-work")
    ]
    assert not CareerStep.objects.filter(checklist__isnull=True).exists()


def test_seed_loads_the_ladder_from_associate_to_cpo():
    seed()

    ladder = list(RoleLevel.objects.select_related("next_level"))
    assert [rung.level for rung in ladder] == [
        "entry",
        "mid",
        "senior",
        "lead",
        "director",
        "vp",
        "executive",
    ]
    assert all(rung.next_level == upper for rung, upper in zip(ladder, ladder[1:], strict=False))
    assert ladder[-1].next_level is None


def test_seed_certifications_leave_the_unconfirmed_provider_blank():
    seed()

    assert Certification.objects.count() == 5
    assert Certification.objects.get(slug="acpma").provider == ""
    assert Certification.objects.get(slug="cpoa").skills.exists()


def test_seed_resources_fill_every_kind_with_its_publishers():
    """Six courses, guides and templates each, every one naming its publisher; ten books."""
    seed()

    per_kind = Counter(Resource.objects.values_list("kind", flat=True))
    assert set(per_kind) == set(ResourceKind.values)
    assert [per_kind["course"], per_kind["guide"], per_kind["template"]] == [6, 6, 6]
    assert per_kind["book"] == 10
    assert Resource.objects.filter(kind="tool", title="Infinity").exists()
    assert not Resource.objects.filter(kind__in=["course", "guide", "template"], author="").exists()


def test_seed_links_the_demo_candidates_skills_and_computes_demand():
    seed()

    candidate = User.objects.get(email="candidate@example.com")
    assert {s.slug for s in candidate.profile_skills.all()} == {
        "sql",
        "stakeholder-management",
        "user-research",
    }
    assert candidate.skills == ""
    assert SkillDemand.objects.filter(level="").exists()


def test_seed_twice_adds_nothing_and_keeps_edits():
    seed()
    before = counts()
    Certification.objects.filter(slug="acpma").update(provider="Confirmed by an admin")

    seed()

    assert counts() == before
    assert Certification.objects.get(slug="acpma").provider == "Confirmed by an admin"
