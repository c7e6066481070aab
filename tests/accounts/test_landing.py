"""Each role's landing page after sign-in, its counts, and the header menu that names it."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts.landing_selectors import STAFF_QUEUES, candidate_home, next_step, staff_queues
from accounts.services import recruiter_request_create, recruiter_request_reject
from careers.models import ProgressStatus, StepProgress
from careers.selectors import progress_by_path
from gigs.domain import MilestoneStatus
from gigs.hours import HourLogStatus
from gigs.models import HourLog, Milestone
from gigs.services import payouts
from jobs.domain import PostingStatus
from jobs.models import (
    ApplicationStatus,
    FeedRunStatus,
    FeedSource,
    PostingReport,
    ReportReason,
    SavedSearch,
)
from tests.accounts.factories import UserFactory
from tests.careers.factories import CareerPathFactory, CareerStepFactory
from tests.gigs import conftest as gigs_fixtures
from tests.gigs.factories import PayoutMethodFactory
from tests.jobs.factories import ApplicationFactory, PostingFactory

# The gigs tests' people, contracts and money helpers, shared rather than written twice.
client_user = gigs_fixtures.client_user
freelancer = gigs_fixtures.freelancer
gig = gigs_fixtures.gig
contract = gigs_fixtures.contract
hourly_contract = gigs_fixtures.hourly_contract
weeks_ago = gigs_fixtures.weeks_ago
fund = gigs_fixtures.fund
earn = gigs_fixtures.earn

HOME_URL = reverse("accounts:home")


def menu(page: str) -> list[str]:
    """The labels of the account menu's links and buttons, in order."""
    found = re.search(r'<details class="account-menu">(.*?)</details>', page, re.S)
    assert found, "no account menu"
    items = re.findall(
        r"<li>\s*(?:<a [^>]*>|<form.*?<button [^>]*>)(.*?)</(?:a|button)>", found[1], re.S
    )
    return [re.sub(r"<.*", "", item).strip() for item in items]


# --- Who lands where -------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    """Signed out, the landing page asks for signing in first and comes back after."""
    response = client.get(HOME_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={HOME_URL}"


def test_candidate_lands_on_their_home(client, candidate):
    """A candidate's landing page is their own home: applications, searches, progress."""
    client.force_login(candidate)
    response = client.get(HOME_URL)
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "accounts/home.html"
    page = response.content.decode()
    for heading in ("Your next step", "Your applications", "Your saved searches"):
        assert heading in page


def test_recruiter_is_sent_to_the_dashboard(client, recruiter):
    """A recruiter lands on the dashboard of their postings."""
    client.force_login(recruiter)
    response = client.get(HOME_URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:dashboard")


def test_staff_land_on_the_moderation_queue(client, staff_user):
    """Staff land on the moderation page, which links every queue to the admin."""
    client.force_login(staff_user)
    response = client.get(HOME_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Moderation</h1>" in page
    for queue in STAFF_QUEUES:
        assert queue.label in page


def test_staff_recruiter_lands_on_moderation_not_the_dashboard(client, recruiter):
    """Staff work comes first for someone who is both staff and a recruiter."""
    recruiter.is_staff = True
    recruiter.save()
    client.force_login(recruiter)
    assert client.get(HOME_URL).status_code == 200


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("candidate", "accounts:home"),
        ("recruiter", "jobs:dashboard"),
        ("staff_user", "accounts:home"),
    ],
)
def test_sign_in_lands_on_the_roles_page(client, log_in, request, who, landing):
    """Signing in through the form sends each role to the page its menu names first."""
    user = request.getfixturevalue(who)
    response = log_in(client, user.email)
    assert response.status_code == 302
    assert client.get(response.url, follow=True).request["PATH_INFO"] == reverse(landing)


# --- The header menu -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "first", "url"),
    [
        ("candidate", "Home", "accounts:home"),
        ("recruiter", "Dashboard", "jobs:dashboard"),
        ("staff_user", "Moderation", "accounts:home"),
    ],
)
def test_menu_names_the_roles_landing_page_first(client, request, who, first, url):
    """The account menu opens on the role's landing page, then the user's own pages."""
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("home")).content.decode()
    items = menu(page)
    assert items[0] == first
    assert f'<li><a href="{reverse(url)}">{first}</a></li>' in page
    tail = ["Messages", "Offers of mine", "Balance", "Profile", "Sign out"]
    assert [item for item in items if item in tail] == tail


