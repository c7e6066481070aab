"""Response time: the median time to first reply over 90 days, with its sample size."""

from datetime import timedelta

import pytest
from django.utils import timezone

from messaging import stats, tasks
from messaging.models import ResponseTime
from tests.messaging.conftest import exchange


def test_median_of_first_replies_with_sample_size(new_thread, client_user, freelancer):
    """Replies after 1, 2 and 10 hours: a 2-hour median from 3 threads; later messages and
    the opener's own follow-ups do not count."""
    start = timezone.now() - timedelta(days=3)
    for hours in (1, 2, 10):
        exchange(
            new_thread(), client_user, freelancer, start=start, reply_after=timedelta(hours=hours)
        )
    assert stats.response_times_refresh() == 1
    stored = ResponseTime.objects.get(user=freelancer)
    assert stored.median_seconds == 2 * 3600
    assert stored.sample_size == 3
    assert stored.hours == 2
    assert not ResponseTime.objects.filter(user=client_user).exists()


def test_even_sample_takes_the_middle_two(new_thread, client_user, freelancer):
    """With an even number of replies the median is the mean of the middle two."""
    start = timezone.now() - timedelta(days=1)
    for hours in (1, 3):
        exchange(
            new_thread(), client_user, freelancer, start=start, reply_after=timedelta(hours=hours)
        )
    stats.response_times_refresh()
    assert ResponseTime.objects.get(user=freelancer).median_seconds == 2 * 3600


def test_threads_older_than_90_days_and_unanswered_ones_do_not_count(
    new_thread, client_user, freelancer
):
    """Only answered threads whose first message is within 90 days give samples."""
    now = timezone.now()
    exchange(
        new_thread(),
        client_user,
        freelancer,
        start=now - timedelta(days=91),
        reply_after=timedelta(hours=1),
    )
    exchange(new_thread(), client_user, freelancer, start=now - timedelta(days=2))
    exchange(
        new_thread(),
        client_user,
        freelancer,
        start=now - timedelta(days=2),
        reply_after=timedelta(hours=5),
    )
    stats.response_times_refresh(now=now)
    stored = ResponseTime.objects.get(user=freelancer)
    assert (stored.median_seconds, stored.sample_size) == (5 * 3600, 1)


def test_the_opener_is_whoever_wrote_first(new_thread, client_user, freelancer):
    """When the freelancer writes first, the client's reply is the client's sample."""
    exchange(
        new_thread(),
        freelancer,
        client_user,
        start=timezone.now() - timedelta(days=1),
        reply_after=timedelta(minutes=30),
    )
    stats.response_times_refresh()
    assert ResponseTime.objects.get(user=client_user).median_seconds == 30 * 60
    assert not ResponseTime.objects.filter(user=freelancer).exists()


def test_a_user_without_samples_any_more_is_cleared(new_thread, client_user, freelancer):
    """Once a user's samples leave the window, the stored figure is cleared, not kept stale."""
    now = timezone.now()
    exchange(
        new_thread(),
        client_user,
        freelancer,
        start=now - timedelta(days=80),
        reply_after=timedelta(hours=1),
    )
    stats.response_times_refresh(now=now)
    stats.response_times_refresh(now=now + timedelta(days=20))
    stored = ResponseTime.objects.get(user=freelancer)
    assert (stored.median_seconds, stored.sample_size) == (None, 0)


def test_the_task_refreshes(new_thread, client_user, freelancer):
    """The beat task runs the refresh and returns how many users have samples."""
    exchange(
        new_thread(),
        client_user,
        freelancer,
        start=timezone.now() - timedelta(days=1),
        reply_after=timedelta(hours=1),
    )
    assert tasks.refresh_response_times.delay().get() == 1
    assert ResponseTime.objects.filter(user=freelancer).exists()


@pytest.mark.parametrize(("seconds", "hours"), [(60, 1), (3600, 1), (3601, 2), (90 * 60, 2)])
def test_hours_round_up(seconds, hours):
    """Shown hours round up, so a reply in 90 minutes reads 'within 2 hours'."""
    assert ResponseTime(median_seconds=seconds).hours == hours


def test_beat_runs_the_refresh(settings):
    """The one beat schedule runs the response-time refresh and the e-mail sweep."""
    schedules = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "messaging.tasks.refresh_response_times" in schedules
    assert "messaging.tasks.send_due_thread_emails" in schedules
