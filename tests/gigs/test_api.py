"""The gig API's wiring: the list matches the page's search, ownership answers 404."""

import pytest
from rest_framework.test import APIClient

from gigs.domain import GigStatus, ProposalStatus
from gigs.models import Gig, Proposal
from tests.gigs.factories import GigFactory, ProposalFactory, gig_fields
from tests.jobs.factories import SkillFactory


@pytest.fixture
def api(db):
    return APIClient()


def test_list_is_the_page_search(api, gig):
    """Only open gigs, filtered like /gigs/, amounts in minor units; no count."""
    GigFactory.create(status=GigStatus.DRAFT)
    GigFactory.create(category="discovery", slug="research")
    body = api.get("/api/v1/gigs/", {"category": "requirements"}).json()
    assert [row["slug"] for row in body["results"]] == [gig.slug]
    assert body["results"][0]["budget_max"] == 300_000
    assert set(body) == {"next", "results"}


def test_list_refuses_bad_filters(api):
    assert api.get("/api/v1/gigs/", {"budget_at_least": "10"}).status_code == 400


def test_list_pages_with_a_cursor(api):
    for _ in range(3):
        GigFactory.create()
    first = api.get("/api/v1/gigs/", {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    slugs = [row["slug"] for row in first["results"] + second["results"]]
    assert len(slugs) == len(set(slugs)) == 3
    assert second["next"] is None


def test_create_and_edit_own_gig(api, client_user, stranger):
    api.force_authenticate(client_user)
    response = api.post("/api/v1/gigs/", gig_fields() | {"publish": True}, format="json")
    assert response.status_code == 201, response.json()
    slug = response.json()["slug"]
    assert response.json()["status"] == GigStatus.OPEN
    edited = api.patch(f"/api/v1/gigs/{slug}/", {"title": "Renamed"}, format="json")
    assert edited.json()["title"] == "Renamed"
    api.force_authenticate(stranger)
    assert api.patch(f"/api/v1/gigs/{slug}/", {"title": "Mine"}, format="json").status_code == 404


def test_create_refuses_a_backwards_budget(api, client_user):
    api.force_authenticate(client_user)
    response = api.post(
        "/api/v1/gigs/", gig_fields(budget_min=500_000, budget_max=100_000), format="json"
    )
    assert response.status_code == 400
    assert "budget_max" in response.json()
    assert not Gig.objects.exists()


def test_freelancer_proposes_once(api, gig, freelancer):
    api.force_authenticate(freelancer)
    body = {"approach": "a", "experience": "b", "price": 250_000, "timeline": "3 weeks"}
    assert api.post(f"/api/v1/gigs/{gig.slug}/proposals/", body, format="json").status_code == 201
    again = api.post(f"/api/v1/gigs/{gig.slug}/proposals/", body, format="json")
    assert again.status_code == 400
    assert Proposal.objects.count() == 1


def test_client_cannot_propose_on_own_gig(api, gig, client_user):
    api.force_authenticate(client_user)
    body = {"approach": "a", "experience": "b", "price": 250_000, "timeline": "3 weeks"}
    assert api.post(f"/api/v1/gigs/{gig.slug}/proposals/", body, format="json").status_code == 403


def test_proposals_list_is_for_the_client(api, gig, freelancer, client_user, stranger):
    ProposalFactory.create(gig=gig, freelancer=freelancer, approach="secret plan")
    api.force_authenticate(client_user)
    rows = api.get(f"/api/v1/gigs/{gig.slug}/proposals/").json()
    assert [row["approach"] for row in rows] == ["secret plan"]
    for user in (freelancer, stranger):
        api.force_authenticate(user)
        assert api.get(f"/api/v1/gigs/{gig.slug}/proposals/").status_code == 404


def test_proposal_actions_by_their_parties(api, gig, freelancer, client_user, stranger):
    """The client shortlists and declines, the freelancer withdraws; strangers get 404."""
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    url = f"/api/v1/proposals/{proposal.pk}/"
    api.force_authenticate(stranger)
    assert api.get(url).status_code == 404
    assert api.post(url + "shortlist/").status_code == 404
    api.force_authenticate(freelancer)
    assert api.post(url + "shortlist/").status_code == 403
    api.force_authenticate(client_user)
    assert api.post(url + "shortlist/").json()["status"] == ProposalStatus.SHORTLISTED
    declined = api.post(url + "decline/", {"reason": "No."}, format="json").json()
    assert declined["status"] == ProposalStatus.DECLINED
    api.force_authenticate(freelancer)
    assert api.post(url + "withdraw/").status_code == 400


def test_list_queries_do_not_grow(api, company, django_assert_max_num_queries):
    """A page of the API list costs the same few queries for 3 rows or 20."""
    skills = [SkillFactory.create(name=f"S{n}") for n in range(3)]
    for _ in range(20):
        GigFactory.create(company=company, skills=skills)
    with django_assert_max_num_queries(4):
        rows = api.get("/api/v1/gigs/").json()["results"]
    assert len(rows) == 20
    assert rows[0]["company"] == company.slug


def test_proposal_list_queries_do_not_grow(api, gig, client_user, django_assert_max_num_queries):
    for _ in range(10):
        ProposalFactory.create(gig=gig)
    api.force_authenticate(client_user)
    with django_assert_max_num_queries(6):
        rows = api.get(f"/api/v1/gigs/{gig.slug}/proposals/").json()
    assert len(rows) == 10
