"""Reviews after a contract: eligibility, the window, the one-review rule, blind publishing,
replies and moderation, with every refusal."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gigs import notifications, review_selectors
from gigs.domain import ReviewRole
from gigs.models import Review
from gigs.services import contracts as contract_services
from gigs.services import hours, lifecycle
from gigs.services import reviews as services
from gigs.tasks import publish_due_reviews
from outbox.models import OutboxMessage
from tests.gigs.review_helpers import age, cancel, complete, release

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(contract, deposit):
    """The fixture contract, completed through the real services."""
    return complete(contract, deposit=deposit)


def submit(contract, author, rating=5, text="Clear brief, quick answers."):
    return services.review_submit(contract=contract, author=author, rating=rating, text=text)


def review_emails():
    return [m.kwargs for m in OutboxMessage.objects.filter(handler__endswith="review_email_send")]


# --- Eligibility and the window --------------------------------------------------------------


def test_completing_a_contract_starts_its_window(done):
    """The release that settles the last milestone records when the contract ended."""
    assert done.ended_at is not None
    assert timezone.now() - done.ended_at < timedelta(minutes=1)
    assert review_selectors.window_closes(done) == done.ended_at + timedelta(days=14)


def test_active_contract_is_refused(contract, client_user):
    """No review while the contract runs."""
    with pytest.raises(services.ReviewError):
        submit(contract, client_user)
    assert not Review.objects.exists()


def test_completed_contract_takes_a_review(done, client_user, freelancer):
    """The client reviews the freelancer as a freelancer; it is blind."""
    review = submit(done, client_user, rating=4)
    assert (review.author, review.subject, review.subject_role) == (
        client_user,
        freelancer,
        ReviewRole.FREELANCER,
    )
    assert review.rating == 4
    assert review.published_at is None


def test_cancelled_contract_with_released_money_takes_a_review(
    contract, client_user, freelancer, deposit
):
    """A contract cancelled after one milestone was paid may be reviewed."""
    release(contract.milestones.first(), client=client_user, freelancer=freelancer, deposit=deposit)
    cancel(contract)
    review = submit(contract, freelancer)
    assert review.subject_role == ReviewRole.CLIENT


def test_cancelled_contract_without_money_is_refused(contract, client_user, deposit):
    """Cancelled with nothing paid (even with money funded and refunded): no reviews."""
    milestone = contract.milestones.first()
    deposit(client_user, milestone.amount)
    contract_services.milestone_fund(milestone=milestone, user=client_user)
    contract_services.milestone_cancel(milestone=milestone, user=client_user)
    cancel(contract)
    assert not review_selectors.reviewable(contract)
    with pytest.raises(services.ReviewError):
        submit(contract, client_user)


def test_cancelled_contract_refunded_by_staff_in_full_is_refused(
    contract, client_user, freelancer, deposit, staff_user
):
    """A dispute resolved as a full refund paid the freelancer nothing."""
    milestone = contract.milestones.first()
    deposit(client_user, milestone.amount)
    contract_services.milestone_fund(milestone=milestone, user=client_user)
    contract_services.milestone_dispute(milestone=milestone, user=freelancer)
    contract_services.milestone_resolve(
        milestone=milestone, actor=staff_user, release_amount=0, refund_amount=milestone.amount
    )
    cancel(contract)
    assert not review_selectors.reviewable(contract)


def test_cancelled_contract_resolved_partly_to_the_freelancer_takes_a_review(
    contract, client_user, freelancer, deposit, staff_user
):
    """A dispute that released part of the escrow counts as money released."""
    milestone = contract.milestones.first()
    deposit(client_user, milestone.amount)
    contract_services.milestone_fund(milestone=milestone, user=client_user)
    contract_services.milestone_dispute(milestone=milestone, user=freelancer)
    contract_services.milestone_resolve(
        milestone=milestone, actor=staff_user, release_amount=40_000, refund_amount=60_000
    )
    cancel(contract)
    assert review_selectors.reviewable(contract)


def test_money_released_on_another_contract_does_not_count(
    contract, client_user, freelancer, deposit, earn
):
    """Only the ledger subjects of this contract's own work count."""
    earn(freelancer, "milestone:999999", 10_000)
    cancel(contract)
    assert not review_selectors.reviewable(contract)


