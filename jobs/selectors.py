"""Every read the job board's pages, feeds and API need."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.http import Http404

from accounts.models import User
from careers.models import Skill
from core.pagination import Page, keyset_page, offset_page
from jobs import search
from jobs.filters import PostingFilter
from jobs.models import Application, Company, JobPosting
from jobs.permissions import can_manage

PAGE_SIZE = 20
APPLICATIONS_PAGE_SIZE = 25
SIMILAR_LIMIT = 4
SORT_KEYS = {"newest": ["-posted_at", "-id"], "salary": ["-salary_max_annual", "-id"]}
# Long columns that list pages and API rows never show.
CARD_DEFERRED = ("description", "description_html", "search_vector")
# What a card or row shows of a skill, in the order of the model's fields (Model.from_db).
CARD_SKILL_FIELDS = ("id", "name", "slug")
# A page's links to skills, with each skill's name and slug, in name order. Written out:
# the ORM took longer to build this query than the database takes to answer it.
CARD_SKILLS_SQL = """
SELECT link.jobposting_id, skill.id, skill.name, skill.slug
FROM jobs_jobposting_skills link JOIN careers_skill skill ON skill.id = link.skill_id
WHERE link.jobposting_id IN ({keys})
ORDER BY skill.name
"""


def _with_cards(queryset: QuerySet) -> QuerySet:
    """What a posting card or API row shows: the company, and the skills in ``skill_list``.

    Two queries per page, however the rows are read (a list, ``get()``, ``first()``). The
    skills come as a plain list rather than through the ``skills`` manager: filling a
    manager's cache clones a queryset for every row.
    """
    cards = queryset.select_related("company")
    # Django makes a queryset's rows through its iterable class; values() and values_list()
    # put in their own, so a subquery of these postings' keys reads no skills.
    cards._iterable_class = CardIterable
    return cards


class CardIterable(ModelIterable):
    """Postings as Django reads them, each with its skills, in name order, in ``skill_list``.

    A prefetch of the skills made a Skill for each of a page's hundred or so links, and
    cost more than reading the page. One query reads the page's links with each skill's
    name and slug instead, and each skill on the page becomes one Skill, loaded as
    ``only("name", "slug")`` loads it, which the postings that ask for it share.
    """

    def __iter__(self) -> Iterator[JobPosting]:
        postings = list(super().__iter__())
        if not postings:
            return iter(postings)
        by_id = {posting.pk: posting for posting in postings}
        for posting in postings:
            posting.skill_list = []
        db = self.queryset.db
        # Only placeholders go into the query; the keys are its parameters.
        sql = CARD_SKILLS_SQL.format(keys=", ".join(["%s"] * len(by_id)))
        with connections[db].cursor() as cursor:
            cursor.execute(sql, list(by_id))
            links = cursor.fetchall()
        skills: dict[int, Skill] = {}
        for posting_id, skill_id, name, slug in links:
            skill = skills.get(skill_id)
            if skill is None:
                skill = Skill.from_db(db, CARD_SKILL_FIELDS, (skill_id, name, slug))
                skills[skill_id] = skill
            by_id[posting_id].skill_list.append(skill)
        return iter(postings)


def _card_skills() -> QuerySet:
    return Skill.objects.only("name", "slug")


def board_postings() -> QuerySet:
    return _with_cards(JobPosting.objects.on_board())


def board_page(
    filterset: PostingFilter, *, cursor: str | None, page: int, size: int = PAGE_SIZE
) -> Page:
    """One page of search results in the chosen order, never counting the whole result.

    The search picks the page's postings by primary key; only those rows are then read,
    without the long columns no card shows.
    """
    results = filterset.qs
    board = JobPosting.objects.on_board()
    sort = filterset.chosen_sort
    text = filterset.form.cleaned_data.get("q", "") if filterset.is_valid() else ""
    since = filterset.posted_since
    if sort == "relevance" and text.strip():
        ranked = search.rank(results, text, among=board, first=page * size + 1, since=since)
        ranked = _with_cards(ranked).defer(*CARD_DEFERRED)
        return offset_page(ranked, page=page, size=size)
    if sort == "salary":
        results = results.filter(salary_max_annual__isnull=False)
        board = board.filter(salary_max_annual__isnull=False)
    keys = SORT_KEYS.get(sort, SORT_KEYS["newest"])
    rows = _with_cards(JobPosting.objects.defer(*CARD_DEFERRED))

    def first_matches(after: Q, limit: int):
        among = board.filter(after)
        return search.first_matches(
            results.filter(after), among=among, keys=keys, limit=limit, since=since
        )

    pick = first_matches if text.strip() else None
    return keyset_page(results, keys=keys, cursor=cursor, size=size, rows=rows, pick=pick)


def posting_for_page(*, slug: str, user: User | AnonymousUser) -> JobPosting:
    """The posting behind a URL, if ``user`` may see it; 404 otherwise."""
    posting = (
        JobPosting.objects.visible_to(user)
        .select_related("company", "duplicate_of")
        .prefetch_related(Prefetch("skills", queryset=_card_skills()))
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
        board_postings()
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
    """The recruiter's postings with their application counts, for the dashboard table."""
    return recruiter_postings(user).annotate(application_count=Count("applications"))


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
    return _with_cards(recruiter_postings(user))


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
