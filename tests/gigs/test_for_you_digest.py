"""The daily e-mail of new gigs for a freelancer's skills, through the shared digest path."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gigs import tasks
from gigs.domain import GigStatus
from gigs.models import GigFeedSubscription
from gigs.services import feeds as services
from outbox.models import OutboxMessage
from tests.accounts.factories import UserFactory
from tests.gigs.factories import FreelancerProfileFactory, GigFactory
from tests.jobs.factories import SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sql():
    return SkillFactory.create(name="SQL")


def subscriber(sql, *, opted_in_hours_ago=24, user=None):
    """A freelancer with SQL on their profile who opted in ``opted_in_hours_ago`` hours ago."""
    user = user or UserFactory.create()
    FreelancerProfileFactory.create(user=user).skills.set([sql])
    services.gig_feed_digest_set(user=user, on=True)
    GigFeedSubscription.objects.filter(user=user).update(
        digest_since=timezone.now() - timedelta(hours=opted_in_hours_ago)
    )
    return user


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def run_digest(capture) -> list:
    """Run the daily task with after-commit callbacks executed; return the e-mails sent."""
    mail.outbox.clear()
    with capture(execute=True):
        tasks.send_gig_feed_digests.delay()
    return list(mail.outbox)


def test_a_subscriber_gets_the_gigs_posted_since_opting_in(sql, django_capture_on_commit_callbacks):
    user = subscriber(sql)
    before = GigFactory.create(skills=[sql], title="Old SQL gig", posted_at=ago(30))
    after = GigFactory.create(skills=[sql], title="New SQL gig", posted_at=ago(2))
    (message,) = run_digest(django_capture_on_commit_callbacks)
    assert message.to == [user.email]
    assert after.get_absolute_url() in message.body
    assert before.get_absolute_url() not in message.body
    assert reverse("gigs:for_you") in message.body
    assert message.subject == "1 new gig that fit your skills"


def test_gigs_without_the_skills_are_not_news(sql, django_capture_on_commit_callbacks):
    subscriber(sql)
    GigFactory.create(skills=[SkillFactory.create(name="UX")], posted_at=ago(1))
    GigFactory.create(posted_at=ago(1))
    assert run_digest(django_capture_on_commit_callbacks) == []


def test_nothing_new_sends_nothing(sql, django_capture_on_commit_callbacks):
    subscriber(sql)
    assert run_digest(django_capture_on_commit_callbacks) == []
    assert not OutboxMessage.objects.exists()


def test_running_twice_sends_nothing_the_second_time(sql, django_capture_on_commit_callbacks):
    subscriber(sql)
    GigFactory.create(skills=[sql], posted_at=ago(1))
    assert len(run_digest(django_capture_on_commit_callbacks)) == 1
    assert run_digest(django_capture_on_commit_callbacks) == []


def test_the_next_digest_lists_only_gigs_posted_after_the_last(
    sql, django_capture_on_commit_callbacks
):
    subscriber(sql)
    first = GigFactory.create(skills=[sql], posted_at=ago(1))
    run_digest(django_capture_on_commit_callbacks)
    second = GigFactory.create(skills=[sql], posted_at=timezone.now())
    (message,) = run_digest(django_capture_on_commit_callbacks)
    assert second.get_absolute_url() in message.body
    assert first.get_absolute_url() not in message.body


def test_people_who_did_not_opt_in_get_nothing(sql, django_capture_on_commit_callbacks):
    user = UserFactory.create()
    FreelancerProfileFactory.create(user=user).skills.set([sql])
    services.gig_feed_token_rotate(user=user)
    GigFactory.create(skills=[sql], posted_at=ago(1))
    assert run_digest(django_capture_on_commit_callbacks) == []


def test_opting_out_stops_the_digest(sql, django_capture_on_commit_callbacks):
    user = subscriber(sql)
    services.gig_feed_digest_set(user=user, on=False)
    GigFactory.create(skills=[sql], posted_at=ago(1))
    assert run_digest(django_capture_on_commit_callbacks) == []


def test_opting_in_again_starts_from_then(sql, django_capture_on_commit_callbacks):
    """A gig posted while the digest was off never arrives later."""
    user = subscriber(sql)
    services.gig_feed_digest_set(user=user, on=False)
    GigFactory.create(skills=[sql], posted_at=ago(1))
    services.gig_feed_digest_set(user=user, on=True)
    assert run_digest(django_capture_on_commit_callbacks) == []


@pytest.mark.parametrize("status", [GigStatus.DRAFT, GigStatus.CLOSED, GigStatus.CANCELLED])
def test_gigs_that_are_not_open_are_never_sent(sql, status, django_capture_on_commit_callbacks):
    subscriber(sql)
    GigFactory.create(skills=[sql], status=status, posted_at=ago(1))
    assert run_digest(django_capture_on_commit_callbacks) == []


def test_inactive_users_get_nothing(sql, django_capture_on_commit_callbacks):
    user = subscriber(sql)
    user.is_active = False
    user.save()
    GigFactory.create(skills=[sql], posted_at=ago(1))
    assert run_digest(django_capture_on_commit_callbacks) == []


def test_a_digest_lists_at_most_ten_gigs_and_links_to_the_rest(
    sql, django_capture_on_commit_callbacks
):
    subscriber(sql)
    for minutes in range(12):
        GigFactory.create(skills=[sql], posted_at=ago(minutes / 60 + 0.1))
    (message,) = run_digest(django_capture_on_commit_callbacks)
    assert message.body.count("/gigs/gig-") == services.DIGEST_GIGS
    assert "More new gigs that fit" in message.body


def test_a_gig_closed_before_sending_is_left_out(sql):
    user = subscriber(sql)
    live = GigFactory.create(skills=[sql])
    closed = GigFactory.create(skills=[sql], status=GigStatus.CLOSED)
    sent = services.gig_feed_digest_send(user_id=user.pk, sections=[[[closed.pk, live.pk], False]])
    assert sent == 1
    assert live.get_absolute_url() in mail.outbox[0].body
    assert closed.get_absolute_url() not in mail.outbox[0].body


def test_nothing_is_sent_when_every_gig_has_closed(sql):
    user = subscriber(sql)
    closed = GigFactory.create(skills=[sql], status=GigStatus.CLOSED)
    assert services.gig_feed_digest_send(user_id=user.pk, sections=[[[closed.pk], False]]) == 0
    assert mail.outbox == []


def test_nothing_is_sent_after_opting_out_between_preparing_and_sending(sql):
    user = subscriber(sql)
    gig = GigFactory.create(skills=[sql])
    services.gig_feed_digest_set(user=user, on=False)
    assert services.gig_feed_digest_send(user_id=user.pk, sections=[[[gig.pk], False]]) == 0


def test_users_are_walked_in_batches(sql, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "DIGEST_USERS_PER_TASK", 2)
    users = [subscriber(sql) for _ in range(3)]
    GigFactory.create(skills=[sql], posted_at=ago(1))
    assert [len(batch) for batch in services.digest_user_batches()] == [2, 1]
    sent = run_digest(django_capture_on_commit_callbacks)
    assert sorted(message.to[0] for message in sent) == sorted(user.email for user in users)


def test_preparing_costs_two_queries_per_user(
    sql, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """Each user's skills and new gigs, plus the lock, the update, the outbox insert and
    the transaction's savepoint pair."""
    users = [subscriber(sql) for _ in range(3)]
    GigFactory.create_batch(8, skills=[sql], posted_at=ago(1))
    with django_capture_on_commit_callbacks(execute=False), django_assert_max_num_queries(6 + 5):
        queued = services.gig_feed_digests_prepare(
            user_ids=[user.pk for user in users], until=timezone.now()
        )
    assert queued == 3


