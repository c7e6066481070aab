"""Reading free text ("SQL, user interviews, roadmaps") onto the skill taxonomy."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import slugify

from .models import Skill


def split_skill_text(text: str) -> list[str]:
    """Comma-separated entries, trimmed, empty ones dropped, first spelling of a repeat kept."""
    seen: set[str] = set()
    entries = []
    for entry in text.split(","):
        entry = " ".join(entry.split())
        if entry and entry.lower() not in seen:
            seen.add(entry.lower())
            entries.append(entry)
    return entries


def skill_lookup(skills: Iterable[Skill]) -> dict[str, Skill]:
    """Lower-cased names, slugs and synonyms to skills; a name beats another skill's synonym."""
    skills = list(skills)
    lookup: dict[str, Skill] = {}
    for skill in skills:
        lookup.setdefault(skill.name.lower(), skill)
        lookup.setdefault(skill.slug, skill)
    for skill in skills:
        for phrase in skill.synonym_list:
            lookup.setdefault(phrase.lower(), skill)
    return lookup


def match_skills(text: str, skills: Iterable[Skill]) -> tuple[list[Skill], list[str]]:
    """Return the taxonomy skills ``text`` names and the entries that match none, in order."""
    lookup = skill_lookup(skills)
    matched: list[Skill] = []
    unmatched: list[str] = []
    for entry in split_skill_text(text):
        skill = lookup.get(entry.lower()) or lookup.get(slugify(entry))
        if skill is None:
            unmatched.append(entry)
        elif skill not in matched:
            matched.append(skill)
    return matched, unmatched
