"""Factories for career content: paths, steps, checklist items, certifications, resources."""

import factory

from careers.models import (
    CareerPath,
    CareerStep,
    Certification,
    CertificationFormat,
    ChecklistItem,
    Resource,
    ResourceKind,
    RoleLevel,
)


class CareerPathFactory(factory.django.DjangoModelFactory[CareerPath]):
    class Meta:
        model = CareerPath

    title = factory.Sequence(lambda n: f"Path {n}")
    slug = factory.Sequence(lambda n: f"path-{n}")
    audience = "People who want to try the factory path."
    summary = factory.Faker("sentence")
    body = "Intro **in Markdown**."
    order = factory.Sequence(int)


class CareerStepFactory(factory.django.DjangoModelFactory[CareerStep]):
    class Meta:
        model = CareerStep

    path = factory.SubFactory(CareerPathFactory)
    order = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Step {n}")
    slug = factory.Sequence(lambda n: f"step-{n}")
    summary = factory.Faker("sentence")
    body = "Do the **thing**."
    typical_duration = "2 weeks"


class ChecklistItemFactory(factory.django.DjangoModelFactory[ChecklistItem]):
    class Meta:
        model = ChecklistItem

    step = factory.SubFactory(CareerStepFactory)
    text = factory.Sequence(lambda n: f"Action {n}")
    order = factory.Sequence(int)


class CertificationFactory(factory.django.DjangoModelFactory[Certification]):
    class Meta:
        model = Certification

    name = factory.Sequence(lambda n: f"Certificate {n}")
    slug = factory.Sequence(lambda n: f"certificate-{n}")
    provider = "Institute"
    url = "https://example.com/cert"
    format = CertificationFormat.ONLINE
    duration_weeks = 10
    cost = 50_000
    currency = "GBP"


class ResourceFactory(factory.django.DjangoModelFactory[Resource]):
    class Meta:
        model = Resource

    kind = ResourceKind.BOOK
    title = factory.Sequence(lambda n: f"Book {n}")
    author = factory.Faker("name")


class RoleLevelFactory(factory.django.DjangoModelFactory[RoleLevel]):
    class Meta:
        model = RoleLevel
        django_get_or_create = ("level",)

    level = "mid"
    title = "Product Manager"
    owns = "A product area."
    competencies = "- Prioritizes"
