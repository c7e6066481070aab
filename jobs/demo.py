"""Demo job board: companies (two with the demo recruiters) and about 300 postings."""

import random

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from careers.models import Skill
from core.taxonomy import CompanySize, Industry

from .domain import PostingStatus
from .generator import company_pool, generate
from .models import Application, ApplicationStatus, ApplyMethod, Company, JobPosting
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
    for pool_spec in company_pool(rng, OTHER_COMPANIES):
        company, _ = Company.objects.get_or_create(
            slug=slugify(pool_spec.name),
            defaults={
                "name": pool_spec.name,
                "industry": pool_spec.industry,
                "size": pool_spec.size,
                "country": pool_spec.country,
                "website": f"https://{slugify(pool_spec.name)}.example.com",
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


# A one-page PDF: enough for the applicants page to offer a real download.
DEMO_RESUME = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed_applications() -> int:
    """The demo candidate's applications to the first demo company's roles, once."""
    candidate = User.objects.get(email="candidate@example.com")
    postings = JobPosting.objects.filter(
        company__slug=RECRUITER_COMPANIES[0]["slug"],
        status=PostingStatus.PUBLISHED,
        apply_method=ApplyMethod.ONSITE,
    ).order_by("pk")[:2]
    notes = [
        "I have run discovery interviews for our analytics tool for two years and want "
        "to own the roadmap I have been feeding.",
        "Four years as a business analyst on retail data products; I write specs the "
        "engineers ask for by name.",
    ]
    statuses = [ApplicationStatus.NEW, ApplicationStatus.SHORTLISTED]
    for posting, note, status in zip(postings, notes, statuses, strict=False):
        if Application.objects.filter(posting=posting, candidate=candidate).exists():
            continue
        application = Application(
            posting=posting,
            candidate=candidate,
            cover_note=note,
            status=status,
            resume_name="casey-candidate-cv.pdf",
        )
        application.resume.save("resume.pdf", ContentFile(DEMO_RESUME), save=False)
        application.save()
    return Application.objects.filter(candidate=candidate).count()
