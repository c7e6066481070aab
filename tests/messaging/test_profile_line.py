"""The freelancer profile's response-time line."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from messaging import stats
from tests.messaging.conftest import exchange


def test_profile_shows_the_line_from_three_threads(client, new_thread, client_user, freelancer):
    """Three replies show "Usually replies within N hours (from 3 threads)"; two show nothing."""
    start = timezone.now() - timedelta(days=2)
    url = reverse("freelancers:detail", args=["finn"])
    for hours in (1, 2):
        exchange(
            new_thread(), client_user, freelancer, start=start, reply_after=timedelta(hours=hours)
        )
    stats.response_times_refresh()
    assert "Usually replies" not in client.get(url).content.decode()
    exchange(new_thread(), client_user, freelancer, start=start, reply_after=timedelta(hours=4))
    stats.response_times_refresh()
    page = client.get(url).content.decode()
    assert "Usually replies within 2 hours" in page
    assert "(from 3 threads)" in page
