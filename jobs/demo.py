"""Demo companies, each with one of the demo recruiters."""

from accounts.models import User

from .models import Company, CompanySize, Industry

DEMO_COMPANIES = [
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


def seed_companies() -> list[Company]:
    companies = []
    for spec in DEMO_COMPANIES:
        fields = {k: v for k, v in spec.items() if k not in {"slug", "recruiter"}}
        company, _ = Company.objects.get_or_create(slug=spec["slug"], defaults=fields)
        company.recruiters.add(User.objects.get(email=spec["recruiter"]))
        companies.append(company)
    return companies