def test_menu_offers_the_gig_feed_to_freelancers_only(client, candidate, freelancer):
    """ "Gigs for you" shows for a user with a freelancer profile, not for anyone else."""
    client.force_login(freelancer)
    assert "Gigs for you" in menu(client.get(reverse("home")).content.decode())
    client.force_login(candidate)
    assert "Gigs for you" not in menu(client.get(reverse("home")).content.decode())


def test_signed_out_header_has_no_account_menu(client, db):
    """Visitors get Sign in and Sign up, and no menu of someone's pages."""
    page = client.get(reverse("home")).content.decode()
    assert "account-menu" not in page
    assert reverse("account_login") in page


# --- The candidate's home ------------------------------------------------------------


def test_candidate_home_shows_their_latest_applications_with_status(client, candidate):
    """The newest applications show with their status; older ones wait on the full list."""
    oldest = ApplicationFactory.create(candidate=candidate)
    newer = ApplicationFactory.create_batch(5, candidate=candidate)
    newer[-1].status = ApplicationStatus.SHORTLISTED
    newer[-1].save()
    client.force_login(candidate)
    page = client.get(HOME_URL).content.decode()
    for application in newer:
        assert application.posting.get_absolute_url() in page
    assert oldest.posting.get_absolute_url() not in page
    assert "Shortlisted" in page
    assert reverse("jobs:my_applications") in page


def test_candidate_home_never_shows_someone_elses_rows(client, candidate):
    """Another candidate's applications and saved searches stay off this home."""
    other = UserFactory.create()
    theirs = ApplicationFactory.create(candidate=other)
    SavedSearch.objects.create(user=other, name="zq-their-search", query="q=growth")
    SavedSearch.objects.create(user=candidate, name="Remote growth roles", query="q=growth")
    client.force_login(candidate)
    page = client.get(HOME_URL).content.decode()
    assert theirs.posting.get_absolute_url() not in page
    assert "zq-their-search" not in page
    assert "Remote growth roles" in page


def test_next_step_is_the_next_unfinished_step_of_the_path_worked_on(candidate):
    """With a path under way, the next step is its first step not done or skipped."""
    path = CareerPathFactory.create()
    first, second, _ = CareerStepFactory.create_batch(3, path=path)
    StepProgress.objects.create(user=candidate, step=first, status=ProgressStatus.DONE)
    step = next_step(user=candidate, progress=progress_by_path(user=candidate))
    assert (step.title, step.url) == (second.title, second.get_absolute_url())


def test_next_step_without_a_path_under_way_is_to_pick_one(candidate):
    """No step touched yet: the next step is choosing a path."""
    CareerStepFactory.create()
    step = next_step(user=candidate, progress=progress_by_path(user=candidate))
    assert (step.title, step.url) == ("Pick a career path", reverse("careers:index"))


def test_next_step_after_every_path_is_the_profile_when_it_is_thin(candidate):
    """Every path done and no headline: the next step is completing the profile."""
    only = CareerStepFactory.create()
    StepProgress.objects.create(user=candidate, step=only, status=ProgressStatus.DONE)
    candidate.headline = ""
    step = next_step(user=candidate, progress=progress_by_path(user=candidate))
    assert (step.title, step.url) == ("Complete your profile", reverse("accounts:profile"))


def test_next_step_with_everything_done_is_the_job_board(candidate):
    """Every path done and a full profile: the next step is finding a role."""
    only = CareerStepFactory.create()
    StepProgress.objects.create(user=candidate, step=only, status=ProgressStatus.SKIPPED)
    candidate.headline, candidate.skills = "Analyst moving into product", "SQL, research"
    step = next_step(user=candidate, progress=progress_by_path(user=candidate))
    assert step.url == reverse("jobs:list")


def test_candidate_home_shows_only_paths_under_way(candidate):
    """Progress lists the paths the candidate has started, not every path."""
    started, untouched = CareerPathFactory.create_batch(2)
    step = CareerStepFactory.create(path=started)
    CareerStepFactory.create(path=untouched)
    StepProgress.objects.create(user=candidate, step=step, status=ProgressStatus.IN_PROGRESS)
    assert [row.path for row in candidate_home(user=candidate).started_paths] == [started]


def test_candidate_home_reads_a_fixed_number_of_queries(
    client, candidate, django_assert_max_num_queries
):
    """However many applications, searches and paths, the page costs the same queries."""
    ApplicationFactory.create_batch(8, candidate=candidate)
    for number in range(8):
        SavedSearch.objects.create(user=candidate, name=f"Search {number}", query="q=pm")
    for path in CareerPathFactory.create_batch(3):
        steps = CareerStepFactory.create_batch(3, path=path)
        StepProgress.objects.create(user=candidate, step=steps[0], status=ProgressStatus.DONE)
    client.force_login(candidate)
    # Session and user, the header's figures, applications, searches, paths, steps, progress.
    with django_assert_max_num_queries(9):
        assert client.get(HOME_URL).status_code == 200


