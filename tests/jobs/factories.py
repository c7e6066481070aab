from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from careers.models import Skill
from core.taxonomy import CompanySize, Industry, SalaryPeriod
from jobs.domain import PostingStatus
from jobs.models import Application, Company, JobPosting
from jobs.taxonomy import infer_level, infer_technical
from tests.accounts.factories import UserFactory

PM_TITLES = [
    "Product Manager",
    "Senior Product Manager",
    "Associate Product Manager",
    "Technical Product Manager",
    "Lead Product Manager, Payments",
    "Director of Product",
    "Group Product Manager",
    "Product Manager, Growth",
]


class CompanyFactory(factory.django.DjangoModelFactory[Company]):
    class Meta:
        model = Company

    name = factory.Faker("company")
    slug = factory.Sequence(lambda n: f"company-{n}")
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.com")
    industry = Industry.SOFTWARE
    size = CompanySize.SMALL_MID
    country = "GB"


class SkillFactory(factory.django.DjangoModelFactory[Skill]):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class PostingFactory(factory.django.DjangoModelFactory[JobPosting]):
    """A published posting with a yearly salary range; pass status=... for others."""

    class Meta:
        model = JobPosting

    title = factory.Iterator(PM_TITLES)
    slug = factory.Sequence(lambda n: f"posting-{n}")
    company = factory.SubFactory(CompanyFactory)
    description = factory.Faker("paragraph", nb_sentences=6)
    level = factory.LazyAttribute(lambda o: infer_level(o.title))
    technical = factory.LazyAttribute(lambda o: infer_technical(o.title))
    country = "GB"
    city = "London"
    salary_min = 6_000_000
    salary_max = 8_000_000
    salary_currency = "GBP"
    salary_period = SalaryPeriod.YEAR
    status = PostingStatus.PUBLISHED
    posted_at = factory.LazyFunction(timezone.now)
    valid_through = factory.LazyAttribute(lambda o: o.posted_at + timedelta(days=60))


class ApplicationFactory(factory.django.DjangoModelFactory[Application]):
    """A new application with a small PDF résumé, to a published posting."""

    class Meta:
        model = Application

    posting = factory.SubFactory(PostingFactory)
    candidate = factory.SubFactory(UserFactory)
    cover_note = factory.Faker("paragraph", nb_sentences=4)
    resume = factory.django.FileField(data=b"%PDF-1.7\n%%EOF\n", filename="resume.pdf")
    resume_name = "CV.pdf"
