"""Gigs for a freelancer's skills: the ranking, /gigs/for-you/, its token feeds and the API."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from gigs.domain import GigStatus
from gigs.models import GigFeedSubscription
from gigs.search import GigQuery, for_you_page
from gigs.search import for_you as for_you_module
from gigs.services import feeds as services
from tests.accounts.factories import UserFactory
from tests.gigs.factories import FreelancerProfileFactory, GigFactory
from tests.jobs.factories import PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills():
    return {name: SkillFactory.create(name=name) for name in ("Discovery", "Pricing", "SQL", "UX")}


@pytest.fixture
def skilled(freelancer, skills):
    """The freelancer, with Discovery, Pricing and SQL on their profile."""
    freelancer.freelancer_profile.skills.set(
        [skills["Discovery"], skills["Pricing"], skills["SQL"]]
    )
    return freelancer


def ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def gig_with(skills, names, **fields):
    return GigFactory.create(skills=[skills[name] for name in names], **fields)


def ids(skills, *names):
    return [skills[name].pk for name in names]


def slugs(page):
    return [gig.slug for gig in page.items]


# --- Ranking ------------------------------------------------------------------------


def test_more_matching_skills_come_first_then_newest(skills):
    """Three matches beat two, two beat one; among equals the newer gig comes first."""
    mine = ids(skills, "Discovery", "Pricing", "SQL")
    gig_with(skills, ["SQL"], slug="one-new", posted_at=ago(1))
    gig_with(skills, ["Discovery", "Pricing", "SQL"], slug="three", posted_at=ago(9))
    gig_with(skills, ["Discovery", "SQL"], slug="two-old", posted_at=ago(8))
    gig_with(skills, ["Pricing", "SQL", "UX"], slug="two-new", posted_at=ago(2))
    gig_with(skills, ["Discovery"], slug="one-old", posted_at=ago(7))
    assert slugs(for_you_page(mine)) == ["three", "two-new", "two-old", "one-new", "one-old"]


def test_each_gig_says_how_many_and_which_skills_match(skills):
    """match_count counts only the freelancer's skills; matched_skills names them by name."""
    gig_with(skills, ["UX", "SQL", "Discovery"])
    (gig,) = for_you_page(ids(skills, "SQL", "Discovery", "Pricing")).items
    assert gig.match_count == 2
    assert [skill.name for skill in gig.matched_skills] == ["Discovery", "SQL"]


def test_gigs_asking_for_none_of_the_skills_are_left_out(skills):
    gig_with(skills, ["UX"], slug="ux")
    GigFactory.create(slug="no-skills")
    gig_with(skills, ["SQL"], slug="sql")
    assert slugs(for_you_page(ids(skills, "SQL"))) == ["sql"]


def test_no_skills_find_no_gigs(skills):
    """A freelancer without skills gets an empty feed, not every gig."""
    gig_with(skills, ["SQL"])
    assert for_you_page([]).items == []


@pytest.mark.parametrize("status", [GigStatus.DRAFT, GigStatus.CLOSED, GigStatus.CANCELLED])
def test_gigs_that_are_not_open_are_never_shown(skills, status):
    gig_with(skills, ["SQL"], status=status)
    assert for_you_page(ids(skills, "SQL")).items == []


def test_hidden_gigs_are_never_shown(skills):
    gig_with(skills, ["SQL"], is_hidden=True)
    assert for_you_page(ids(skills, "SQL")).items == []


def test_pages_are_numbered_and_do_not_repeat(skills):
    for hours in range(5):
        gig_with(skills, ["SQL"], posted_at=ago(hours))
    first = for_you_page(ids(skills, "SQL"), size=2)
    second = for_you_page(ids(skills, "SQL"), page=2, size=2)
    third = for_you_page(ids(skills, "SQL"), page=3, size=2)
    assert (first.next_page, second.next_page, third.next_page) == (2, 3, None)
    assert len(set(slugs(first) + slugs(second) + slugs(third))) == 5


def test_only_the_newest_candidates_are_ranked(skills, monkeypatch):
    """The ranking is capped: an old better match beyond the cap does not jump the queue."""
    monkeypatch.setattr(for_you_module, "RANK_CANDIDATES", 2)
    gig_with(skills, ["SQL", "Pricing"], slug="old-best", posted_at=ago(10))
    gig_with(skills, ["SQL"], slug="new", posted_at=ago(1))
    gig_with(skills, ["SQL"], slug="newer", posted_at=ago(0))
    assert slugs(for_you_page(ids(skills, "SQL", "Pricing"))) == ["newer", "new"]


def test_the_query_bounds_the_posting_date(skills):
    """A GigQuery's posted_after (exclusive) and posted_until (inclusive) narrow the feed."""
    gig_with(skills, ["SQL"], slug="old", posted_at=ago(10))
    gig_with(skills, ["SQL"], slug="mid", posted_at=ago(5))
    gig_with(skills, ["SQL"], slug="new", posted_at=ago(1))
    query = GigQuery(posted_after=ago(8), posted_until=ago(3))
    assert slugs(for_you_page(ids(skills, "SQL"), query=query)) == ["mid"]


