"""The job board's reads beside the search (``jobs.search``): postings, dashboards, applicants."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import User
from core.pagination import Page, keyset_page
from jobs.domain import PostingStatus
from jobs.models import Application, ApplicationStatus, Company, JobPosting
from jobs.permissions import can_manage
from jobs.search.board import card_skills, cards

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

APPLICATIONS_PAGE_SIZE = 25
SIMILAR_LIMIT = 4


def posting_for_page(*, slug: str, user: User | AnonymousUser) -> JobPosting:
    """The posting behind a URL, if ``user`` may see it; 404 otherwise."""
    posting = (
        JobPosting.objects.visible_to(user)
        .select_related("company", "duplicate_of")
        .prefetch_related(card_skills())
        .filter(slug=slug)
        .first()
    )
    if posting is None:
        raise Http404("No such posting.")
    return posting


def posting_comments(posting: JobPosting) -> QuerySet:
    """The thread between moderators and the posting's recruiters, oldest first."""
    return posting.comments.select_related("author").order_by("created_at", "id")


def similar_postings(posting: JobPosting, *, limit: int = SIMILAR_LIMIT) -> list[JobPosting]:
    """Live postings at the same level, preferring shared skills, then the same country."""
    skill_ids = [skill.pk for skill in posting.skills.all()]
    candidates = (
        cards(JobPosting.objects.on_board())
        .exclude(pk=posting.pk)
        .filter(level=posting.level)
        .annotate(shared=Count("skills", filter=Q(skills__in=skill_ids)))
        .order_by("-shared", "-posted_at")
    )
    same_country = list(candidates.filter(country=posting.country)[:limit])
    if len(same_country) == limit:
        return same_country
    others = candidates.exclude(pk__in=[p.pk for p in same_country])
    return same_country + list(others[: limit - len(same_country)])


def recruiter_postings(user: User) -> QuerySet:
    """Every posting of the companies ``user`` recruits for, in every status."""
    return JobPosting.objects.by(user).select_related("company").order_by("-created_at", "-id")


def recruiter_dashboard(user: User) -> QuerySet:
    """The recruiter's postings with their application counts, all and new, for the dashboard."""
    new = Q(applications__status=ApplicationStatus.NEW)
    return recruiter_postings(user).annotate(
        application_count=Count("applications"),
        new_application_count=Count("applications", filter=new),
    )


class ApplicationCounts(TypedDict):
    """What ``recruiter_dashboard`` adds to each posting."""

    application_count: int
    new_application_count: int


@dataclass(frozen=True)
class DashboardCounts:
    """What waits on the recruiter, counted from the dashboard's own rows."""

    live: int
    in_review: int
    to_finish: int
    new_applications: int


def dashboard_counts(
    postings: Iterable[WithAnnotations[JobPosting, ApplicationCounts]],
) -> DashboardCounts:
    """Live postings, those waiting for review, drafts and rejected ones to finish, and
    applications nobody has looked at, from ``recruiter_dashboard`` rows (no query)."""
    rows = list(postings)
    statuses = [posting.status for posting in rows]
    return DashboardCounts(
        live=statuses.count(PostingStatus.PUBLISHED),
        in_review=statuses.count(PostingStatus.PENDING),
        to_finish=statuses.count(PostingStatus.DRAFT) + statuses.count(PostingStatus.REJECTED),
        new_applications=sum(posting.new_application_count for posting in rows),
    )


def companies_with_open_postings() -> QuerySet:
    """Every company with the number of its live postings, counted in the same query."""
    live = (
        JobPosting.objects.on_board()
        .filter(company=OuterRef("pk"))
        .order_by()
        .values("company")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Company.objects.annotate(open_postings=Coalesce(Subquery(live), 0))


def recruiter_cards(user: User) -> QuerySet:
    """The recruiter's own postings in every status, with what a card shows."""
    return cards(recruiter_postings(user))


def recruiter_companies(user: User) -> QuerySet:
    return Company.objects.filter(recruiters=user).order_by("name")


# --- Applications ---------------------------------------------------------------------------

APPLICATION_KEYS = ["-created_at", "-id"]


def application_for(user: User | AnonymousUser, posting: JobPosting) -> Application | None:
    """The signed-in user's application to ``posting``, if they made one."""
    if not user.is_authenticated:
        return None
    return Application.objects.filter(posting=posting, candidate=user).first()


def posting_for_applicants(*, slug: str, user: User) -> JobPosting:
    """The posting whose applicants ``user`` manages; 404 for everyone else, so none can probe."""
    posting = JobPosting.objects.select_related("company").filter(slug=slug).first()
    if posting is None or not can_manage(user, posting):
        raise Http404("No such posting.")
    return posting


def posting_applicants(
    posting: JobPosting,
    *,
    status: str | None,
    cursor: str | None,
    size: int = APPLICATIONS_PAGE_SIZE,
) -> Page:
    """One page of a posting's applicants, newest first, optionally in one status."""
    applications = Application.objects.filter(posting=posting).select_related("candidate")
    if status:
        applications = applications.filter(status=status)
    return keyset_page(applications, keys=APPLICATION_KEYS, cursor=cursor, size=size)


def applicant_status_counts(posting: JobPosting) -> dict[str, int]:
    rows = Application.objects.filter(posting=posting).values_list("status").annotate(n=Count("id"))
    return dict(rows.order_by())


def candidate_applications(
    user: User, *, cursor: str | None, size: int = APPLICATIONS_PAGE_SIZE
) -> Page:
    """One page of the candidate's own applications with their postings, newest first."""
    applications = Application.objects.filter(candidate=user).select_related("posting__company")
    return keyset_page(applications, keys=APPLICATION_KEYS, cursor=cursor, size=size)


def application_for_resume(*, pk: int, user: User | AnonymousUser) -> Application:
    """An application whose résumé ``user`` may download: their own, or one they manage."""
    application = _application(pk)
    if application.candidate_id != user.pk and not can_manage(user, application.posting):
        raise Http404("No such application.")
    return application


def application_for_move(*, pk: int, user: User) -> Application:
    """An application whose status ``user`` may change: one of a posting they manage."""
    application = _application(pk)
    if not can_manage(user, application.posting):
        raise Http404("No such application.")
    return application


def _application(pk: int) -> Application:
    application = Application.objects.select_related("posting__company").filter(pk=pk).first()
    if application is None:
        raise Http404("No such application.")
    return application
