"""Reviews on the site, the API and admin: who may write, reply and see what, and when."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from rest_framework.test import APIClient

from gigs.domain import ReviewRole
from gigs.models import Review
from gigs.services import lifecycle
from gigs.services import reviews as services
from tests.accounts.factories import UserFactory
from tests.gigs.factories import GigFactory, ProposalFactory
from tests.gigs.review_helpers import age, complete

pytestmark = pytest.mark.django_db

BLIND_TEXT = "Blind words only the author may read"


@pytest.fixture
def done(contract, deposit):
    return complete(contract, deposit=deposit)


@pytest.fixture
def blind(done, client_user):
    """The client's review of the freelancer, still blind."""
    return services.review_submit(contract=done, author=client_user, rating=3, text=BLIND_TEXT)


@pytest.fixture
def both(done, client_user, freelancer):
    """Both reviews in: published. Returns the client's review of the freelancer."""
    review = services.review_submit(
        contract=done, author=client_user, rating=4, text="Sharp PRD, on time."
    )
    services.review_submit(contract=done, author=freelancer, rating=5, text="Clear brief.")
    review.refresh_from_db()
    return review


def contract_page(client, contract):
    return client.get(reverse("gigs:contract", args=[contract.pk]))


def submit_url(contract):
    return reverse("gigs:review_submit", args=[contract.pk])


def reply_url(review):
    return reverse("gigs:review_reply", args=[review.contract_id, review.pk])


# --- The contract page ----------------------------------------------------------------------


def test_active_contract_page_has_no_review_form(client, contract, client_user):
    client.force_login(client_user)
    assert b'id="reviews"' not in contract_page(client, contract).content


def test_side_writes_a_review_from_the_contract_page(client, done, client_user):
    """The form posts a blind review and returns to the contract's reviews."""
    client.force_login(client_user)
    assert b"Review the freelancer" in contract_page(client, done).content
    response = client.post(submit_url(done), {"rating": "4", "text": "Great work."})
    assert response.status_code == 302
    assert response["Location"].endswith("#reviews")
    review = Review.objects.get()
    assert (review.rating, review.published_at) == (4, None)
    page = contract_page(client, done).content.decode()
    assert "Great work." in page and "Waiting for the other side" in page


def test_bad_review_form_answers_400_with_its_errors(client, done, client_user):
    client.force_login(client_user)
    response = client.post(submit_url(done), {"rating": "9", "text": ""})
    assert response.status_code == 400
    assert b"field-invalid" in response.content
    assert not Review.objects.exists()


def test_second_review_is_refused_on_the_page(client, blind, done, client_user):
    """A second post shows why and keeps the first review."""
    client.force_login(client_user)
    response = client.post(submit_url(done), {"rating": "1", "text": "Changed"})
    assert response.status_code == 400
    assert b"cannot be changed" in response.content
    assert Review.objects.get().text == BLIND_TEXT


def test_third_user_cannot_open_or_review_the_contract(client, done, stranger):
    client.force_login(stranger)
    assert contract_page(client, done).status_code == 404
    assert client.post(submit_url(done), {"rating": "5", "text": "Hi"}).status_code == 404
    assert not Review.objects.exists()


def test_staff_may_not_review_a_contract_they_are_not_a_side_of(client, done, staff_user):
    client.force_login(staff_user)
    assert client.post(submit_url(done), {"rating": "5", "text": "Hi"}).status_code == 403
    assert not Review.objects.exists()


def test_blind_review_is_not_on_the_other_sides_page(client, blind, done, freelancer, staff_user):
    """The reviewed side is told a review waits, but not what it says; staff see nothing."""
    client.force_login(freelancer)
    page = contract_page(client, done).content.decode()
    assert "The other side has reviewed you" in page
    assert BLIND_TEXT not in page
    client.force_login(staff_user)
    assert BLIND_TEXT not in contract_page(client, done).content.decode()


def test_both_reviews_show_once_both_are_in(client, both, done, freelancer):
    client.force_login(freelancer)
    page = contract_page(client, done).content.decode()
    assert "Sharp PRD, on time." in page and "Clear brief." in page
    assert "Publish the reply" in page


def test_window_closed_without_a_review_says_so(client, done, freelancer):
    age(done, 20)
    client.force_login(freelancer)
    page = contract_page(client, done).content.decode()
    assert "The review window closed on" in page
    assert "Send the review" not in page


def test_reviewed_side_replies_once_on_the_page(client, both, freelancer):
    client.force_login(freelancer)
    response = client.post(reply_url(both), {"reply": "Thank you!"})
    assert response.status_code == 302
    assert Review.objects.get(pk=both.pk).reply == "Thank you!"
    again = client.post(reply_url(both), {"reply": "Edited"})
    assert again.status_code == 400
    assert Review.objects.get(pk=both.pk).reply == "Thank you!"


