"""Demo careers content: the skill taxonomy, paths, ladder, certifications, resources and FAQ.

Every loader creates its rows once. On later runs it only corrects fields that still hold
a value an earlier seed wrote (``SUPERSEDED``), so admins' edits survive seed_demo.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify

from accounts.models import User
from careers.models import (
    FAQ,
    CareerPath,
    CareerStep,
    Certification,
    ChecklistItem,
    ProgressStatus,
    Resource,
    RoleLevel,
    Skill,
    SkillCategory,
    StepProgress,
)
from careers.services import profile_skills_adopt_text

from .demo_content import (
    CERTIFICATIONS,
    FAQS,
    LADDER,
    PATHS,
    RESOURCES,
    SKILL_DESCRIPTIONS,
    SUPERSEDED,
)

BUSINESS, TECHNICAL = SkillCategory.BUSINESS, SkillCategory.TECHNICAL

# (name, category, synonyms used to spot the skill in free text)
SKILLS = [
    ("Communication", BUSINESS, "written communication, verbal communication, storytelling"),
    ("Stakeholder management", BUSINESS, "stakeholders, cross-functional alignment"),
    ("Negotiation", BUSINESS, "negotiating, trade-offs"),
    ("Leadership", BUSINESS, "influence without authority, leading teams"),
    ("Project management", BUSINESS, "coordination, dependencies, delivery management"),
    ("Strategic thinking", BUSINESS, "product strategy, vision, segmentation, forecasting"),
    ("Prioritization", BUSINESS, "prioritisation, backlog management, RICE"),
    ("Roadmapping", BUSINESS, "roadmap, product roadmap"),
    ("Go-to-market", BUSINESS, "GTM, launch, product marketing, pricing strategy"),
    ("User research", BUSINESS, "customer interviews, usability testing, discovery"),
    ("Analytical thinking", BUSINESS, "analytics, data-driven, analytical skills"),
    ("Product metrics", BUSINESS, "KPIs, OKRs, retention, engagement, business intelligence"),
    ("Problem solving", BUSINESS, "problem-solving, root cause analysis"),
    ("UX and product design", BUSINESS, "UX, user experience, design thinking, wireframes"),
    ("Agile delivery", BUSINESS, "agile, scrum, kanban, sprint planning"),
    ("Data analysis", TECHNICAL, "data extraction, data analysis, Excel, spreadsheets"),
    ("SQL", TECHNICAL, "sql queries, postgres, bigquery"),
    ("A/B testing", TECHNICAL, "experimentation, split testing, experiments"),
    ("Coding basics", TECHNICAL, "python, javascript, programming"),
    ("Market research", TECHNICAL, "market analysis, competitive analysis, market sizing"),
    ("Prototyping", TECHNICAL, "figma, prototypes, mock-ups"),
    ("APIs and integrations", TECHNICAL, "API, REST, integrations, platform"),
    ("Machine learning products", TECHNICAL, "ML, AI, machine learning, LLM"),
    ("Technical writing", TECHNICAL, "specifications, PRDs, requirements documents"),
]

# The demo candidate has started the first path: two steps done, one under way.
DEMO_PROGRESS = {
    "candidate@example.com": [
        ("from-product-work", "knowledge-building", ProgressStatus.DONE),
        ("from-product-work", "skill-gap-analysis", ProgressStatus.DONE),
        ("from-product-work", "certification", ProgressStatus.IN_PROGRESS),
    ]
}


@dataclass(frozen=True)
class CareersSeed:
    paths: int
    certifications: int
    resources: int


def seed_skills() -> list[Skill]:
    """Create the taxonomy's starting skills once; admins edit them afterwards."""
    skills = []
    for name, category, synonyms in SKILLS:
        slug = slugify(name)
        skill, _ = Skill.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "category": category,
                "synonyms": synonyms,
                "description": SKILL_DESCRIPTIONS.get(slug, ""),
            },
        )
        skills.append(skill)
    return skills


def seed_careers(users: list[User]) -> CareersSeed:
    """Load the guides, ladder, certifications, resources and FAQ; link demo users' skills."""
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    certifications = _seed_certifications(skills)
    resources = _seed_resources(skills)
    for spec in PATHS:
        _seed_path(spec, skills, certifications, resources)
    _seed_ladder(skills)
    for order, (question, answer, source, is_guidance) in enumerate(FAQS):
        fields = {"answer": answer, "source": source, "is_guidance": is_guidance, "order": order}
        entry, created = FAQ.objects.get_or_create(question=question, defaults=fields)
        if not created:
            _correct(entry, f"faq:{question}", fields)
    for user in users:
        profile_skills_adopt_text(user=user)
        _seed_progress(user)
    return CareersSeed(
        paths=CareerPath.objects.count(),
        certifications=Certification.objects.count(),
        resources=Resource.objects.count(),
    )


