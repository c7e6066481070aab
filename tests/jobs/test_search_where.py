"""``BoardQuery.where``: a place or workplace as a visitor types it, on either database."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.taxonomy import RemotePolicy
from jobs.search import BoardQuery, board_page
from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture
def places():
    """One live posting per place, named by its title."""
    for title, fields in {
        "berlin": {"country": "DE", "city": "Berlin"},
        "munich": {"country": "DE", "city": "Munich", "remote_policy": RemotePolicy.HYBRID},
        "berlin-remote": {"country": "DE", "city": "Berlin", "remote_policy": RemotePolicy.REMOTE},
        "london": {"country": "GB", "city": "London"},
        "london-remote": {"country": "GB", "city": "London", "remote_policy": RemotePolicy.REMOTE},
        "san-francisco": {"country": "US", "city": "San Francisco", "region": "CA"},
        "austin": {"country": "US", "city": "Austin", "region": "TX"},
        "toronto": {"country": "CA", "city": "Toronto", "region": "ON"},
        "dover": {"country": "US", "city": "Dover", "region": "DE"},
    }.items():
        PostingFactory.create(title=title, **fields)


def found(where: str) -> set[str]:
    query = BoardQuery.from_form({"where": where}, now=NOW)
    return {posting.title for posting in board_page(query, size=50).items}


@pytest.mark.parametrize(
    ("where", "titles"),
    [
        ("Berlin", {"berlin", "berlin-remote"}),
        ("BERLIN", {"berlin", "berlin-remote"}),
        ("Germany", {"berlin", "munich", "berlin-remote"}),
        ("germany", {"berlin", "munich", "berlin-remote"}),
        ("Berlin, Germany", {"berlin", "berlin-remote"}),
        ("United Kingdom", {"london", "london-remote"}),
        ("UK", {"london", "london-remote"}),
        ("GB", {"london", "london-remote"}),
        ("Austin, TX", {"austin"}),
        ("TX", {"austin"}),
        ("tx", {"austin"}),
        ("ON", {"toronto"}),
    ],
)
def test_where_finds_a_city_region_or_country(places, where, titles):
    assert found(where) == titles


def test_a_code_of_a_state_and_a_country_finds_both(places):
    """A bare "CA" is California and Canada; "DE" is Germany and Delaware."""
    assert found("CA") == {"san-francisco", "toronto"}
    assert found("DE") == {"berlin", "munich", "berlin-remote", "dover"}


@pytest.mark.parametrize(
    ("where", "titles"),
    [
        ("remote", {"berlin-remote", "london-remote"}),
        ("Remote", {"berlin-remote", "london-remote"}),
        ("hybrid", {"munich"}),
        ("Remote - Germany", {"berlin-remote"}),
        ("London (remote)", {"london-remote"}),
        ("remote, UK", {"london-remote"}),
    ],
)
def test_where_finds_remote_or_hybrid_work_anywhere_or_in_a_place(places, where, titles):
    assert found(where) == titles


@pytest.mark.parametrize("where", ["Narnia", "Remoteville", "Atlantis, Narnia"])
def test_a_place_the_board_does_not_know_finds_nothing(places, where):
    assert found(where) == set()


def test_where_combines_with_the_other_filters(places):
    query = BoardQuery.from_form({"where": "Germany", "remote_policy": ["hybrid"]}, now=NOW)
    assert [posting.title for posting in board_page(query).items] == ["munich"]


def test_blank_where_filters_nothing(places):
    assert BoardQuery.from_form({"where": "  "}, now=NOW).where == ""
    assert len(found("")) == 9


def test_where_is_read_from_the_form_trimmed():
    assert BoardQuery.from_form({"where": " Berlin "}, now=NOW).where == "Berlin"


def test_where_compares_the_columns_the_board_indexes(places):
    """A city or country is compared on its column; a region only beside its country, so no
    search reads the region of every posting."""
    berlin = _conditions("Berlin")
    assert '."city"' in berlin
    assert '"region"' not in berlin
    texas = _conditions("TX")
    assert '"region"' in texas
    assert '."country" = ' in texas


def _conditions(where: str) -> str:
    """The WHERE clause of the query that picks a page's postings for ``where``."""
    query = BoardQuery.from_form({"where": where}, now=NOW)
    with CaptureQueriesContext(connection) as queries:
        board_page(query)
    return queries.captured_queries[0]["sql"].split(" WHERE ", 1)[1]
