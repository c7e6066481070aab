"""Reviews under concurrency on PostgreSQL: both sides at once, the publishing task twice."""

from collections import Counter

import pytest
from django.db import connection

from gigs.models import Review
from gigs.services import reviews as services
from outbox.models import OutboxMessage
from tests.gigs.review_helpers import age, complete
from tests.gigs.test_ledger_postgres import in_threads

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks across connections are PostgreSQL's"
)


def published_emails():
    return [
        m
        for m in OutboxMessage.objects.filter(handler__endswith="review_email_send")
        if m.kwargs["kind"] == "published"
    ]


@pytest.mark.django_db(transaction=True)
def test_both_sides_reviewing_at_once_publish_both(contract, client_user, freelancer, deposit):
    """Whichever review lands second sees the first under the contract's lock and publishes
    both: neither stays blind, and each side is told once."""
    done = complete(contract, deposit=deposit)
    authors = [client_user, freelancer]
    outcomes = in_threads(
        2,
        lambda n: services.review_submit(contract=done, author=authors[n], rating=5, text="Good"),
    )
    assert Counter(type(outcome).__name__ for outcome in outcomes) == {"Review": 2}
    assert not Review.objects.filter(published_at__isnull=True).exists()
    assert sorted(m.kwargs["recipient_id"] for m in published_emails()) == sorted(
        [client_user.pk, freelancer.pk]
    )


@pytest.mark.django_db(transaction=True)
def test_one_side_reviewing_twice_at_once_writes_one(contract, client_user, deposit):
    """Ten simultaneous reviews by one side: one is written, the others refused."""
    done = complete(contract, deposit=deposit)
    outcomes = in_threads(
        10,
        lambda n: services.review_submit(contract=done, author=client_user, rating=4, text=str(n)),
    )
    kinds = Counter(type(outcome).__name__ for outcome in outcomes)
    assert kinds == {"Review": 1, "ReviewError": 9}
    assert Review.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_publishing_task_running_twice_at_once_publishes_once(contract, client_user, deposit):
    """Two runs of the task together: the review is published once and told once."""
    done = complete(contract, deposit=deposit)
    services.review_submit(contract=done, author=client_user, rating=4, text="Fine")
    age(done, 15)
    outcomes = in_threads(2, lambda n: services.reviews_publish_due())
    assert sorted(outcomes) == [0, 1]
    assert len(published_emails()) == 2
