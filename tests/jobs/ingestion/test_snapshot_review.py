"""The half-the-board guard: a snapshot that would close too much closes nothing, staff hear of
it in admin and by e-mail, and confirm the closing from the feed's page."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.landing_selectors import staff_queues
from jobs.domain import PostingStatus
from jobs.models import FeedRunStatus, FeedSource, JobPosting
from jobs.services import ingestion, snapshots
from tests.accounts.factories import UserFactory

from .boards import LEVER_URL, lever_board, lever_posting

pytestmark = pytest.mark.django_db

QUEUE = "Feeds whose closing needs review"


@pytest.fixture
def board(db):
    """A trusted Lever board, read from its URL."""
    return FeedSource.objects.create(
        name="pinewave", format="lever", url=LEVER_URL, company_name="Pinewave", trusted=True
    )


@pytest.fixture
def fetch(board, serve_feed, django_capture_on_commit_callbacks):
    """Run the board's feed with these postings as its response, e-mails sent on commit."""

    def run(numbers):
        serve_feed(lever_board([lever_posting(n) for n in numbers]))
        with django_capture_on_commit_callbacks(execute=True):
            report = ingestion.feed_source_run(feed_id=board.pk)
        board.refresh_from_db()
        return report

    return run


@pytest.fixture
def held_back(fetch, staff_user):
    """Ten live postings, then a snapshot that lists four of them."""
    fetch(range(10))
    mail.outbox.clear()
    return fetch(range(4))


def live() -> int:
    return JobPosting.objects.filter(status=PostingStatus.PUBLISHED).count()


def test_a_snapshot_leaving_out_more_than_half_closes_nothing(held_back, board):
    """Six of ten gone: nothing closes, the run needs review and says why."""
    assert held_back is not None and held_back.closed == 0
    assert live() == 10
    assert board.last_run_status == FeedRunStatus.NEEDS_REVIEW
    assert board.last_closed == 0
    summary, note = board.last_report.splitlines()
    assert summary.endswith("closed 0")
    assert note.startswith("Closed nothing: this snapshot no longer lists 6 of the source's 10")


def test_a_snapshot_leaving_out_every_posting_closes_nothing(fetch, board, staff_user):
    """An empty board is far likelier broken than emptied."""
    fetch(range(2))
    fetch([])
    assert live() == 2
    assert board.last_run_status == FeedRunStatus.NEEDS_REVIEW


def test_a_snapshot_leaving_out_exactly_half_closes_them(fetch, board):
    """The guard starts above half: five of ten gone close."""
    fetch(range(10))
    assert fetch(range(5)).closed == 5
    assert board.last_run_status == FeedRunStatus.SUCCEEDED


def test_staff_get_one_email_per_review(fetch, held_back, board, staff_user):
    """Active staff are e-mailed with the counts and the feed's page; a run that needs the
    same review again sends nothing more."""
    assert [message.to for message in mail.outbox] == [[staff_user.email]]
    message = mail.outbox[0]
    assert message.subject == "Feed pinewave needs review: 6 postings no longer listed"
    assert "no longer lists 6 of its 10 live postings" in message.body
    assert reverse("admin:jobs_feedsource_change", args=[board.pk]) in message.body
    fetch(range(4))
    assert len(mail.outbox) == 1


def test_the_admin_shows_the_feed_needing_review(client, held_back, board, staff_user):
    """The list flags the run and the queue counts it; the feed's page offers the button."""
    client.force_login(staff_user)
    listing = client.get(reverse("admin:jobs_feedsource_changelist")).content.decode()
    assert "Needs review" in listing
    assert "4 unchanged, 0 duplicates, 0 rejected, 0 closed" in listing
    page = client.get(reverse("admin:jobs_feedsource_change", args=[board.pk])).content.decode()
    assert "Confirm closing 6 postings" in page
    assert reverse("admin:jobs_feedsource_confirm_closing", args=[board.pk]) in page
    counts = {queue.label: queue for queue in staff_queues(user=staff_user)}
    assert counts[QUEUE].count == 1
    filtered = client.get(counts[QUEUE].url)
    assert list(filtered.context["cl"].result_list) == [board]


def test_confirming_closes_what_the_run_did_not_list(client, held_back, board, staff_user):
    """Staff confirm with a POST: the six close, the feed records the count and is done."""
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:jobs_feedsource_confirm_closing", args=[board.pk]), follow=True
    )
    assert "Closed 6 postings the source no longer lists." in response.content.decode()
    assert live() == 4
    assert JobPosting.objects.filter(unlisted_at__isnull=False).count() == 6
    board.refresh_from_db()
    assert (board.last_run_status, board.last_closed) == (FeedRunStatus.SUCCEEDED, 6)
    assert board.last_report.splitlines()[-1].endswith("closed 6.")
    counts = {queue.label: queue.count for queue in staff_queues(user=staff_user)}
    assert counts[QUEUE] == 0


def test_a_confirmation_with_nothing_to_review_closes_nothing(client, fetch, board, staff_user):
    fetch(range(4))
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:jobs_feedsource_confirm_closing", args=[board.pk]), follow=True
    )
    assert "does not wait for a review" in response.content.decode()
    assert live() == 4


def test_the_confirmation_is_a_post(client, held_back, board, staff_user):
    client.force_login(staff_user)
    url = reverse("admin:jobs_feedsource_confirm_closing", args=[board.pk])
    assert client.get(url).status_code == 405
    assert live() == 10


def test_someone_not_staff_cannot_confirm(client, held_back, board, candidate):
    """The admin sends a non-staff user to its sign-in; nothing closes."""
    client.force_login(candidate)
    response = client.post(reverse("admin:jobs_feedsource_confirm_closing", args=[board.pk]))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert live() == 10


def test_staff_without_the_right_to_change_feeds_cannot_confirm(client, held_back, board):
    """Staff who may only look at feeds are refused, on the page and by the service."""
    viewer = UserFactory.create(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_feedsource"))
    client.force_login(viewer)
    page = client.get(reverse("admin:jobs_feedsource_change", args=[board.pk])).content.decode()
    assert "Confirm closing" not in page
    response = client.post(reverse("admin:jobs_feedsource_confirm_closing", args=[board.pk]))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        snapshots.feed_closing_confirm(feed=board, user=viewer)
    assert live() == 10


def test_a_later_run_listing_the_jobs_again_clears_the_review(fetch, held_back, board):
    fetch(range(10))
    assert board.last_run_status == FeedRunStatus.SUCCEEDED
    assert board.review_requested_at is None
    assert live() == 10


def test_confirming_spares_jobs_a_later_run_lists(client, held_back, board, staff_user):
    """Confirmation closes only what the reviewed run did not see and no run has seen since."""
    client.force_login(staff_user)
    external_id = lever_posting(9)["id"]
    JobPosting.objects.filter(external_id=external_id).update(last_seen_at=board.last_run_at)
    client.post(reverse("admin:jobs_feedsource_confirm_closing", args=[board.pk]))
    assert live() == 5
    assert JobPosting.objects.get(external_id=external_id).status == PostingStatus.PUBLISHED


def test_the_review_links_to_the_sources_postings(client, held_back, board, staff_user):
    """The link on the feed's page opens the posting list filtered to the feed's postings."""
    client.force_login(staff_user)
    response = client.get(reverse("admin:jobs_jobposting_changelist") + f"?source={board.name}")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 10