# --- Staff queues ----------------------------------------------------------------------


@pytest.fixture
def queued(company, candidate, contract, hourly_contract, weeks_ago, freelancer, earn, staff_user):
    """Two of each kind of staff work waiting, beside one of each already dealt with."""
    PostingFactory.create_batch(2, company=company, status=PostingStatus.PENDING)
    for name, run_status in [
        ("board-a", FeedRunStatus.NEEDS_REVIEW),
        ("board-b", FeedRunStatus.NEEDS_REVIEW),
        ("board-c", FeedRunStatus.SUCCEEDED),
    ]:
        FeedSource.objects.create(name=name, last_run_status=run_status, last_run_at=timezone.now())
    live = PostingFactory.create(company=company)
    for reporter, resolved in [
        (candidate, False),
        (UserFactory.create(), False),
        (UserFactory.create(), True),
    ]:
        PostingReport.objects.create(
            posting=live, reporter=reporter, reason=ReportReason.SPAM, resolved=resolved
        )
    first, second = contract.milestones.all()
    Milestone.objects.filter(pk__in=[first.pk, second.pk]).update(status=MilestoneStatus.DISPUTED)
    for week, status in [
        (1, HourLogStatus.DISPUTED),
        (2, HourLogStatus.DISPUTED),
        (3, HourLogStatus.APPROVED),
    ]:
        HourLog.objects.create(
            contract=hourly_contract,
            week=weeks_ago(week),
            minutes=60,
            description="Discovery",
            amount=9_000,
            status=status,
        )
    asked = [
        recruiter_request_create(
            user=UserFactory.create(), company=company, work_email=f"hr{n}@work.example"
        )
        for n in range(3)
    ]
    recruiter_request_reject(recruiter_request=asked[0], moderator=staff_user, reason="Unknown")
    earn(freelancer, "milestone:earned", 9_000)
    method = PayoutMethodFactory.create(profile=freelancer.freelancer_profile)
    made = [
        payouts.payout_create(
            freelancer=freelancer, method_id=method.pk, amount=1_000, currency="GBP"
        )
        for _ in range(3)
    ]
    return made


def test_staff_queues_count_only_the_work_waiting(queued, staff_user):
    """Pending postings, open reports, feeds to review, disputes, unpaid payouts and recruiter
    requests are each counted."""
    payouts.payout_mark_paid(actor=staff_user, payout_id=queued[0].pk)
    counts = {queue.label: queue.count for queue in staff_queues(user=staff_user)}
    assert counts == {
        "Postings waiting for review": 2,
        "Open reports on postings": 2,
        "Feeds whose closing needs review": 2,
        "Disputed milestones": 2,
        "Disputed weeks of hours": 2,
        "Payouts to pay": 2,
        "Requests to become a recruiter": 2,
    }


def test_each_queue_links_to_its_admin_list_filtered(client, queued, staff_user):
    """Each count's link opens the admin list showing exactly the rows it counted."""
    client.force_login(staff_user)
    for queue in staff_queues(user=staff_user):
        response = client.get(queue.url)
        assert response.status_code == 200, queue.url
        assert response.context["cl"].result_count == queue.count, queue.label


def test_staff_see_only_the_queues_they_may_open(staff_user):
    """A staff member without admin rights on a model gets no count of its rows."""
    moderator = UserFactory.create(is_staff=True)
    assert staff_queues(user=moderator) == []
    moderator.user_permissions.add(Permission.objects.get(codename="view_jobposting"))
    moderator = type(moderator).objects.get(pk=moderator.pk)
    assert [queue.label for queue in staff_queues(user=moderator)] == [
        "Postings waiting for review"
    ]


def test_moderation_page_reads_one_query_a_queue(
    client, queued, staff_user, django_assert_max_num_queries
):
    """The moderation page costs its session, the header and one count per queue."""
    client.force_login(staff_user)
    with django_assert_max_num_queries(3 + len(STAFF_QUEUES)):
        page = client.get(HOME_URL).content.decode()
    assert re.search(r'class="queue-count">3</strong> <span>Payouts to pay', page)


def test_admin_index_shows_the_same_counts(client, queued, staff_user):
    """The admin's index opens on the same queues and counts as the moderation page."""
    client.force_login(staff_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.context["staff_queues"] == staff_queues(user=staff_user)
    assert "Waiting for staff" in response.content.decode()
