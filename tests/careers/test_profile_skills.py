"""Profiles' skills on the shared taxonomy: the picker, and the move off free text."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from careers.services import profile_skills_adopt_text
from careers.taxonomy import match_skills
from tests.jobs.factories import SkillFactory

PROFILE_URL = reverse("accounts:profile")
BEFORE = [("careers", "0002_content_progress_demand"), ("accounts", "0001_initial")]
AFTER = [("careers", "0003_profile_skills_from_text")]


@pytest.fixture
def taxonomy(db):
    return {
        "sql": SkillFactory.create(name="SQL", slug="sql", synonyms="sql queries, bigquery"),
        "research": SkillFactory.create(
            name="User research", slug="user-research", synonyms="customer interviews"
        ),
    }


def profile_post(**overrides):
    data = {
        "name": "Casey",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "5",
    }
    data.update(overrides)
    return data


def test_free_text_matches_names_slugs_and_synonyms_ignoring_case(taxonomy):
    matched, unmatched = match_skills(
        " BigQuery, user-research,Juggling , sql, , Juggling", taxonomy.values()
    )

    assert matched == [taxonomy["sql"], taxonomy["research"]]
    assert unmatched == ["Juggling"]


def test_adopting_text_links_skills_and_keeps_the_rest(candidate, taxonomy):
    candidate.skills = "SQL, customer interviews, Stand-up comedy"
    candidate.save()

    added = profile_skills_adopt_text(user=candidate)

    candidate.refresh_from_db()
    assert set(added) == set(taxonomy.values())
    assert set(candidate.profile_skills.all()) == set(taxonomy.values())
    assert candidate.skills == "Stand-up comedy"
    assert profile_skills_adopt_text(user=candidate) == []


@pytest.fixture
def migrator(transactional_db):
    """A migration executor; afterwards every app is migrated forward to its latest state."""
    yield MigrationExecutor(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_moves_matching_entries_and_keeps_the_others(migrator):
    """The data migration links each matching entry and leaves unmatched text in place."""
    migrator.migrate(BEFORE)
    apps = migrator.loader.project_state(BEFORE).apps
    Skill = apps.get_model("careers", "Skill")
    User = apps.get_model("accounts", "User")
    Skill.objects.create(name="SQL", slug="sql", synonyms="bigquery")
    Skill.objects.create(name="User research", slug="user-research")
    mixed = User.objects.create(
        email="mixed@example.com", skills="bigquery, Pottery, USER RESEARCH"
    )
    only_text = User.objects.create(email="text@example.com", skills="Pottery, Chess")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    User = apps.get_model("accounts", "User")
    Holder = apps.get_model("careers", "Skill").holders.through

    assert User.objects.get(pk=mixed.pk).skills == "Pottery"
    assert sorted(
        Holder.objects.filter(user_id=mixed.pk).values_list("skill__slug", flat=True)
    ) == ["sql", "user-research"]
    assert User.objects.get(pk=only_text.pk).skills == "Pottery, Chess"
    assert not Holder.objects.filter(user_id=only_text.pk).exists()


def test_profile_form_offers_the_taxonomy_and_keeps_other_skills(client, candidate, taxonomy):
    candidate.profile_skills.set([taxonomy["sql"]])
    candidate.skills = "Pottery"
    candidate.save()
    client.force_login(candidate)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    assert response.context["form"]["profile_skills"].value() == ["sql"]
    assert "Other skills" in response.text
    assert "Pottery" in response.text


def test_profile_post_saves_picked_skills(client, candidate, taxonomy):
    client.force_login(candidate)

    response = client.post(
        PROFILE_URL, profile_post(profile_skills=["user-research"], skills="Pottery")
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert list(candidate.profile_skills.all()) == [taxonomy["research"]]
    assert candidate.skills == "Pottery"


def test_profile_post_with_an_unknown_skill_changes_nothing(client, candidate, taxonomy):
    candidate.profile_skills.set([taxonomy["sql"]])
    client.force_login(candidate)

    response = client.post(PROFILE_URL, profile_post(profile_skills=["juggling"], name="New"))

    assert response.status_code == 400
    assert response.context["form"].errors["profile_skills"]
    candidate.refresh_from_db()
    assert list(candidate.profile_skills.all()) == [taxonomy["sql"]]
    assert candidate.name != "New"


def test_profile_skills_belong_to_their_user(client, candidate, recruiter, taxonomy):
    recruiter.profile_skills.set([taxonomy["sql"]])
    client.force_login(candidate)

    client.post(PROFILE_URL, profile_post(profile_skills=["user-research"]))

    assert list(recruiter.profile_skills.all()) == [taxonomy["sql"]]
