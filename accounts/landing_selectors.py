"""Where each role lands after signing in, and the reads its landing page shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from operator import itemgetter

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.urls import reverse

from careers.selectors import PathProgress, progress_by_path
from core.pagination import Page
from gigs.domain import MilestoneStatus
from gigs.hours import HourLogStatus
from gigs.models import HourLog, Milestone, Payout
from jobs.domain import PostingStatus
from jobs.models import FeedRunStatus, FeedSource, JobPosting, PostingReport, SavedSearch
from jobs.selectors import candidate_applications
from jobs.services.saved_searches import saved_searches_of

from .models import RecruiterRequest, RecruiterRequestStatus, User
from .selectors import pending_recruiter_request_count

# The candidate's landing page shows the latest few of each list and links to the rest.
LATEST_APPLICATIONS = 5
LATEST_SAVED_SEARCHES = 5


class LandingKind(StrEnum):
    MODERATION = "moderation"
    DASHBOARD = "dashboard"
    HOME = "home"


@dataclass(frozen=True)
class Landing:
    """A role's landing page: the header names it first, sign-in goes there."""

    kind: LandingKind
    label: str
    url: str


def landing_for(user: User) -> Landing:
    """Staff moderate, recruiters manage their postings, everyone else works on their path."""
    if user.is_staff:
        return Landing(LandingKind.MODERATION, "Moderation", reverse("accounts:home"))
    if user.is_recruiter:
        return Landing(LandingKind.DASHBOARD, "Dashboard", reverse("jobs:dashboard"))
    return Landing(LandingKind.HOME, "Home", reverse("accounts:home"))


# --- Candidates ---------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    title: str
    text: str
    url: str


@dataclass(frozen=True)
class CandidateHome:
    applications: Page
    saved_searches: list[SavedSearch]
    progress: list[PathProgress]
    next_step: NextStep

    @property
    def started_paths(self) -> list[PathProgress]:
        return [row for row in self.progress if row.started]


def candidate_home(*, user: User) -> CandidateHome:
    """The candidate's latest applications and saved searches, progress and next step."""
    progress = progress_by_path(user=user)
    return CandidateHome(
        applications=candidate_applications(user, cursor=None, size=LATEST_APPLICATIONS),
        saved_searches=list(saved_searches_of(user)[:LATEST_SAVED_SEARCHES]),
        progress=progress,
        next_step=next_step(user=user, progress=progress),
    )


def next_step(*, user: User, progress: list[PathProgress]) -> NextStep:
    """The next step of the path worked on last; else a path to pick; else the profile."""
    open_paths = [
        (row.updated_at, row.path, row.next_step)
        for row in progress
        if row.updated_at is not None and row.next_step is not None
    ]
    if open_paths:
        _, path, step = max(open_paths, key=itemgetter(0))
        return NextStep(step.title, f"The next step of “{path.title}”.", step.get_absolute_url())
    if any(not row.started for row in progress):
        return NextStep(
            "Pick a career path",
            "Choose the route into product management that starts where you are.",
            reverse("careers:index"),
        )
    if not (user.name and user.headline and user.skills):
        return NextStep(
            "Complete your profile",
            "Add your name, a headline and your skills: recruiters read them when you apply.",
            reverse("accounts:profile"),
        )
    return NextStep(
        "Find a product role",
        "Search the roles on the board and apply.",
        reverse("jobs:list"),
    )


# --- Staff ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    """Work waiting for staff: how much, and the admin list that holds it, filtered."""

    label: str
    model: type[models.Model]
    filters: str
    count: Callable[[], int]


@dataclass(frozen=True)
class QueueCount:
    label: str
    count: int
    url: str


def _pending_postings() -> int:
    return JobPosting.objects.filter(status=PostingStatus.PENDING).count()


def _open_reports() -> int:
    return PostingReport.objects.filter(resolved=False).count()


def _feeds_to_review() -> int:
    return FeedSource.objects.filter(last_run_status=FeedRunStatus.NEEDS_REVIEW).count()


def _disputed_milestones() -> int:
    return Milestone.objects.filter(status=MilestoneStatus.DISPUTED).count()


def _disputed_hours() -> int:
    return HourLog.objects.filter(status=HourLogStatus.DISPUTED).count()


def _payouts_to_pay() -> int:
    return Payout.objects.filter(paid_at__isnull=True).count()


# Every queue staff work through, in the order the moderation page and the admin index list
# them; a new kind of work staff act on joins as one more entry here.
STAFF_QUEUES: tuple[Queue, ...] = (
    Queue(
        "Postings waiting for review",
        JobPosting,
        f"status__exact={PostingStatus.PENDING}",
        _pending_postings,
    ),
    Queue("Open reports on postings", PostingReport, "resolved__exact=0", _open_reports),
    Queue(
        "Feeds whose closing needs review",
        FeedSource,
        f"last_run_status__exact={FeedRunStatus.NEEDS_REVIEW}",
        _feeds_to_review,
    ),
    Queue(
        "Disputed milestones",
        Milestone,
        f"status__exact={MilestoneStatus.DISPUTED}",
        _disputed_milestones,
    ),
    Queue(
        "Disputed weeks of hours",
        HourLog,
        f"status__exact={HourLogStatus.DISPUTED}",
        _disputed_hours,
    ),
    Queue("Payouts to pay", Payout, "status=pending", _payouts_to_pay),
    Queue(
        "Requests to become a recruiter",
        RecruiterRequest,
        f"status__exact={RecruiterRequestStatus.PENDING}",
        pending_recruiter_request_count,
    ),
)


def staff_queues(*, user: User | AnonymousUser) -> list[QueueCount]:
    """Each queue ``user`` may open in the admin, with its count: one query a queue."""
    counts = []
    for queue in STAFF_QUEUES:
        meta = queue.model._meta
        perms = (f"{meta.app_label}.{action}_{meta.model_name}" for action in ("view", "change"))
        if not any(user.has_perm(perm) for perm in perms):
            continue
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        counts.append(QueueCount(queue.label, queue.count(), f"{url}?{queue.filters}"))
    return counts
