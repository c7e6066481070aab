"""A posting's view count: once per visitor a day, never its team or bots, shown to its team."""

from datetime import date
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from jobs.models import JobPosting
from jobs.services import page_views
from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def visit(client, posting, *, address="203.0.113.5", agent=BROWSER):
    response = client.get(posting.get_absolute_url(), REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    return response


def views_of(posting) -> int:
    return JobPosting.objects.values_list("views", flat=True).get(pk=posting.pk)


def test_a_visitor_counts_once_a_day(client):
    """Reloading the page the same day adds nothing after the first view."""
    posting = PostingFactory.create()
    for _ in range(3):
        visit(client, posting)
    assert views_of(posting) == 1


def test_different_visitors_each_count(client):
    """Two addresses, or one address with two browsers, are two visitors."""
    posting = PostingFactory.create()
    visit(client, posting, address="203.0.113.5")
    visit(client, posting, address="203.0.113.6")
    visit(client, posting, address="203.0.113.6", agent=BROWSER + " Edg/128.0")
    assert views_of(posting) == 3


def test_a_signed_in_visitor_counts_once_a_day_from_any_address(client, candidate):
    """A signed-in candidate is one visitor wherever they connect from."""
    posting = PostingFactory.create()
    client.force_login(candidate)
    visit(client, posting, address="203.0.113.5")
    visit(client, posting, address="198.51.100.7")
    assert views_of(posting) == 1


def test_a_visitor_counts_again_the_next_day(candidate):
    """The once-a-day window is the calendar day."""
    posting = PostingFactory.create()
    seen = [
        page_views.posting_record_view(
            posting=posting, viewer=candidate, address="203.0.113.5", user_agent=BROWSER, today=day
        )
        for day in (date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 2))
    ]
    assert seen == [True, False, True]
    assert views_of(posting) == 2


def test_a_repeat_view_writes_nothing_to_the_database(client):
    """Only the first view of the day updates the posting row."""
    posting = PostingFactory.create()
    visit(client, posting)
    with CaptureQueriesContext(connection) as queries:
        visit(client, posting)
    assert not [
        q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")
    ]


@pytest.mark.parametrize("who", ["recruiter", "staff_user"])
def test_the_postings_team_and_staff_do_not_count(client, request, company, who):
    """The company's recruiters and the moderators are not visitors."""
    posting = PostingFactory.create(company=company)
    client.force_login(request.getfixturevalue(who))
    visit(client, posting)
    assert views_of(posting) == 0


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
        "curl/8.5.0",
        "Wget/1.21.4",
        "python-requests/2.32.3",
    ],
)
def test_obvious_bots_do_not_count(client, agent):
    """Crawlers, link previews, headless browsers and scripts are not visitors."""
    posting = PostingFactory.create()
    visit(client, posting, agent=agent)
    assert views_of(posting) == 0


def test_an_unreachable_cache_loses_the_view_not_the_page(client):
    """When the cache fails the page is served and the view is not counted."""
    posting = PostingFactory.create()
    with mock.patch.object(page_views.cache, "add", side_effect=ConnectionError("cache down")):
        visit(client, posting)
    assert views_of(posting) == 0


def test_closed_postings_do_not_count(client):
    """An expired posting's page is still open but its count stands still."""
    posting = PostingFactory.create(status="expired")
    visit(client, posting)
    assert views_of(posting) == 0


@pytest.mark.parametrize(
    ("who", "shown"),
    [("recruiter", True), ("staff_user", True), ("other_recruiter", False), ("candidate", False)],
)
def test_the_page_shows_the_count_to_the_team_and_staff_only(client, request, company, who, shown):
    """Only the posting's recruiters and staff see how many times it was viewed."""
    posting = PostingFactory.create(company=company, views=41)
    client.force_login(request.getfixturevalue(who))
    assert (b"<dt>Views</dt><dd>41</dd>" in visit(client, posting).content) is shown


def test_the_page_hides_the_count_from_anonymous_visitors(client):
    """A visitor who is not signed in does not see the count."""
    posting = PostingFactory.create(views=41)
    assert b"<dt>Views</dt>" not in visit(client, posting).content


@pytest.mark.parametrize(
    ("who", "views"),
    [
        (None, None),
        ("candidate", None),
        ("other_recruiter", None),
        ("recruiter", 41),
        ("staff_user", 41),
    ],
)
def test_the_api_gives_the_count_to_the_team_and_staff_only(request, company, who, views):
    """A posting's `views` is its count for its recruiters and staff, null for anyone else."""
    posting = PostingFactory.create(company=company, views=41)
    api = APIClient()
    if who:
        api.force_authenticate(request.getfixturevalue(who))
    response = api.get(reverse("api-jobs-detail", kwargs={"slug": posting.slug}))
    assert response.status_code == 200
    assert response.json()["views"] == views
