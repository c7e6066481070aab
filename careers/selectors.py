"""Every read the careers pages and API need, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from urllib.parse import urlparse

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import Resolver404, resolve

from accounts.models import User
from core.taxonomy import Level
from jobs.models import JobPosting

from .models import (
    FAQ,
    CareerPath,
    CareerStep,
    Certification,
    ChecklistItem,
    ChecklistProgress,
    DemandSnapshot,
    ProgressStatus,
    Resource,
    RoleLevel,
    Skill,
    SkillDemand,
    StepProgress,
)

# How many certifications and resources the skill gap suggests for each missing skill.
SUGGESTIONS_PER_SKILL = 3
FINISHED = {ProgressStatus.DONE, ProgressStatus.SKIPPED}


# --- Content ----------------------------------------------------------------------


def _skills() -> Prefetch:
    return Prefetch("skills", queryset=Skill.objects.only("name", "slug", "category"))


def published_paths() -> QuerySet[CareerPath]:
    """Published paths in order, each with its steps' titles (two queries)."""
    steps = CareerStep.objects.only("path_id", "order", "title", "slug", "summary")
    return (
        CareerPath.objects.filter(is_published=True)
        .select_related("variant_of")
        .prefetch_related(Prefetch("steps", queryset=steps))
    )


def path_count() -> int:
    """How many paths in the site says: published paths, not counting variants of another."""
    return CareerPath.objects.filter(is_published=True, variant_of__isnull=True).count()


def ladder() -> list[RoleLevel]:
    """The rungs from associate PM up, with their skills and next rung (two queries)."""
    return list(RoleLevel.objects.select_related("next_level").prefetch_related(_skills()))


def open_roles_by_level() -> dict[str, int]:
    """Live postings per level as of the last demand refresh; never counts the board."""
    return dict(DemandSnapshot.objects.values_list("level", "sample_size"))


def path_for_page(*, slug: str) -> CareerPath:
    steps = CareerStep.objects.prefetch_related(_skills())
    path = (
        CareerPath.objects.filter(slug=slug, is_published=True)
        .select_related("variant_of")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .first()
    )
    if path is None:
        raise Http404("No such career path.")
    return path


def step_for_page(*, path_slug: str, slug: str) -> CareerStep:
    """A step with everything its page shows: skills, live certifications, resources, checklist."""
    certifications = Certification.objects.filter(is_active=True).order_by(
        "-is_featured", "order", "id"
    )
    step = (
        CareerStep.objects.select_related("path")
        .filter(path__slug=path_slug, path__is_published=True, slug=slug)
        .prefetch_related(
            _skills(),
            Prefetch("certifications", queryset=certifications),
            "resources",
            "checklist",
            Prefetch("path__steps", queryset=CareerStep.objects.only("path_id", "title", "slug")),
        )
        .first()
    )
    if step is None:
        raise Http404("No such step.")
    return step


def checklist_item_for_page(*, pk: int) -> ChecklistItem:
    """A checklist item of a published path; 404 otherwise, as for its step's page."""
    item = (
        ChecklistItem.objects.select_related("step__path")
        .filter(pk=pk, step__path__is_published=True)
        .first()
    )
    if item is None:
        raise Http404("No such checklist item.")
    return item


def active_certifications() -> QuerySet[Certification]:
    """Certifications the public may see: active only, featured first, then by order."""
    return (
        Certification.objects.filter(is_active=True)
        .order_by("-is_featured", "order", "id")
        .prefetch_related(_skills())
    )


def resources() -> QuerySet[Resource]:
    return Resource.objects.order_by("kind", "order", "id").prefetch_related(_skills())


def published_faq() -> QuerySet[FAQ]:
    return FAQ.objects.filter(is_published=True)


def attach_demand(skills: list[Skill], *, level: str = "") -> list[Skill]:
    """Set ``demand_n`` and ``demand_share`` on each skill from the stored demand (one query)."""
    rows = {
        row.skill_id: row
        for row in SkillDemand.objects.filter(level=level, skill__in=[s.pk for s in skills])
    }
    snapshot = DemandSnapshot.objects.filter(level=level).first()
    for skill in skills:
        row = rows.get(skill.pk)
        skill.demand_n = row.postings if row else 0  # type: ignore[attr-defined]
        skill.demand_share = round(row.share, 4) if row else 0.0  # type: ignore[attr-defined]
        skill.demand_sample = snapshot.sample_size if snapshot else 0  # type: ignore[attr-defined]
    return skills


# --- Skill gap ----------------------------------------------------------------------


@dataclass
class GapRow:
    skill: Skill
    postings: int
    share: float
    certifications: list[Certification] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)


@dataclass
class SkillGap:
    level: str
    posting: JobPosting | None
    sample_size: int
    computed_at: datetime | None
    have: list[Skill]
    missing: list[GapRow]
    posting_has: list[Skill]
    posting_lacks: list[Skill]

    @property
    def level_label(self) -> str:
        return Level(self.level).label if self.level else "all levels"


def posting_for_gap(reference: str) -> JobPosting | None:
    """The live posting a slug or a /jobs/<slug>/ address names, or None."""
    reference = reference.strip()
    if "/" in reference:
        try:
            match = resolve(urlparse(reference).path)
        except Resolver404:
            return None
        if match.view_name != "jobs:detail":
            return None
        reference = match.kwargs["slug"]
    return (
        JobPosting.objects.on_board()
        .filter(slug=reference)
        .prefetch_related(_skills())
        .select_related("company")
        .first()
    )