def test_author_and_third_users_cannot_reply(client, both, client_user, stranger, staff_user):
    for user in (client_user, stranger, staff_user):
        client.force_login(user)
        assert client.post(reply_url(both), {"reply": "Hi"}).status_code == 404
    assert Review.objects.get(pk=both.pk).replied_at is None


def test_no_reply_to_a_blind_review_on_the_page(client, blind, freelancer):
    client.force_login(freelancer)
    assert client.post(reply_url(blind), {"reply": "Hi"}).status_code == 404


# --- Profiles, gig pages and proposals ------------------------------------------------------


def reviewed_contracts(client_user, freelancer, deposit, ratings):
    """One completed contract per rating, both sides reviewed: the client gives ``rating``."""
    for number, rating in enumerate(ratings):
        gig = GigFactory.create(client=client_user, title=f"Gig number {number}")
        proposal = ProposalFactory.create(gig=gig, freelancer=freelancer, price=10_000)
        contract = complete(
            lifecycle.proposal_accept(proposal=proposal, user=client_user),
            deposit=deposit,
        )
        services.review_submit(
            contract=contract, author=client_user, rating=rating, text=f"Review {number}"
        )
        services.review_submit(contract=contract, author=freelancer, rating=5, text="Good client")


def test_profile_shows_rating_and_reviews_newest_first(client, client_user, freelancer, deposit):
    """Stars, "4.5 from 2 reviews", the newest review first, with its reply."""
    reviewed_contracts(client_user, freelancer, deposit, [4, 5])
    newest = Review.objects.filter(subject=freelancer).latest("id")
    services.review_reply(review=newest, user=freelancer, text="Thanks for the trust")
    client.force_login(client_user)
    page = client.get(reverse("freelancers:detail", args=["finn"])).content.decode()
    assert "4.5 from 2 reviews" in page
    assert page.index("Review 1") < page.index("Review 0")
    assert "Thanks for the trust" in page


def test_profile_leaves_out_blind_and_hidden_reviews(
    client, both, freelancer, staff_user, client_user, deposit
):
    """Neither a blind review nor a hidden one shows or counts."""
    services.review_hide(review=both, moderator=staff_user, reason="Abuse")
    gig = GigFactory.create(client=client_user)
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer, price=10_000)
    other = complete(
        lifecycle.proposal_accept(proposal=proposal, user=client_user), deposit=deposit
    )
    services.review_submit(contract=other, author=client_user, rating=1, text=BLIND_TEXT)
    page = client.get(reverse("freelancers:detail", args=["finn"])).content.decode()
    assert BLIND_TEXT not in page and "Sharp PRD" not in page
    assert "No reviews yet" in page


def test_profile_pages_on_by_cursor(client, client_user, freelancer, deposit, monkeypatch):
    """Past a page, "Older reviews" leads to the rest."""
    from gigs.views import freelancers

    monkeypatch.setattr(freelancers, "REVIEWS_PER_PAGE", 2)
    reviewed_contracts(client_user, freelancer, deposit, [3, 4, 5])
    first = client.get(reverse("freelancers:detail", args=["finn"])).content.decode()
    assert "Review 2" in first and "Review 1" in first and "Review 0" not in first
    cursor = first.split("?cursor=")[1].split("#")[0]
    second = client.get(reverse("freelancers:detail", args=["finn"]), {"cursor": cursor})
    assert "Review 0" in second.content.decode()


