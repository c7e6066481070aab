"""The plain-row loader behind generate_postings: the postings of the model path, faster."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection

from careers.demo import seed_skills
from jobs.generator import generate, posting_rows
from jobs.models import JobPosting
from jobs.services.bulk import postings_bulk_insert, postings_load
from tests.jobs.factories import CompanyFactory

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
# Columns that name the load itself rather than describe the posting.
PER_LOAD = {"id", "slug", "source", "external_id", "apply_url", "apply_email", "updated_at"}


def arguments(source: str, companies: list, count: int = 40) -> dict:
    skill_ids = [skill.pk for skill in seed_skills()]
    return {
        "count": count,
        "seed": 3,
        "companies": companies,
        "skill_ids": skill_ids,
        "now": NOW,
        "source": source,
    }


def stored(source: str) -> list[tuple]:
    columns = [f.attname for f in JobPosting._meta.concrete_fields if f.attname not in PER_LOAD]
    postings = JobPosting.objects.filter(source=source).order_by("pk").prefetch_related("skills")
    return [
        (*(getattr(p, name) for name in columns), sorted(s.pk for s in p.skills.all()))
        for p in postings
    ]


@pytest.mark.django_db
def test_rows_are_the_generated_postings():
    """posting_rows yields the field values generate() puts on its instances, in order."""
    companies = [CompanyFactory.create(country="US"), CompanyFactory.create(country="IN")]
    instances = list(generate(**arguments("a", companies)))
    rows = list(posting_rows(**arguments("a", companies)))
    assert len(rows) == len(instances) == 40
    for (posting, skills), (company, fields, row_skills) in zip(instances, rows, strict=True):
        assert company == posting.company
        assert row_skills == skills
        assert fields == {name: getattr(posting, name) for name in fields}


@pytest.mark.django_db
def test_loaded_rows_equal_bulk_inserted_postings():
    """Loading plain rows stores what bulk-inserting instances stores, derived fields included."""
    companies = [CompanyFactory.create(country="US"), CompanyFactory.create(country="GB")]
    assert postings_bulk_insert(generate(**arguments("instances", companies))) == 40
    assert postings_load(posting_rows(**arguments("rows", companies)), batch_size=15) == 40
    assert stored("rows") == stored("instances")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel COPY is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_parallel_load_commits_every_batch():
    """Over two connections, every batch lands with its skills, and with its search vector
    when the posting is live."""
    companies = [CompanyFactory.create(country="US"), CompanyFactory.create(country="DE")]
    rows = posting_rows(**arguments("parallel", companies, count=23))
    assert postings_load(rows, batch_size=5, connections=2) == 23
    postings = JobPosting.objects.filter(source="parallel")
    assert postings.count() == 23
    live = postings.on_board()
    assert 0 < live.count() < 23
    assert not live.filter(search_vector__isnull=True).exists()
    assert not postings.exclude(pk__in=live).filter(search_vector__isnull=False).exists()
    assert all(3 <= len(p.skills.all()) <= 6 for p in postings.prefetch_related("skills"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel COPY is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_parallel_load_stops_at_a_refused_batch():
    """A batch the database refuses raises in the caller, and its rows are not stored."""
    companies = [CompanyFactory.create(country="US")]
    rows = list(posting_rows(**arguments("broken", companies, count=12)))
    rows[7][1]["salary_min"] = rows[7][1]["salary_max"] + 1
    with pytest.raises(IntegrityError):
        postings_load(iter(rows), batch_size=5, connections=2)
    stored_ids = set(
        JobPosting.objects.filter(source="broken").values_list("external_id", flat=True)
    )
    assert "broken-7" not in stored_ids
    assert "broken-5" not in stored_ids
