"""Skill demand: counted from live postings per level, stored, and refreshed by a task."""

from collections import Counter

import pytest
from django.utils import timezone

from careers import tasks
from careers.models import DemandSnapshot, SkillDemand
from careers.services import skill_demand_refresh
from jobs.domain import PostingStatus
from jobs.models import JobPosting
from salaries.services import benchmarks_refresh
from tests.jobs.factories import PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db


def posting(skills, *, level="mid", **kwargs):
    made = PostingFactory.create(level=level, **kwargs)
    made.skills.set(skills)
    return made


def stored(level=""):
    return {
        row.skill.slug: (row.postings, row.sample_size)
        for row in SkillDemand.objects.filter(level=level).select_related("skill")
    }


def test_refresh_counts_each_skill_over_live_postings():
    """Each skill's count is the number of published postings asking for it; n is all of them."""
    sql, research, roadmaps = (SkillFactory.create(name=n) for n in ("SQL", "Research", "Roadmaps"))
    posting([sql, research])
    posting([sql])
    posting([])

    result = skill_demand_refresh()

    assert result.sample_size == 3
    assert stored() == {"sql": (2, 3), "research": (1, 3)}


def test_refresh_leaves_out_postings_not_on_the_board(company):
    """Drafts, pending, expired and detected duplicates count neither as demand nor in n."""
    sql = SkillFactory.create(name="SQL")
    original = posting([sql])
    for status in (PostingStatus.DRAFT, PostingStatus.PENDING, PostingStatus.EXPIRED):
        posting([sql], status=status)
    posting([sql], duplicate_of=original)

    skill_demand_refresh()

    assert stored() == {"sql": (1, 1)}


def test_refresh_counts_per_level_with_that_levels_sample_size():
    """Per-level rows divide by the number of live postings at that level only."""
    sql, research = SkillFactory.create(name="SQL"), SkillFactory.create(name="Research")
    posting([sql], level="senior")
    posting([sql, research], level="senior")
    posting([research], level="entry")
    posting([], level="entry")
    posting([], level="entry")

    skill_demand_refresh()

    assert stored("senior") == {"sql": (2, 2), "research": (1, 2)}
    assert stored("entry") == {"research": (1, 3)}
    assert DemandSnapshot.objects.get(level="entry").sample_size == 3
    assert DemandSnapshot.objects.get(level="").sample_size == 5


def test_refresh_matches_an_independent_count():
    """Over a mixed board, stored shares equal a count made in Python from the postings."""
    skills = [SkillFactory.create(name=f"Skill {n}") for n in range(6)]
    for index in range(30):
        posting(skills[index % 6 : index % 6 + index % 4], level=["mid", "senior"][index % 2])
    posting(skills, status=PostingStatus.DRAFT)

    skill_demand_refresh()

    live = list(JobPosting.objects.on_board().prefetch_related("skills"))
    expected = Counter(skill.slug for p in live for skill in p.skills.all())
    assert stored() == {slug: (n, len(live)) for slug, n in expected.items()}


def test_refresh_replaces_the_previous_figures():
    """A skill no live posting asks for any more loses its row; nothing stale stays."""
    sql, research = SkillFactory.create(name="SQL"), SkillFactory.create(name="Research")
    first = posting([sql])
    skill_demand_refresh()
    first.status = PostingStatus.EXPIRED
    first.save()
    posting([research])

    skill_demand_refresh()

    assert stored() == {"research": (1, 1)}


def test_refresh_on_an_empty_board_stores_a_zero_sample():
    """With no live postings there is no demand, and the snapshot says n = 0."""
    SkillFactory.create(name="SQL")

    assert skill_demand_refresh().sample_size == 0

    assert not SkillDemand.objects.exists()
    assert DemandSnapshot.objects.get(level="").sample_size == 0


def test_task_refreshes_and_returns_the_sample_size():
    """The periodic task runs the refresh and reports how many postings it covered."""
    posting([SkillFactory.create(name="SQL")])

    assert tasks.refresh_skill_demand.delay().get() == 1

    assert stored() == {"sql": (1, 1)}


def test_task_is_scheduled(settings):
    """Celery beat runs the refresh periodically."""
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "careers.tasks.refresh_skill_demand" in tasks_scheduled


def test_skill_demand_and_market_insights_read_one_definition_of_live():
    """Both leave out drafts and duplicates; an expired posting went live but is live no more.

    Skill demand counts the postings on the board now; the insights' top skills count those
    plus the ones closed since, and nothing else.
    """
    sql = SkillFactory.create(name="SQL")
    original = posting([sql])
    posting([sql], duplicate_of=original)
    posting([sql], status=PostingStatus.DRAFT)
    expired = posting([sql], status=PostingStatus.EXPIRED)

    skill_demand_refresh()
    insights = benchmarks_refresh(now=timezone.now(), rebuild_observations=True).insights

    assert list(JobPosting.objects.on_board().values_list("pk", flat=True)) == [original.pk]
    assert set(JobPosting.objects.went_live().values_list("pk", flat=True)) == {
        original.pk,
        expired.pk,
    }
    assert stored() == {"sql": (1, 1)}
    assert [(skill["slug"], skill["postings"]) for skill in insights["skills"]] == [("sql", 2)]