def test_profile_queries_do_not_grow_with_reviews(
    client, client_user, freelancer, deposit, django_assert_max_num_queries
):
    """Ten reviews cost the profile page what one does."""
    reviewed_contracts(client_user, freelancer, deposit, [5])
    url = reverse("freelancers:detail", args=["finn"])
    with django_assert_max_num_queries(8) as one:
        client.get(url)
    reviewed_contracts(client_user, freelancer, deposit, [4] * 9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="review"') == 10


def test_gig_page_shows_the_clients_rating(client, both, client_user):
    """The client's rating as a client sits by their history."""
    gig = GigFactory.create(client=client_user)
    page = client.get(gig.get_absolute_url()).content.decode()
    assert "5.0 from 1 review" in page


def test_proposals_page_shows_each_freelancers_rating(
    client, both, client_user, freelancer, django_assert_max_num_queries
):
    gig = GigFactory.create(client=client_user)
    ProposalFactory.create(gig=gig, freelancer=freelancer)
    for _ in range(5):
        ProposalFactory.create(gig=gig)
    client.force_login(client_user)
    with django_assert_max_num_queries(11):
        page = client.get(reverse("gigs:proposals", args=[gig.slug])).content.decode()
    assert "4.0 from 1 review" in page
    assert page.count("No reviews yet") == 5


# --- API ------------------------------------------------------------------------------------


def api_as(user):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_api_submits_a_blind_review(done, client_user):
    response = api_as(client_user).post(
        "/api/v1/reviews/", {"contract": done.pk, "rating": 5, "text": "Great"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["published_at"] is None
    again = api_as(client_user).post(
        "/api/v1/reviews/", {"contract": done.pk, "rating": 1, "text": "No"}, format="json"
    )
    assert again.status_code == 400


def test_api_refuses_third_users_and_active_contracts(contract, done, stranger, client_user):
    body = {"contract": done.pk, "rating": 5, "text": "Hi"}
    assert api_as(stranger).post("/api/v1/reviews/", body, format="json").status_code == 404
    assert api_as(None).post("/api/v1/reviews/", body, format="json").status_code in (401, 403)
    assert not Review.objects.exists()


def test_api_never_lists_a_blind_review(blind, freelancer, done):
    """Not to the reviewed side, not to anyone."""
    for user in (None, freelancer, done.client):
        response = api_as(user).get("/api/v1/reviews/", {"freelancer": "finn"})
        assert response.status_code == 200
        assert response.json()["results"] == []
        assert BLIND_TEXT not in response.content.decode()


def test_api_lists_published_reviews_of_each_side(both, client_user, gig):
    by_freelancer = api_as(None).get("/api/v1/reviews/", {"freelancer": "finn"}).json()
    assert [(r["rating"], r["subject_role"], r["author"]) for r in by_freelancer["results"]] == [
        (4, ReviewRole.FREELANCER, None)
    ]
    other_gig = GigFactory.create(client=client_user)
    by_client = api_as(client_user).get("/api/v1/reviews/", {"gig": other_gig.slug}).json()
    assert [(r["rating"], r["author"]) for r in by_client["results"]] == [(5, "Finn Freelancer")]


def test_api_list_needs_exactly_one_subject(db):
    assert api_as(None).get("/api/v1/reviews/").status_code == 400
    both = {"freelancer": "finn", "gig": "prd-gig"}
    assert api_as(None).get("/api/v1/reviews/", both).status_code == 400
    assert api_as(None).get("/api/v1/reviews/", {"freelancer": "nobody"}).status_code == 404


@pytest.mark.parametrize("subject", ["freelancer", "gig"])
def test_api_list_answers_404_for_a_subject_that_is_no_slug(db, subject):
    """A NUL or any other character a slug cannot hold is no such subject, on PostgreSQL too
    (which refuses NUL in a query)."""
    for odd in ["fi\x00nn", "fi nn", "finn/"]:
        assert api_as(None).get("/api/v1/reviews/", {subject: odd}).status_code == 404


def test_api_reply_is_for_the_reviewed_side_once(both, freelancer, client_user, stranger):
    url = f"/api/v1/reviews/{both.pk}/reply/"
    for user in (client_user, stranger):
        assert api_as(user).post(url, {"reply": "Hi"}, format="json").status_code == 404
    assert api_as(freelancer).post(url, {"reply": "Thanks"}, format="json").status_code == 200
    assert api_as(freelancer).post(url, {"reply": "Again"}, format="json").status_code == 400
    assert Review.objects.get(pk=both.pk).reply == "Thanks"


# --- Admin ----------------------------------------------------------------------------------


def test_admin_withholds_a_blind_reviews_text(client, blind, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("admin:gigs_review_change", args=[blind.pk])).content.decode()
    assert BLIND_TEXT not in page
    assert "blind" in page


def test_admin_hides_with_a_reason_through_the_service(client, both, staff_user, freelancer):
    """The action asks why first; confirmed, the review is hidden with that reason."""
    client.force_login(staff_user)
    url = reverse("admin:gigs_review_changelist")
    chosen = {"action": "hide_reviews", ACTION_CHECKBOX_NAME: [both.pk]}
    asked = client.post(url, chosen)
    assert asked.status_code == 200
    assert b"Why these reviews are hidden" in asked.content
    missing = client.post(url, {**chosen, "confirm": "yes", "reason": ""})
    assert missing.status_code == 400
    assert Review.objects.get(pk=both.pk).hidden_at is None
    done = client.post(url, {**chosen, "confirm": "yes", "reason": "Insults"})
    assert done.status_code == 302
    hidden = Review.objects.get(pk=both.pk)
    assert (hidden.hidden_reason, hidden.hidden_by) == ("Insults", staff_user)
    client.post(url, {"action": "unhide_reviews", ACTION_CHECKBOX_NAME: [both.pk]})
    assert Review.objects.get(pk=both.pk).hidden_at is None


def test_admin_refuses_non_staff(client, both):
    user = UserFactory.create(email="nosy@example.com")
    client.force_login(user)
    response = client.get(reverse("admin:gigs_review_changelist"))
    assert response.status_code == 302
