"""Each search's filter set works on filters of its own, and searches with them alone."""

import pytest
from django.http import QueryDict

from jobs.filters import PostingFilter
from jobs.models import JobPosting
from tests.jobs.factories import PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db


def search(query: str) -> PostingFilter:
    filterset = PostingFilter(QueryDict(query), queryset=JobPosting.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset


def test_each_filter_set_has_filters_of_its_own():
    """Two searches share no filter, and every filter answers to its own filter set."""
    first, second = search("level=senior"), search("level=lead")

    for name, base in PostingFilter.base_filters.items():
        assert len({id(first.filters[name]), id(second.filters[name]), id(base)}) == 3
        assert first.filters[name].parent is first
        assert second.filters[name].parent is second
        assert first.filters[name].extra is not second.filters[name].extra
        assert not hasattr(base, "parent")


def test_a_salary_filter_reads_its_own_search():
    """A salary filter takes the currency of its own search, whichever searched last."""
    pounds = PostingFactory.create(salary_currency="GBP")
    dollars = PostingFactory.create(salary_currency="USD")
    in_pounds = search("salary_at_least=1&currency=GBP")
    in_dollars = search("salary_at_least=1&currency=USD")

    assert list(in_pounds.qs) == [pounds]
    assert list(in_dollars.qs) == [dollars]


@pytest.fixture
def class_filters_with_fields():
    """The class's filters with their form fields built, as the API schema builds them."""
    for base in PostingFilter.base_filters.values():
        base.field  # noqa: B018 (building the field is the point)
    yield
    for base in PostingFilter.base_filters.values():
        del base._field


@pytest.mark.usefixtures("class_filters_with_fields")
def test_searches_stay_apart_once_the_filters_built_their_fields():
    """Searches made after the API schema built the class's fields still stay apart."""
    senior = PostingFactory.create(level="senior", title="Senior Product Manager")
    lead = PostingFactory.create(level="lead", title="Lead Product Manager")

    assert list(search("level=senior").qs) == [senior]
    assert list(search("level=lead").qs) == [lead]
    assert list(search("level=senior&level=lead").qs.order_by("pk")) == [senior, lead]


def test_filters_on_the_posting_and_its_company_ask_for_no_distinct_rows():
    """Several values of a posting's or its company's field select each posting once.

    Only a filter through a many-to-many link (skills) can repeat a posting; DISTINCT
    elsewhere only makes the database aggregate every match before it sorts them.
    """
    query = (
        "level=senior&level=lead&remote_policy=remote&remote_policy=hybrid"
        "&employment_type=full_time&employment_type=contract"
        "&industry=bfsi&industry=software&company_size=startup&company_size=enterprise"
    )
    wanted = PostingFactory.create(
        level="lead",
        remote_policy="hybrid",
        employment_type="contract",
        company__industry="software",
        company__size="startup",
    )
    PostingFactory.create(level="mid", company__industry="software", company__size="startup")

    results = search(query).qs

    assert not results.query.distinct
    assert list(results) == [wanted]


def test_a_posting_with_several_chosen_skills_is_listed_once():
    """Skills are the one filter that joins several rows per posting."""
    posting = PostingFactory.create()
    posting.skills.set([SkillFactory.create(slug="sql"), SkillFactory.create(slug="ab-testing")])

    assert list(search("skills=sql&skills=ab-testing").qs) == [posting]