def test_window_closes_after_fourteen_days(done, client_user):
    """A review 14 days after the end is refused; a day before, taken."""
    age(done, 14)
    with pytest.raises(services.ReviewError):
        submit(done, client_user)
    age(done, 13)
    assert submit(done, client_user).pk


def test_contract_without_an_end_date_is_refused(done, client_user):
    """Without ended_at the window cannot be placed, so nobody reviews."""
    type(done).objects.filter(pk=done.pk).update(ended_at=None)
    with pytest.raises(services.ReviewError):
        submit(done, client_user)


# --- Who may review, and once --------------------------------------------------------------


def test_third_user_is_refused(done, stranger):
    """Someone outside the contract may not review it."""
    with pytest.raises(PermissionDenied):
        submit(done, stranger)


def test_staff_who_are_not_a_side_are_refused(done, staff_user):
    """Staff are not a side of the contract."""
    with pytest.raises(PermissionDenied):
        submit(done, staff_user)


def test_one_review_each(done, client_user):
    """A second review by the same side is refused and the first stays as it was."""
    submit(done, client_user, rating=5, text="First")
    with pytest.raises(services.ReviewError):
        submit(done, client_user, rating=1, text="Changed my mind")
    assert list(Review.objects.values_list("rating", "text")) == [(5, "First")]


def test_database_refuses_a_second_review(done, client_user, freelancer):
    """The unique constraint holds even when the service is bypassed."""
    review = submit(done, client_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            contract=done,
            author=client_user,
            subject=freelancer,
            subject_role=ReviewRole.FREELANCER,
            rating=3,
            text="Again",
        )
    assert Review.objects.get() == review


def test_database_refuses_a_rating_outside_one_to_five(done, client_user, freelancer):
    """The check constraint keeps ratings from 1 to 5."""
    for rating in (0, 6):
        with pytest.raises(IntegrityError), transaction.atomic():
            Review.objects.create(
                contract=done,
                author=client_user,
                subject=freelancer,
                subject_role=ReviewRole.FREELANCER,
                rating=rating,
                text="Out of range",
            )


@pytest.mark.parametrize("rating", [0, 6, "5", 4.5, None, True])
def test_bad_rating_is_refused(done, client_user, rating):
    """A rating is a whole number from 1 to 5."""
    with pytest.raises(ValidationError) as raised:
        submit(done, client_user, rating=rating)
    assert "rating" in raised.value.message_dict


@pytest.mark.parametrize("text", ["", "   ", None, "x" * 2001, "bad\x00byte"])
def test_bad_text_is_refused(done, client_user, text):
    """Text is required, at most 2,000 characters, without control characters."""
    with pytest.raises(ValidationError):
        submit(done, client_user, text=text)
    assert not Review.objects.exists()


# --- Blind until both are in --------------------------------------------------------------


def test_first_review_tells_the_other_side(done, client_user, freelancer):
    """The reviewed side hears of it, with the days left to leave theirs."""
    submit(done, client_user)
    assert review_emails() == [
        {"contract_id": done.pk, "kind": "received", "recipient_id": freelancer.pk, "days_left": 14}
    ]


def test_second_review_publishes_both(done, client_user, freelancer):
    """Once both sides have reviewed, both reviews are published and both told."""
    first = submit(done, client_user)
    second = submit(done, freelancer)
    first.refresh_from_db()
    assert first.published_at == second.published_at is not None
    published = [e for e in review_emails() if e["kind"] == "published"]
    assert sorted(e["recipient_id"] for e in published) == sorted([client_user.pk, freelancer.pk])


def test_blind_review_is_seen_by_its_author_alone(done, client_user, freelancer, staff_user):
    """Until published, the reviewed side, staff and strangers see nothing of it."""
    review = submit(done, client_user)
    now = timezone.now()
    mine = review_selectors.contract_reviews(contract=done, reader=client_user, now=now)
    assert mine.mine == review
    theirs = review_selectors.contract_reviews(contract=done, reader=freelancer, now=now)
    assert (theirs.mine, theirs.theirs, theirs.theirs_waiting) == (None, None, True)
    assert theirs.published == []
    staff = review_selectors.contract_reviews(contract=done, reader=staff_user, now=now)
    assert (staff.mine, staff.theirs, staff.published) == (None, None, [])
    assert review_selectors.ratings(user=freelancer).freelancer.count == 0
    assert not review_selectors.public_reviews(user=freelancer, role="freelancer").exists()


