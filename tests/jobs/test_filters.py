"""Each search's filter set works on filters of its own, though they are copied lightly."""

import pytest
from django.http import QueryDict

from jobs.filters import PostingFilter
from jobs.models import JobPosting
from tests.jobs.factories import PostingFactory

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


def test_a_method_filter_reads_its_own_search():
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
    """Copies share the class's fields then, and only read them."""
    senior = PostingFactory.create(level="senior", title="Senior Product Manager")
    lead = PostingFactory.create(level="lead", title="Lead Product Manager")

    assert list(search("level=senior").qs) == [senior]
    assert list(search("level=lead").qs) == [lead]
    assert list(search("level=senior&level=lead").qs.order_by("pk")) == [senior, lead]
