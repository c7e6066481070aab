"""Synthetic postings for the demo board and benchmarks, and their bulk loader."""

import io
import random
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from careers.demo import seed_skills
from core.taxonomy import annualize
from jobs.generator import TITLE_DECKS, company_pool, generate
from jobs.models import JobPosting
from jobs.services.bulk import postings_bulk_insert
from tests.jobs.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def make(count, seed, source="synthetic"):
    companies = [CompanyFactory.create(country="US"), CompanyFactory.create(country="IN")]
    skill_ids = [skill.pk for skill in seed_skills()]
    return list(
        generate(
            count=count,
            seed=seed,
            companies=companies,
            skill_ids=skill_ids,
            now=timezone.now(),
            source=source,
        )
    )


def test_same_seed_gives_the_same_postings():
    """Benchmarks are repeatable: a seed fixes titles, salaries and skills."""
    first = [(p.title, p.salary_min, p.salary_max, s) for p, s in make(30, seed=7)]
    second = [(p.title, p.salary_min, p.salary_max, s) for p, s in make(30, seed=7)]
    other = [(p.title, p.salary_min, p.salary_max, s) for p, s in make(30, seed=8)]
    assert first == second
    assert first != other


def test_a_title_comes_back_only_after_its_level_has_run_through_its_deck():
    """Titles are dealt per level: within the first deck of each level none repeats."""
    rows = make(300, seed=2)
    by_level = Counter(posting.level for posting, _ in rows)
    titles = Counter((posting.level, posting.title) for posting, _ in rows)
    for (level, title), times in titles.items():
        assert times == 1 or by_level[level] > len(TITLE_DECKS[level]), (level, title)


@pytest.mark.parametrize("count", [30, 400])
def test_company_pool_names_every_company_differently(count):
    """Company names never collide, also past the number of distinct name stems."""
    names = [spec.name for spec in company_pool(random.Random(4), count)]
    assert len(set(names)) == count


def test_generated_salaries_are_ranges_in_the_local_currency():
    """Each posting has min <= max, a currency matching its country and 3-6 skills."""
    rows = make(200, seed=1)
    currencies = {"US": "USD", "IN": "INR", "GB": "GBP"}
    for posting, skill_ids in rows:
        assert 0 < posting.salary_min <= posting.salary_max
        if posting.country in currencies:
            assert posting.salary_currency == currencies[posting.country]
        assert 3 <= len(skill_ids) <= 6


def test_postings_past_their_validity_are_expired():
    """Only postings whose valid_through is ahead are published."""
    now = timezone.now()
    for posting, _ in make(100, seed=3):
        expected = "published" if posting.valid_through > now else "expired"
        assert posting.status == expected
        assert posting.valid_through - posting.posted_at == timedelta(days=60)


def test_bulk_insert_fills_the_derived_fields():
    """Annualized salaries, skill names, dedupe key and HTML are set without save()."""
    inserted = postings_bulk_insert(make(12, seed=5), batch_size=5)
    assert inserted == 12
    posting = JobPosting.objects.earliest("pk")
    assert posting.salary_max_annual == annualize(posting.salary_max, posting.salary_period)
    assert posting.skills.count() == len(posting.skills_text.split(", "))
    assert len(posting.dedupe_key) == 64
    assert posting.description_html.startswith("<p>")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="tsvector exists on PostgreSQL")
def test_bulk_insert_leaves_the_search_vector_to_the_database():
    """On PostgreSQL the trigger fills search_vector for bulk-loaded live rows, only them."""
    postings_bulk_insert(make(20, seed=9))
    live = JobPosting.objects.on_board()
    assert 0 < live.count() < 20
    assert not live.filter(search_vector__isnull=True).exists()
    assert not JobPosting.objects.exclude(pk__in=live).filter(search_vector__isnull=False).exists()


def test_generate_postings_command_loads_and_refuses_a_repeat():
    """generate_postings loads N postings; the same seed twice is refused, not duplicated."""
    out = io.StringIO()
    call_command("generate_postings", count=25, seed=11, stdout=out)
    assert "generated 25 postings" in out.getvalue()
    assert JobPosting.objects.filter(source="synthetic-11").count() == 25
    with pytest.raises(CommandError):
        call_command("generate_postings", count=25, seed=11, stdout=io.StringIO())
    assert JobPosting.objects.filter(source="synthetic-11").count() == 25


def test_generate_postings_refuses_a_zero_count():
    """A count below one is a usage error."""
    with pytest.raises(CommandError):
        call_command("generate_postings", count=0, stdout=io.StringIO())


def test_demo_applications_are_seeded_once(django_user_model):
    """seed_demo gives the demo candidate two applications, and only two however often run."""
    call_command("seed_demo", allow_production=not settings.EMBEDDED, stdout=io.StringIO())
    call_command("seed_demo", allow_production=not settings.EMBEDDED, stdout=io.StringIO())
    candidate = django_user_model.objects.get(email="candidate@example.com")
    applications = candidate.applications.all()
    assert applications.count() == 2
    assert all(a.resume.read(5) == b"%PDF-" for a in applications)