def test_publish_task_publishes_when_the_window_closes(done, client_user, freelancer):
    """A lone review is published once 14 days have passed, and both sides are told."""
    review = submit(done, client_user)
    assert services.reviews_publish_due() == 0
    age(done, 14)
    assert publish_due_reviews() == 1
    review.refresh_from_db()
    assert review.published_at is not None
    assert review_selectors.ratings(user=freelancer).freelancer.count == 1
    assert len([e for e in review_emails() if e["kind"] == "published"]) == 2


def test_publish_task_is_safe_to_run_twice(done, client_user):
    """A second run publishes nothing and sends nothing more."""
    review = submit(done, client_user)
    age(done, 15)
    assert services.reviews_publish_due() == 1
    published_at = Review.objects.get(pk=review.pk).published_at
    sent = len(review_emails())
    assert services.reviews_publish_due() == 0
    assert Review.objects.get(pk=review.pk).published_at == published_at
    assert len(review_emails()) == sent


# --- Replies --------------------------------------------------------------------------------


@pytest.fixture
def published(done, client_user, freelancer):
    """Both reviews in and published; returns the client's review of the freelancer."""
    review = submit(done, client_user, rating=4)
    submit(done, freelancer, rating=5)
    review.refresh_from_db()
    return review


def test_reviewed_side_replies_once(published, freelancer):
    """The reply is public and cannot be changed or repeated."""
    reply = services.review_reply(review=published, user=freelancer, text="Thanks, Clara!")
    assert (reply.reply, reply.replied_at is not None) == ("Thanks, Clara!", True)
    with pytest.raises(services.ReviewError):
        services.review_reply(review=published, user=freelancer, text="Edited")
    assert Review.objects.get(pk=published.pk).reply == "Thanks, Clara!"


def test_author_may_not_reply_to_their_own_review(published, client_user):
    with pytest.raises(PermissionDenied):
        services.review_reply(review=published, user=client_user, text="Me again")


def test_third_user_may_not_reply(published, stranger, staff_user):
    for user in (stranger, staff_user):
        with pytest.raises(PermissionDenied):
            services.review_reply(review=published, user=user, text="Hello")


def test_no_reply_to_a_blind_review(done, client_user, freelancer):
    """Replying before publication would reveal the review."""
    review = submit(done, client_user)
    with pytest.raises(services.ReviewError):
        services.review_reply(review=review, user=freelancer, text="Thanks")


def test_empty_or_long_reply_is_refused(published, freelancer):
    for text in ("  ", "x" * 1001):
        with pytest.raises(ValidationError):
            services.review_reply(review=published, user=freelancer, text=text)
    assert Review.objects.get(pk=published.pk).replied_at is None


# --- Moderation -----------------------------------------------------------------------------


def test_hiding_removes_the_rating_from_the_average(published, freelancer, staff_user):
    """A hidden review stops counting; showing it again brings it back."""
    assert review_selectors.ratings(user=freelancer).freelancer.count == 1
    services.review_hide(review=published, moderator=staff_user, reason="Abusive language")
    hidden = Review.objects.get(pk=published.pk)
    assert (hidden.hidden_reason, hidden.hidden_by) == ("Abusive language", staff_user)
    assert review_selectors.ratings(user=freelancer).freelancer.count == 0
    assert not review_selectors.public_reviews(user=freelancer, role="freelancer").exists()
    services.review_unhide(review=published, moderator=staff_user)
    assert review_selectors.ratings(user=freelancer).freelancer.count == 1


def test_hiding_needs_a_reason(published, staff_user):
    with pytest.raises(ValidationError):
        services.review_hide(review=published, moderator=staff_user, reason="  ")
    assert Review.objects.get(pk=published.pk).hidden_at is None


def test_only_staff_hide_or_unhide(published, client_user, freelancer):
    for user in (client_user, freelancer):
        with pytest.raises(PermissionDenied):
            services.review_hide(review=published, moderator=user, reason="No")
        with pytest.raises(PermissionDenied):
            services.review_unhide(review=published, moderator=user)


