"""The pieces the job board and the gig board share: page position, filter forms, the view."""

from typing import cast

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails
from rest_framework.test import APIClient

from core.boards import board_context, results_template, status, without_position
from core.http import HtmxHttpRequest
from core.pagination import MatchCount, PagePosition, page_position
from gigs.filters import GigFilter, GigFilterForm
from gigs.search import gig_count, gig_page
from jobs.filters import PostingFilter, PostingFilterForm
from tests.gigs.factories import GigFactory

HUGE = "99999999999999999999999"
# Each board's filter set, and the name and noun of its amount filter.
BOARDS = [(PostingFilter, "salary_at_least", "salary"), (GigFilter, "budget_at_least", "budget")]


def test_page_position_reads_cursor_and_page():
    """A board link carries a cursor or a page number; both are read as they are."""
    assert page_position(QueryDict("cursor=abc&page=3")) == PagePosition(cursor="abc", page=3)


def test_page_position_defaults_to_the_first_page():
    assert page_position(QueryDict("q=pm")) == PagePosition(cursor=None, page=1)


@pytest.mark.parametrize("page", [HUGE, "0", "-1", "1001", "two", "1.5"])
def test_page_position_reads_a_number_links_never_carry_as_the_first_page(page):
    """The board's own links never carry such a page, so it is the first page, not an error."""
    assert page_position(QueryDict(f"page={page}")).page == 1


def test_without_position_drops_the_page_position_and_keeps_the_filters():
    data = QueryDict("q=prd&cursor=abc&page=2&category=discovery")
    assert without_position(data) == "q=prd&category=discovery"


@pytest.mark.parametrize(
    ("htmx", "valid", "code"), [(False, True, 200), (False, False, 400), (True, False, 200)]
)
def test_status_is_400_for_invalid_filters_except_to_htmx(htmx, valid, code):
    """htmx swaps no 4xx answer, so its invalid searches answer 200 with their errors."""
    headers = {"HX-Request": "true"} if htmx else {}
    request = cast(HtmxHttpRequest, RequestFactory().get("/gigs/", headers=headers))
    request.htmx = HtmxDetails(request)
    assert status(request, valid=valid) == code


@pytest.mark.parametrize(
    ("form_class", "amount"),
    [(PostingFilterForm, "salary_at_least"), (GigFilterForm, "budget_at_least")],
)
def test_with_currency_fills_in_the_currency_of_an_amount_without_one(form_class, amount):
    filled = form_class.with_currency(QueryDict(f"{amount}=10&q=pm"), lambda: "EUR")
    assert filled.dict() == {amount: "10", "q": "pm", "currency": "EUR"}


@pytest.mark.parametrize(
    "query", ["q=pm", "salary_at_least=&currency=", "salary_at_least=10&currency=GBP"]
)
def test_with_currency_leaves_a_chosen_currency_or_no_amount_alone(query):
    """Nothing to fill in: the default is not even looked up."""

    def refuse():
        raise AssertionError("looked up a default currency")

    data = QueryDict(query)
    assert PostingFilterForm.with_currency(data, refuse) is data


def test_with_currency_leaves_the_amount_without_currency_when_there_is_no_default():
    data = QueryDict("salary_at_least=10")
    assert PostingFilterForm.with_currency(data, lambda: None) is data


@pytest.mark.django_db
def test_board_context_links_carry_the_filter_sets_data():
    """Links repeat the search as run, with what was filled in beyond the request."""
    request = RequestFactory().get("/gigs/?budget_at_least=10&page=2")
    data = QueryDict("budget_at_least=10&currency=EUR&page=2")
    context, valid = board_context(request, GigFilter(data), gig_page)
    assert valid
    assert context["query"] == "budget_at_least=10&currency=EUR"


@pytest.mark.parametrize("htmx", [True, False])
def test_results_template_is_the_results_alone_for_htmx(htmx):
    """htmx swaps the results alone; a full page needs the search form beside them."""
    headers = {"HX-Request": "true"} if htmx else {}
    request = cast(HtmxHttpRequest, RequestFactory().get("/gigs/", headers=headers))
    request.htmx = HtmxDetails(request)
    template = results_template(request, results="results.html", full="page.html")
    assert template == ("results.html" if htmx else "page.html")


@pytest.mark.django_db
def test_board_context_holds_the_page_of_valid_filters():
    GigFactory.create(slug="prd", title="Write a PRD for payments")
    GigFactory.create(slug="other", title="Coach a squad")
    request = RequestFactory().get("/gigs/?q=payments&cursor=&page=1")
    context, valid = board_context(request, GigFilter(request.GET), gig_page)
    assert valid
    assert [gig.slug for gig in context["page"].items] == ["prd"]
    assert context["query"] == "q=payments"
    assert context["filters_active"] == 0


