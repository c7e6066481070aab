"""The gigs that fit a freelancer: listed gigs ranked by how many of their skills each asks for.

/gigs/for-you/, its RSS and Atom feeds, its daily e-mail and the API's ``gigs/for-you/`` all
read ``for_you_page``. It filters through ``GigQuery`` (any of the skills, plus whatever
else the caller's query asks, such as a posting period), so the board's filter rules stay
in one place.

Pages are numbered over a capped candidate set, as the board's best match is: the match
count is computed per freelancer and no index orders by it, so a keyset on it would still
rank every match before the first page. The newest ``RANK_CANDIDATES`` matches are ranked
instead; an older match stays reachable through /gigs/ with the same skills filtered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from careers.models import Skill
from core.pagination import Page, offset_page
from gigs.models import FreelancerProfile, Gig
from gigs.search.page import NEWEST, PAGE_SIZE, cards
from gigs.search.query import GigQuery

RANK_CANDIDATES = 500


def match_count(skill_ids: Sequence[int]) -> Coalesce:
    """How many of ``skill_ids`` a gig asks for: one correlated count, on every database."""
    asked = (
        Skill.objects.filter(gigs=OuterRef("pk"), pk__in=skill_ids)
        .order_by()
        .values("gigs")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(asked, output_field=IntegerField()), 0)


def matched_skills(skill_ids: Sequence[int]) -> Prefetch:
    """A gig's skills among ``skill_ids``, by name, as ``gig.matched_skills``."""
    mine = Skill.objects.filter(pk__in=skill_ids).only("name", "slug").order_by("name")
    return Prefetch("skills", queryset=mine, to_attr="matched_skills")


def for_you_page(
    skill_ids: Sequence[int],
    *,
    query: GigQuery | None = None,
    page: int = 1,
    size: int = PAGE_SIZE,
    rows: QuerySet | None = None,
) -> Page:
    """One page of listed gigs asking for any of ``skill_ids``: most of them first, then newest.

    Each gig carries ``match_count``. The rows are read from ``rows``, by default gig cards
    with ``matched_skills``: then three queries, the rows, their skills and their matched
    skills. No skills, no gigs.
    """
    if not skill_ids:
        return Page(items=[])
    wanted = replace(query or GigQuery(), skill_ids=tuple(skill_ids))
    candidates = wanted.filter(Gig.objects.listed()).order_by(*NEWEST).values("pk")
    order = ("-match_count", *NEWEST)
    if rows is None:
        rows = cards(Gig.objects.all()).prefetch_related(matched_skills(skill_ids))
    ranked = (
        rows.filter(pk__in=candidates[:RANK_CANDIDATES])
        .annotate(match_count=match_count(skill_ids))
        .order_by(*order)
    )
    return offset_page(ranked, page=page, size=size)


def skill_ids_of(user_id: int) -> list[int]:
    """The IDs of the skills on the user's freelancer profile; none without a profile."""
    return list(Skill.objects.filter(freelancers__user_id=user_id).values_list("pk", flat=True))


def freelancer_skills(user_id: int) -> list[Skill] | None:
    """The skills on the user's freelancer profile by name; None when they have no profile."""
    profile = (
        FreelancerProfile.objects.filter(user_id=user_id)
        .only("pk")
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.only("name", "slug")))
        .first()
    )
    return None if profile is None else sorted(profile.skills.all(), key=lambda s: s.name)
