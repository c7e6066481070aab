"""Demo job board: companies (two with the demo recruiters) and about 300 postings."""

import random

from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from careers.models import Skill

from .generator import company_pool, generate
from .models import Company, CompanySize, Industry, JobPosting, PostingStatus
from .services.bulk import postings_bulk_insert

DEMO_SEED = 20261121
DEMO_POSTINGS = 300
DEMO_SOURCE = "demo"

RECRUITER_COMPANIES = [
    {
        "slug": "northwind-analytics",
        "name": "Northwind Analytics",
        "website": "https://northwind.example.com",
        "industry": Industry.SOFTWARE,
        "size": CompanySize.SMALL_MID,
        "country": "GB",
        "description": "Self-serve analytics for retailers.",
        "verified": True,
        "recruiter": "recruiter1@example.com",
    },
    {
        "slug": "helix-health",
        "name": "Helix Health",
        "website": "https://helix.example.com",
        "industry": Industry.HEALTHCARE,
        "size": CompanySize.LARGE,
        "country": "US",
        "description": "Patient scheduling and telehealth for hospital networks.",
        "verified": False,
        "recruiter": "recruiter2@example.com",
    },
]
OTHER_COMPANIES = 28


def seed_companies() -> list[Company]:
    companies = []
    for spec in RECRUITER_COMPANIES:
        fields = {k: v for k, v in spec.items() if k not in {"slug", "recruiter"}}
        company, _ = Company.objects.get_or_create(slug=spec["slug"], defaults=fields)
        company.recruiters.add(User.objects.get(email=spec["recruiter"]))
        companies.append(company)
    rng = random.Random(DEMO_SEED)  # noqa: S311 - reproducible demo data
    for spec in company_pool(rng, OTHER_COMPANIES):
        company, _ = Company.objects.get_or_create(
            slug=slugify(spec.name),
            defaults={
                "name": spec.name,
                "industry": spec.industry,
                "size": spec.size,
                "country": spec.country,
                "website": f"https://{slugify(spec.name)}.example.com",
                "verified": rng.random() < 0.5,
            },
        )
        companies.append(company)
    return companies


def seed_postings(companies: list[Company]) -> int:
    """Load the demo postings once; return how many demo postings exist."""
    existing = JobPosting.objects.filter(source=DEMO_SOURCE)
    if existing.exists():
        return existing.count()
    skill_ids = list(Skill.objects.order_by("pk").values_list("pk", flat=True))
    rows = generate(
        count=DEMO_POSTINGS,
        seed=DEMO_SEED,
        companies=companies,
        skill_ids=skill_ids,
        now=timezone.now(),
        source=DEMO_SOURCE,
    )
    inserted = postings_bulk_insert(rows)
    _show_moderation_states(companies[1])
    return inserted


def _show_moderation_states(company: Company) -> None:
    """Give the unverified demo company postings in review, draft and rejected states."""
    recruiter = company.recruiters.first()
    live = list(company.postings.filter(status=PostingStatus.PUBLISHED).order_by("pk")[:4])
    states = [PostingStatus.PENDING, PostingStatus.PENDING, PostingStatus.DRAFT,
              PostingStatus.REJECTED]  # fmt: skip
    for posting, status in zip(live, states, strict=False):
        posting.status = status
        posting.created_by = recruiter
        if status != PostingStatus.PUBLISHED:
            posting.posted_at = posting.valid_through = None
        if status == PostingStatus.REJECTED:
            posting.rejection_reason = "Please give the salary range for the Boston office too."
        posting.save()