@pytest.mark.django_db
def test_board_context_counts_the_matches_of_a_board_that_counts():
    GigFactory.create(title="Write a PRD for payments")
    GigFactory.create(title="Coach a squad")
    request = RequestFactory().get("/gigs/?q=payments")
    context, _ = board_context(request, GigFilter(request.GET), gig_page, gig_count)
    assert context["count"] == MatchCount(found=1, bound=1000)


@pytest.mark.django_db
def test_the_gig_board_says_how_many_gigs_match_and_links_back(client):
    """/gigs/ shows its count; its second page links to the first with rel="prev"."""
    for number in range(21):
        GigFactory.create(title=f"Write PRD {number}")
    first = client.get("/gigs/")
    assert ">21 gigs</h2>" in first.text
    second = client.get("/gigs/", {"cursor": first.context["page"].next_cursor})
    assert 'rel="prev"' in second.text
    back = client.get("/gigs/", {"cursor": second.context["page"].previous_cursor})
    assert back.context["page"].items == first.context["page"].items


@pytest.mark.django_db
def test_board_context_runs_no_search_for_invalid_filters():
    """Invalid filters show their errors and no page: nothing is searched."""
    request = RequestFactory().get("/gigs/?budget_at_least=10")

    def refuse(*args, **kwargs):
        raise AssertionError("searched with invalid filters")

    context, valid = board_context(request, GigFilter(request.GET), refuse, refuse)
    assert not valid
    assert context["page"] is None
    assert context["count"] is None
    assert "currency" in context["filter"].errors


@pytest.mark.django_db
@pytest.mark.parametrize(("filter_class", "amount", "noun"), BOARDS)
def test_filter_currency_is_upper_cased(filter_class, amount, noun):
    filterset = filter_class({amount: "10", "currency": "gbp"})
    assert filterset.is_valid(), filterset.errors
    assert filterset.query.currency == "GBP"


@pytest.mark.django_db
@pytest.mark.parametrize(("filter_class", "amount", "noun"), BOARDS)
def test_filter_refuses_a_currency_that_is_no_iso_code(filter_class, amount, noun):
    filterset = filter_class({"currency": "XX1"})
    assert not filterset.is_valid()
    assert filterset.errors["currency"] == ["Use an ISO 4217 code such as GBP, USD or INR."]


@pytest.mark.django_db
@pytest.mark.parametrize(("filter_class", "amount", "noun"), BOARDS)
def test_filter_refuses_an_amount_without_its_currency(filter_class, amount, noun):
    filterset = filter_class({amount: "10"})
    assert not filterset.is_valid()
    assert filterset.errors["currency"] == [f"Pick the currency of the {noun}."]


@pytest.mark.django_db
@pytest.mark.parametrize(("filter_class", "amount", "noun"), BOARDS)
def test_filter_refuses_an_amount_beyond_any_on_the_board(filter_class, amount, noun):
    filterset = filter_class({amount: "9999999999", "currency": "GBP"})
    assert not filterset.is_valid()
    assert amount in filterset.errors


@pytest.mark.django_db
@pytest.mark.parametrize(("filter_class", "amount", "noun"), BOARDS)
def test_active_filter_count_leaves_out_keywords_order_currency_and_position(
    filter_class, amount, noun
):
    """The count on the "Filters" summary names what narrows the list beyond the keywords."""
    params = QueryDict(
        f"q=pm&sort=newest&currency=GBP&cursor=x&page=2&{amount}=10&posted_within=7&skills="
    )
    assert filter_class(params).active_filter_count == 2


@pytest.mark.django_db
@pytest.mark.parametrize("page", [HUGE, "0", "two"])
def test_the_gig_board_starts_from_the_first_page_for_a_bad_page_number(client, page):
    """Like /jobs/, /gigs/ shows the first page for a page number its links never carry."""
    GigFactory.create(title="Write the PRD for payments")
    response = client.get("/gigs/", {"q": "payments", "page": page})
    assert response.status_code == 200
    assert "Write the PRD for payments" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("page", [HUGE, "0", "two"])
def test_the_gig_api_answers_a_bad_page_number_with_a_400_naming_page(page):
    response = APIClient().get("/api/v1/gigs/", {"q": "payments", "page": page})
    assert response.status_code == 400
    assert "page" in response.json()