def test_opting_in_needs_a_freelancer_profile(stranger):
    with pytest.raises(services.ValidationError):
        services.gig_feed_digest_set(user=stranger, on=True)
    assert not GigFeedSubscription.objects.exists()


def test_the_page_turns_the_digest_on_and_off(client, freelancer):
    client.force_login(freelancer)
    client.post(reverse("gigs:for_you_digest"), {"digest": "on"})
    subscription = GigFeedSubscription.objects.get(user=freelancer)
    assert subscription.digest and subscription.digest_since is not None
    client.post(reverse("gigs:for_you_digest"), {"digest": "off"})
    subscription.refresh_from_db()
    assert not subscription.digest


def test_the_digest_switch_refuses_get_and_anonymous(client, freelancer):
    assert client.post(reverse("gigs:for_you_digest"), {"digest": "on"}).status_code == 302
    client.force_login(freelancer)
    assert client.get(reverse("gigs:for_you_digest")).status_code == 405
    assert not GigFeedSubscription.objects.exists()


def test_the_daily_digest_is_scheduled(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "gigs.tasks.send_gig_feed_digests" in tasks_scheduled


def test_the_digest_carries_a_one_click_stop_link(sql, client, django_capture_on_commit_callbacks):
    """The link in the body and the List-Unsubscribe header stop the digest without sign-in,
    and a POST without a CSRF token works, as mail clients send it."""
    user = subscriber(sql)
    GigFactory.create(skills=[sql], posted_at=ago(1))
    (message,) = run_digest(django_capture_on_commit_callbacks)
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = url.removeprefix(settings.SITE_URL)
    assert "Stop the daily gig e-mail?" in client.get(path).content.decode()
    assert GigFeedSubscription.objects.get(user=user).digest
    csrf_checking = Client(enforce_csrf_checks=True)
    assert csrf_checking.post(path).status_code == 200
    assert not GigFeedSubscription.objects.get(user=user).digest


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_stop_link_is_404(sql, client, method):
    user = subscriber(sql)
    forged = services.digest_stop_token(user)[:-2] + "xx"
    response = getattr(client, method)(reverse("gigs:for_you_digest_stop", args=[forged]))
    assert response.status_code == 404
    assert GigFeedSubscription.objects.get(user=user).digest


def test_stopping_needs_no_profile(sql):
    """Someone whose profile is gone can still stop the e-mail."""
    user = subscriber(sql)
    user.freelancer_profile.delete()
    services.gig_feed_digest_set(user=user, on=False)
    assert not GigFeedSubscription.objects.get(user=user).digest