def test_blind_review_cannot_be_hidden(done, client_user, staff_user):
    review = submit(done, client_user)
    with pytest.raises(services.ReviewError):
        services.review_hide(review=review, moderator=staff_user, reason="Unseen")


def test_no_reply_to_a_hidden_review(published, freelancer, staff_user):
    services.review_hide(review=published, moderator=staff_user, reason="Abusive")
    with pytest.raises(services.ReviewError):
        services.review_reply(review=published, user=freelancer, text="Thanks")


# --- Ratings --------------------------------------------------------------------------------


def test_ratings_average_each_side_to_one_decimal(
    client_user, freelancer, gig, deposit, django_assert_num_queries
):
    """4 and 5 as a freelancer average 4.5; the client side is counted apart; one query."""
    from tests.gigs.factories import GigFactory, ProposalFactory

    for rating in (4, 5):
        other = GigFactory.create(client=client_user)
        proposal = ProposalFactory.create(
            gig=other, freelancer=freelancer, price=10_000, milestones=[]
        )
        contract = complete(
            lifecycle.proposal_accept(proposal=proposal, user=client_user),
            deposit=deposit,
        )
        submit(contract, client_user, rating=rating)
        submit(contract, freelancer, rating=2)
    with django_assert_num_queries(1):
        summary = review_selectors.ratings(user=freelancer)
    assert (summary.freelancer.average, summary.freelancer.count) == (
        review_selectors.Decimal("4.5"),
        2,
    )
    assert summary.freelancer.label == "4.5 from 2 reviews"
    assert summary.client.count == 0
    client_side = review_selectors.ratings(user=client_user).client
    assert (str(client_side.average), client_side.count) == ("2.0", 2)


def test_ratings_of_nobody_say_so(stranger):
    summary = review_selectors.ratings(user=stranger)
    assert (summary.freelancer.average, summary.freelancer.label) == (None, "No reviews yet")


# --- E-mails --------------------------------------------------------------------------------


def test_received_email_names_the_reviewer_and_the_days_left(done, client_user, freelancer):
    """One-line subject to the reviewed side, with a link to the contract's reviews."""
    sent = notifications.review_email_send(
        contract_id=done.pk, kind="received", recipient_id=freelancer.pk, days_left=3
    )
    assert sent == 1
    (message,) = mail.outbox
    assert message.to == [freelancer.email]
    assert message.subject.startswith("Clara Client reviewed you on ")
    assert message.subject.endswith("leave yours within 3 days to see it")
    assert f"/gigs/contracts/{done.pk}/#reviews" in message.body


def test_published_email_goes_to_the_named_side_only(done, client_user, stranger):
    """A recipient who is not a side of the contract gets nothing."""
    assert (
        notifications.review_email_send(
            contract_id=done.pk, kind="published", recipient_id=stranger.pk
        )
        == 0
    )
    assert (
        notifications.review_email_send(
            contract_id=done.pk, kind="published", recipient_id=client_user.pk
        )
        == 1
    )
    assert mail.outbox[0].subject.startswith("Your reviews on ")


def test_publish_task_is_scheduled(settings):
    """Celery beat runs the publishing task from the one schedule."""
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "gigs.tasks.publish_due_reviews" in tasks_scheduled


# --- Hourly contracts ----------------------------------------------------------------------


def test_hourly_contract_that_paid_a_week_can_be_reviewed_once_ended(
    hourly_contract, client_user, freelancer, deposit, weeks_ago
):
    """A paid week counts as released money: ending the contract completes it, reviews open."""
    deposit(client_user, 100_000)
    hours.hourly_fund(contract=hourly_contract, user=client_user, amount=100_000)
    week = hours.hourlog_submit(
        contract=hourly_contract,
        user=freelancer,
        week=weeks_ago(1),
        minutes=120,
        description="Roadmap review",
    )
    assert not review_selectors.money_released(hourly_contract)
    hours.hourlog_approve(log=week, user=client_user)
    assert review_selectors.money_released(hourly_contract)
    ended = lifecycle.contract_end(contract=hourly_contract, user=client_user)
    assert review_selectors.reviewable(ended)
    review = services.review_submit(contract=ended, author=client_user, rating=5, text="Sharp.")
    assert review.subject == freelancer