def test_a_page_costs_three_queries_whatever_its_size(skills, django_assert_num_queries):
    """The ranked rows, their skills and their matched skills, for 2 gigs or 20."""
    for _ in range(20):
        gig_with(skills, ["SQL", "UX", "Discovery"])
    with django_assert_num_queries(3):
        page = for_you_page(ids(skills, "SQL", "Discovery"))
        for gig in page.items:
            list(gig.skills.all())
            list(gig.matched_skills)
            _ = gig.company


# --- The page -----------------------------------------------------------------------


def test_the_page_needs_sign_in(client):
    response = client.get(reverse("gigs:for_you"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_without_a_profile_the_page_leads_to_creating_one(client, stranger, skills):
    gig_with(skills, ["SQL"], title="Price our API")
    client.force_login(stranger)
    response = client.get(reverse("gigs:for_you"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Create your profile and pick your skills" in body
    assert reverse("freelancers:edit") in body
    assert "Price our API" not in body


def test_without_skills_the_page_asks_for_them(client, freelancer, skills):
    gig_with(skills, ["SQL"], title="Price our API")
    client.force_login(freelancer)
    body = client.get(reverse("gigs:for_you")).content.decode()
    assert "Pick your skills" in body
    assert reverse("freelancers:edit") in body
    assert "Price our API" not in body


def test_the_page_shows_ranked_gigs_with_their_matches(client, skilled, skills):
    gig_with(skills, ["SQL", "Pricing"], title="Price our API", posted_at=ago(3))
    gig_with(skills, ["SQL"], title="Query our funnel", posted_at=ago(1))
    gig_with(skills, ["UX"], title="Redesign onboarding")
    client.force_login(skilled)
    body = client.get(reverse("gigs:for_you")).content.decode()
    assert body.index("Price our API") < body.index("Query our funnel")
    assert "Matches 2 of your skills: Pricing, SQL" in body
    assert "Matches 1 of your skills: SQL" in body
    assert "Redesign onboarding" not in body


def test_the_page_lists_live_jobs_for_the_same_skills(client, skilled, skills):
    """The job board's live postings with any of the skills, and a link to all of them."""
    fitting = PostingFactory.create(title="Pricing Product Manager")
    fitting.skills.set([skills["Pricing"]])
    other = PostingFactory.create(title="Design Systems Lead")
    other.skills.set([skills["UX"]])
    client.force_login(skilled)
    body = client.get(reverse("gigs:for_you")).content.decode()
    assert "Jobs that ask for your skills" in body
    assert "Pricing Product Manager" in body
    assert "Design Systems Lead" not in body
    assert "/jobs/?skills=discovery&amp;skills=pricing&amp;skills=sql" in body


def test_the_page_costs_the_same_queries_with_more_gigs_and_jobs(
    client, skilled, skills, django_assert_max_num_queries
):
    """Query ceiling: a constant number per page, not one per gig or posting."""
    client.force_login(skilled)
    for _ in range(2):
        gig_with(skills, ["SQL"])
    client.get(reverse("gigs:for_you"))
    for _ in range(20):
        gig_with(skills, ["SQL", "Pricing"])
        PostingFactory.create().skills.set([skills["SQL"]])
    with django_assert_max_num_queries(16):
        response = client.get(reverse("gigs:for_you"))
    assert response.status_code == 200


def test_freelancers_get_a_link_in_the_header_and_on_the_board(client, freelancer):
    client.force_login(freelancer)
    body = client.get(reverse("gigs:list")).content.decode()
    assert body.count(f'href="{reverse("gigs:for_you")}"') == 2


def test_the_link_costs_one_query_and_none_for_visitors(client, freelancer):
    """Whether the user has a profile is asked once a page, and never for the signed-out."""
    with CaptureQueriesContext(connection) as anonymous:
        client.get(reverse("gigs:list"))
    client.force_login(freelancer)
    with CaptureQueriesContext(connection) as signed_in:
        client.get(reverse("gigs:list"))

    def asked(context):
        return sum("gigs_freelancerprofile" in query["sql"] for query in context.captured_queries)

    assert (asked(anonymous), asked(signed_in)) == (0, 1)


def test_people_without_a_profile_get_no_link(client, stranger):
    client.force_login(stranger)
    body = client.get(reverse("gigs:list")).content.decode()
    assert reverse("gigs:for_you") not in body


# --- Feed links -----------------------------------------------------------------------


@pytest.fixture
def feed(skilled):
    return services.gig_feed_token_rotate(user=skilled)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_token_feed_lists_fitting_gigs_without_sign_in(client, feed, skills, kind):
    """Anyone with the link reads the ranked gigs; nothing about the freelancer shows."""
    gig_with(skills, ["SQL"], title="Query our funnel", posted_at=ago(1))
    gig_with(skills, ["SQL", "Pricing"], title="Price our API", posted_at=ago(3))
    gig_with(skills, ["UX"], title="Redesign onboarding")
    response = client.get(reverse(f"gigs:for_you_{kind}", args=[feed.token]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Price our API") < body.index("Query our funnel")
    assert "Redesign onboarding" not in body
    assert feed.user.email not in body
    assert "Finn" not in body
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_unknown_token_is_404(client, feed, kind):
    assert client.get(reverse(f"gigs:for_you_{kind}", args=["no-such-token"])).status_code == 404


def test_a_replaced_token_is_404_and_the_new_one_works(client, feed):
    old = feed.token
    new = services.gig_feed_token_rotate(user=feed.user).token
    assert new != old
    assert client.get(reverse("gigs:for_you_rss", args=[old])).status_code == 404
    assert client.get(reverse("gigs:for_you_rss", args=[new])).status_code == 200


def test_an_inactive_users_feed_is_404(client, feed):
    feed.user.is_active = False
    feed.user.save()
    assert client.get(reverse("gigs:for_you_rss", args=[feed.token])).status_code == 404


def test_feed_links_need_a_freelancer_profile(stranger):
    with pytest.raises(services.ValidationError):
        services.gig_feed_token_rotate(user=stranger)
    assert not GigFeedSubscription.objects.exists()


def test_the_page_creates_and_replaces_the_links(client, skilled):
    client.force_login(skilled)
    response = client.post(reverse("gigs:for_you_feed_rotate"))
    assert response.status_code == 302
    first = GigFeedSubscription.objects.get(user=skilled).token
    assert first in client.get(reverse("gigs:for_you")).content.decode()
    client.post(reverse("gigs:for_you_feed_rotate"))
    second = GigFeedSubscription.objects.get(user=skilled).token
    assert second != first
    body = client.get(reverse("gigs:for_you")).content.decode()
    assert second in body and first not in body


def test_replacing_links_refuses_get(client, skilled):
    client.force_login(skilled)
    assert client.get(reverse("gigs:for_you_feed_rotate")).status_code == 405
    assert not GigFeedSubscription.objects.exists()


def test_replacing_links_without_a_profile_explains(client, stranger):
    client.force_login(stranger)
    response = client.post(reverse("gigs:for_you_feed_rotate"), follow=True)
    assert "Create your freelancer profile first" in response.content.decode()
    assert not GigFeedSubscription.objects.exists()


def test_one_users_token_never_shows_on_anothers_page(client, feed, stranger):
    FreelancerProfileFactory.create(user=stranger)
    client.force_login(stranger)
    assert feed.token not in client.get(reverse("gigs:for_you")).content.decode()


# --- API ------------------------------------------------------------------------------


def test_the_api_needs_sign_in():
    assert APIClient().get("/api/v1/gigs/for-you/").status_code in (401, 403)


def test_the_api_ranks_like_the_page(skilled, skills):
    gig_with(skills, ["SQL"], slug="one", posted_at=ago(1))
    gig_with(skills, ["SQL", "Pricing"], slug="two", posted_at=ago(3))
    gig_with(skills, ["UX"], slug="ux")
    api = APIClient()
    api.force_authenticate(skilled)
    body = api.get("/api/v1/gigs/for-you/").json()
    assert [row["slug"] for row in body["results"]] == ["two", "one"]
    assert body["results"][0]["match_count"] == 2
    assert body["results"][0]["matched_skills"] == ["pricing", "sql"]
    assert body["next"] is None


def test_the_api_pages_by_number(skilled, skills):
    for hours in range(3):
        gig_with(skills, ["SQL"], posted_at=ago(hours))
    api = APIClient()
    api.force_authenticate(skilled)
    first = api.get("/api/v1/gigs/for-you/", {"page_size": 2}).json()
    assert "page=2" in first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


def test_the_api_refuses_a_page_out_of_range(skilled):
    api = APIClient()
    api.force_authenticate(skilled)
    assert api.get("/api/v1/gigs/for-you/", {"page": "0"}).status_code == 400


def test_the_api_lists_nothing_without_a_profile(stranger, skills):
    gig_with(skills, ["SQL"])
    api = APIClient()
    api.force_authenticate(stranger)
    assert api.get("/api/v1/gigs/for-you/").json() == {"next": None, "results": []}


def test_the_api_is_in_the_schema(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/gigs/for-you/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {"page", "page_size"}


def test_other_users_skills_never_rank_your_feed(skills):
    """The API and page read the caller's own profile, not anyone else's."""
    other = UserFactory.create()
    FreelancerProfileFactory.create(user=other).skills.set([skills["UX"]])
    gig_with(skills, ["UX"])
    assert for_you_module.skill_ids_of(other.pk) == [skills["UX"].pk]
    assert for_you_page(for_you_module.skill_ids_of(UserFactory.create().pk)).items == []


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1001", "9" * 30])
def test_a_page_number_the_links_never_carry_shows_the_first_page(client, skilled, skills, page):
    gig_with(skills, ["SQL"], title="Query our funnel")
    client.force_login(skilled)
    response = client.get(reverse("gigs:for_you"), {"page": page})
    assert response.status_code == 200
    assert "Query our funnel" in response.content.decode()


def test_a_page_past_the_last_says_so(client, skilled, skills):
    gig_with(skills, ["SQL"])
    client.force_login(skilled)
    body = client.get(reverse("gigs:for_you"), {"page": "3"}).content.decode()
    assert "No more gigs here." in body