def skill_gap(*, have: list[Skill], level: str = "", posting: JobPosting | None = None) -> SkillGap:
    """Rank the skills the user lacks by the share of live postings that ask for them.

    Demand is read at ``level`` (or the posting's level when only a posting is given) from
    the stored figures. Without a posting the candidates are every skill some live posting
    asks for; with one, only the posting's own skills.
    """
    level = level or (posting.level if posting else "")
    have_ids = {skill.pk for skill in have}
    snapshot = DemandSnapshot.objects.filter(level=level).first()
    demand = {
        row.skill_id: row for row in SkillDemand.objects.filter(level=level).select_related("skill")
    }
    posting_has: list[Skill] = []
    posting_lacks: list[Skill] = []
    if posting is not None:
        wanted = list(posting.skills.all())
        posting_has = [skill for skill in wanted if skill.pk in have_ids]
        posting_lacks = [skill for skill in wanted if skill.pk not in have_ids]
        candidates = posting_lacks
    else:
        candidates = [row.skill for row in demand.values() if row.skill_id not in have_ids]
    rows = []
    for skill in candidates:
        row = demand.get(skill.pk)
        rows.append(
            GapRow(skill=skill, postings=row.postings if row else 0, share=row.share if row else 0)
        )
    rows.sort(key=lambda gap: (-gap.postings, gap.skill.name.lower()))
    _attach_suggestions(rows)
    return SkillGap(
        level=level,
        posting=posting,
        sample_size=snapshot.sample_size if snapshot else 0,
        computed_at=snapshot.computed_at if snapshot else None,
        have=sorted(have, key=lambda skill: skill.name.lower()),
        missing=rows,
        posting_has=posting_has,
        posting_lacks=posting_lacks,
    )


def _attach_suggestions(rows: list[GapRow]) -> None:
    """Give each missing skill the live certifications and resources covering it (two queries)."""
    by_skill = {row.skill.pk: row for row in rows}
    cert_links = (
        Certification.skills.through.objects.filter(
            skill_id__in=by_skill, certification__is_active=True
        )
        .select_related("certification")
        .order_by("-certification__is_featured", "certification__order", "certification_id")
    )
    for link in cert_links:
        row = by_skill[link.skill_id]
        if len(row.certifications) < SUGGESTIONS_PER_SKILL:
            row.certifications.append(link.certification)
    resource_links = (
        Resource.skills.through.objects.filter(skill_id__in=by_skill)
        .select_related("resource")
        .order_by("resource__order", "resource_id")
    )
    for resource_link in resource_links:
        row = by_skill[resource_link.skill_id]
        if len(row.resources) < SUGGESTIONS_PER_SKILL:
            row.resources.append(resource_link.resource)


# --- Progress -----------------------------------------------------------------------


def step_statuses(*, user: User | AnonymousUser, steps: list[CareerStep]) -> dict[int, str]:
    """The user's status per step id; steps never touched are absent (not started)."""
    if not user.is_authenticated:
        return {}
    return dict(
        StepProgress.objects.filter(user=user, step__in=[s.pk for s in steps]).values_list(
            "step_id", "status"
        )
    )


def checklist_statuses(*, user: User | AnonymousUser, items: list[ChecklistItem]) -> dict[int, str]:
    if not user.is_authenticated:
        return {}
    return dict(
        ChecklistProgress.objects.filter(user=user, item__in=[i.pk for i in items]).values_list(
            "item_id", "status"
        )
    )


@dataclass
class PathProgress:
    path: CareerPath
    total: int
    done: int
    skipped: int
    in_progress: int
    next_step: CareerStep | None
    updated_at: datetime | None

    @property
    def counted(self) -> int:
        """Steps that count towards completion: skipped ones do not apply to this user."""
        return self.total - self.skipped

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.counted) if self.counted else 100

    @property
    def started(self) -> bool:
        return self.updated_at is not None

    @property
    def finished(self) -> bool:
        return self.next_step is None


def progress_by_path(*, user: User) -> list[PathProgress]:
    """Completion of every published path for ``user`` (three queries for any number of paths)."""
    paths = list(published_paths())
    rows = (
        StepProgress.objects.filter(user=user, step__path__in=[p.pk for p in paths]).values_list(
            "step_id", "status", "updated_at"
        )
        if user.is_authenticated
        else []
    )
    status: dict[int, str] = {}
    touched: dict[int, datetime] = {}
    for step_id, step_status, updated_at in rows:
        status[step_id] = step_status
        touched[step_id] = updated_at
    summary = []
    for path in paths:
        steps = list(path.steps.all())
        counts: dict[str, int] = defaultdict(int)
        for step in steps:
            counts[status.get(step.pk, ProgressStatus.NOT_STARTED)] += 1
        times = [touched[s.pk] for s in steps if s.pk in touched]
        summary.append(
            PathProgress(
                path=path,
                total=len(steps),
                done=counts[ProgressStatus.DONE],
                skipped=counts[ProgressStatus.SKIPPED],
                in_progress=counts[ProgressStatus.IN_PROGRESS],
                next_step=next((s for s in steps if status.get(s.pk) not in FINISHED), None),
                updated_at=max(times) if times else None,
            )
        )
    return summary


def recommended_next(progress: list[PathProgress]) -> PathProgress | None:
    """The path worked on most recently that still has a step to do; else the first open one."""
    open_paths = [p for p in progress if not p.finished]
    started = [p for p in open_paths if p.updated_at is not None]
    if started:
        return max(started, key=attrgetter("updated_at"))
    return open_paths[0] if open_paths else None
