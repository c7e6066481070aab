"""Posting cards: what a card or API row reads along with its postings."""

import pytest

from jobs.models import JobPosting
from jobs.search import cards
from tests.jobs.factories import PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def postings():
    """Three postings: two sharing some skills out of name order, one with none."""
    sql, research, roadmaps = (
        SkillFactory.create(name="SQL", slug="sql", category="technical"),
        SkillFactory.create(name="User research", slug="user-research"),
        SkillFactory.create(name="Roadmapping", slug="roadmapping"),
    )
    first, second, bare = PostingFactory.create_batch(3)
    first.skills.set([research, sql, roadmaps])
    second.skills.set([sql])
    return [first, second, bare]


def board():
    return cards(JobPosting.objects.on_board())


def test_cards_carry_each_postings_skills_by_name(postings):
    """A card holds a posting's own skills in name order, and none without any."""
    shown = {posting.pk: posting for posting in board()}

    for posting in postings:
        expected = [(s.name, s.slug) for s in posting.skills.order_by("name")]
        assert [(s.name, s.slug) for s in shown[posting.pk].skills.all()] == expected
    assert list(shown[postings[2].pk].skills.all()) == []


def test_card_skills_load_only_name_and_slug(postings, django_assert_num_queries):
    """A card's skill defers what cards never show, and reads it from the database if asked."""
    card = board().get(pk=postings[1].pk)
    (skill,) = card.skills.all()

    assert skill.get_deferred_fields() == {"category", "description", "synonyms"}
    with django_assert_num_queries(1):
        assert skill.category == "technical"


@pytest.mark.parametrize("read", [list, lambda rows: rows.first(), lambda rows: rows[:2][1]])
def test_cards_cost_two_queries_however_read(postings, read, django_assert_num_queries):
    """Postings and their companies in one query, every card's skills in a second."""
    with django_assert_num_queries(2):
        shown = read(board())
        for posting in shown if isinstance(shown, list) else [shown]:
            assert posting.company.name
            list(posting.skills.all())


def test_keys_of_cards_read_no_skills(postings, django_assert_num_queries):
    """A list of keys, as a page's subquery of its postings, reads the postings alone."""
    with django_assert_num_queries(1):
        keys = list(board().values_list("pk", flat=True))

    assert sorted(keys) == sorted(posting.pk for posting in postings)


def test_no_cards_cost_one_query(django_assert_num_queries):
    """With no postings there are no skills to read."""
    with django_assert_num_queries(1):
        assert list(board()) == []
