"""Every write of the careers app: skill demand from the job board, progress, profile skills."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from jobs.models import JobPosting

from .models import (
    CareerStep,
    ChecklistItem,
    ChecklistProgress,
    DemandSnapshot,
    ProgressStatus,
    Skill,
    SkillDemand,
    StepProgress,
)
from .taxonomy import match_skills

ALL = SkillDemand.ALL_LEVELS


@dataclass(frozen=True)
class DemandRefresh:
    sample_size: int
    rows: int


@transaction.atomic
def skill_demand_refresh() -> DemandRefresh:
    """Recount, per level and over all levels, how many live postings ask for each skill.

    Live means on the board (``JobPosting.objects.on_board()``); the market insights' top
    skills count these postings too, plus those closed since (``went_live()``). The old
    figures are replaced in one transaction, so readers see the previous set or the new
    one, never a mix.
    """
    now = timezone.now()
    board = JobPosting.objects.on_board()
    totals = {row["level"]: row["n"] for row in board.values("level").annotate(n=Count("id"))}
    totals[ALL] = sum(totals.values())
    through = JobPosting.skills.through
    per_level = (
        through.objects.filter(jobposting__in=board)
        .values("skill_id", "jobposting__level")
        .annotate(n=Count("jobposting_id"))
    )
    counts: dict[tuple[int, str], int] = {}
    for row in per_level:
        counts[(row["skill_id"], row["jobposting__level"])] = row["n"]
        key = (row["skill_id"], ALL)
        counts[key] = counts.get(key, 0) + row["n"]

    SkillDemand.objects.all().delete()
    SkillDemand.objects.bulk_create(
        SkillDemand(
            skill_id=skill_id,
            level=level,
            postings=n,
            sample_size=totals[level],
            computed_at=now,
        )
        for (skill_id, level), n in counts.items()
    )
    DemandSnapshot.objects.all().delete()
    DemandSnapshot.objects.bulk_create(
        DemandSnapshot(level=level, sample_size=n, computed_at=now) for level, n in totals.items()
    )
    return DemandRefresh(sample_size=totals[ALL], rows=len(counts))


def _check_status(status: str) -> ProgressStatus:
    if status not in ProgressStatus.values:
        raise ValidationError({"status": f"Choose one of: {', '.join(ProgressStatus.values)}."})
    return ProgressStatus(status)


@transaction.atomic
def step_progress_set(*, user: User, step: CareerStep, status: str) -> StepProgress:
    """Record where ``user`` stands on ``step``; only ever the caller's own row."""
    progress, _ = StepProgress.objects.update_or_create(
        user=user, step=step, defaults={"status": _check_status(status)}
    )
    return progress


@transaction.atomic
def checklist_progress_set(*, user: User, item: ChecklistItem, status: str) -> ChecklistProgress:
    """Record where ``user`` stands on one checklist action of a step."""
    progress, _ = ChecklistProgress.objects.update_or_create(
        user=user, item=item, defaults={"status": _check_status(status)}
    )
    return progress


@transaction.atomic
def profile_skills_adopt_text(*, user: User) -> list[Skill]:
    """Link the taxonomy skills named in the profile's free text; keep the rest as text.

    Returns the skills newly linked. Running it twice links nothing more.
    """
    matched, unmatched = match_skills(user.skills, Skill.objects.all())
    if not matched:
        return []
    existing = set(user.profile_skills.values_list("pk", flat=True))
    added = [skill for skill in matched if skill.pk not in existing]
    user.profile_skills.add(*added)
    user.skills = ", ".join(unmatched)
    user.save(update_fields=["skills"])
    return added
