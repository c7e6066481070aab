"""The job board's list selectors: what a card or API row reads along with its postings."""

import pytest

from jobs import selectors
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


def test_cards_carry_each_postings_skills_by_name(postings):
    """``skill_list`` holds a posting's own skills in name order, and is empty without any."""
    cards = {posting.pk: posting for posting in selectors.board_postings()}

    for posting in postings:
        expected = [(s.name, s.slug) for s in posting.skills.order_by("name")]
        assert [(s.name, s.slug) for s in cards[posting.pk].skill_list] == expected
    assert cards[postings[2].pk].skill_list == []


def test_card_skills_load_only_name_and_slug(postings, django_assert_num_queries):
    """A card's skill defers what cards never show, and reads it from the database if asked."""
    card = selectors.board_postings().get(pk=postings[1].pk)
    (skill,) = card.skill_list

    assert skill.get_deferred_fields() == {"category", "description", "synonyms"}
    with django_assert_num_queries(1):
        assert skill.category == "technical"


@pytest.mark.parametrize("read", [list, lambda cards: cards.first(), lambda cards: cards[:2][1]])
def test_cards_cost_two_queries_however_read(postings, read, django_assert_num_queries):
    """Postings and their companies in one query, every card's skills in a second."""
    with django_assert_num_queries(2):
        read(selectors.board_postings())


def test_keys_of_cards_read_no_skills(postings, django_assert_num_queries):
    """A list of keys, as a page's subquery of its postings, reads the postings alone."""
    with django_assert_num_queries(1):
        keys = list(selectors.board_postings().values_list("pk", flat=True))

    assert sorted(keys) == sorted(posting.pk for posting in postings)


def test_no_cards_cost_one_query(django_assert_num_queries):
    """With no postings there are no skills to read."""
    with django_assert_num_queries(1):
        assert list(selectors.board_postings()) == []