def fingerprint(key: str, field: str, value: Any) -> str:
    """Identify one value one seeded row held, without keeping the old text in the code."""
    return hashlib.sha256(f"{key}.{field}={value}".encode()).hexdigest()[:16]


def _correct(instance: Any, key: str, fields: dict[str, Any]) -> None:
    """Give a seeded row the current seed's value wherever it still holds an earlier seed's."""
    stale = [
        name
        for name, value in fields.items()
        if getattr(instance, name) != value
        and fingerprint(key, name, getattr(instance, name)) in SUPERSEDED
    ]
    for name in stale:
        setattr(instance, name, fields[name])
    if stale:
        instance.save(update_fields=stale)


def _seed_certifications(skills: dict[str, Skill]) -> dict[str, Certification]:
    found = {}
    for spec in CERTIFICATIONS:
        fields = {k: v for k, v in spec.items() if k not in {"slug", "skills"}}
        certification, created = Certification.objects.get_or_create(
            slug=spec["slug"], defaults=fields
        )
        if created:
            certification.skills.set([skills[slug] for slug in spec["skills"]])
        else:
            _correct(certification, f"certification:{spec['slug']}", fields)
        found[certification.slug] = certification
    return found


def _seed_resources(skills: dict[str, Skill]) -> dict[tuple[str, str], Resource]:
    found: dict[tuple[str, str], Resource] = {}
    for order, (kind, title, author, url, skill_slugs, description) in enumerate(RESOURCES):
        fields = {"author": author, "url": url, "is_free": None, "description": description}
        resource, created = Resource.objects.get_or_create(
            kind=kind, title=title, defaults={**fields, "order": order}
        )
        if created:
            resource.skills.set([skills[slug] for slug in skill_slugs])
        else:
            _correct(resource, f"resource:{kind}/{title}", fields)
        found[(kind, title)] = resource
    return found


def _seed_path(
    spec: dict,
    skills: dict[str, Skill],
    certifications: dict[str, Certification],
    resources: dict[tuple[str, str], Resource],
) -> None:
    fields = {k: v for k, v in spec.items() if k not in {"slug", "steps", "variant_of"}}
    fields["order"] = PATHS.index(spec)
    path, created = CareerPath.objects.get_or_create(slug=spec["slug"], defaults=fields)
    if not created:
        _correct(path, f"path:{spec['slug']}", fields)
    if spec.get("variant_of") and path.variant_of_id is None:
        path.variant_of = CareerPath.objects.get(slug=spec["variant_of"])
        path.save(update_fields=["variant_of"])
    for order, step_spec in enumerate(spec["steps"]):
        (slug, title, summary, body, guidance, duration, skill_slugs, cert_slugs, resource_keys,
         checklist) = step_spec  # fmt: skip
        step_fields = {
            "order": order,
            "title": title,
            "summary": summary,
            "body": body,
            "guidance": guidance,
            "typical_duration": duration,
        }
        step, created = CareerStep.objects.get_or_create(path=path, slug=slug, defaults=step_fields)
        if not created:
            _correct(step, f"step:{path.slug}/{slug}", step_fields)
            continue
        step.skills.set([skills[s] for s in skill_slugs])
        step.certifications.set([certifications[s] for s in cert_slugs])
        step.resources.set([resources[key] for key in resource_keys])
        ChecklistItem.objects.bulk_create(
            ChecklistItem(step=step, text=text, order=position)
            for position, text in enumerate(checklist)
        )


def _seed_ladder(skills: dict[str, Skill]) -> None:
    rungs = []
    for order, (level, title, owns, competencies, low, high, source, skill_slugs) in enumerate(
        LADDER
    ):
        fields = {
            "title": title,
            "order": order,
            "owns": owns,
            "competencies": competencies,
            "years_min": low,
            "years_max": high,
            "years_source": source,
        }
        rung, created = RoleLevel.objects.get_or_create(level=level, defaults=fields)
        if created:
            rung.skills.set([skills[slug] for slug in skill_slugs])
        else:
            _correct(rung, f"level:{level}", fields)
        rungs.append(rung)
    for lower, upper in zip(rungs, rungs[1:], strict=False):
        if lower.next_level_id is None:
            lower.next_level = upper
            lower.save(update_fields=["next_level"])


def _seed_progress(user: User) -> None:
    for path_slug, step_slug, status in DEMO_PROGRESS.get(user.email, []):
        step = CareerStep.objects.get(path__slug=path_slug, slug=step_slug)
        StepProgress.objects.get_or_create(user=user, step=step, defaults={"status": status})
