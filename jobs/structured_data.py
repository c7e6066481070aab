"""schema.org JobPosting data, the shape Google for Jobs reads."""

from typing import Any

from django.http import HttpRequest

from core.money import to_major
from core.taxonomy import RemotePolicy
from jobs.models import ApplyMethod, JobPosting
from jobs.taxonomy import EmploymentType

EMPLOYMENT_TYPES: dict[str, str] = {
    EmploymentType.FULL_TIME: "FULL_TIME",
    EmploymentType.PART_TIME: "PART_TIME",
    EmploymentType.CONTRACT: "CONTRACTOR",
    EmploymentType.TEMPORARY: "TEMPORARY",
    EmploymentType.INTERNSHIP: "INTERN",
}


def job_posting_ld(posting: JobPosting, request: HttpRequest) -> dict[str, Any]:
    company = posting.company
    organization = {"@type": "Organization", "name": company.name}
    if company.website:
        organization["sameAs"] = company.website
    if company.logo:
        organization["logo"] = request.build_absolute_uri(company.logo.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": str(posting.description_html),
        "datePosted": posting.posted_at.isoformat() if posting.posted_at else None,
        "validThrough": posting.valid_through.isoformat() if posting.valid_through else None,
        "employmentType": EMPLOYMENT_TYPES[posting.employment_type],
        "hiringOrganization": organization,
        "identifier": {
            "@type": "PropertyValue",
            "name": posting.source or "pmportal",
            "value": posting.external_id or str(posting.pk),
        },
        "directApply": posting.apply_method == ApplyMethod.ONSITE,
        "url": request.build_absolute_uri(posting.get_absolute_url()),
    }
    address = {"@type": "PostalAddress", "addressCountry": posting.country.code}
    if posting.city:
        address["addressLocality"] = posting.city
    if posting.region:
        address["addressRegion"] = posting.region
    if posting.remote_policy == RemotePolicy.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        countries = posting.applicant_countries or [posting.country]
        data["applicantLocationRequirements"] = [
            {"@type": "Country", "name": country.name} for country in countries
        ]
    else:
        data["jobLocation"] = {"@type": "Place", "address": address}
    if posting.has_salary:
        value: dict[str, str | float] = {
            "@type": "QuantitativeValue",
            "unitText": posting.salary_period.upper(),
        }
        if posting.salary_min is not None:
            value["minValue"] = float(to_major(posting.salary_min, posting.salary_currency))
        if posting.salary_max is not None:
            value["maxValue"] = float(to_major(posting.salary_max, posting.salary_currency))
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": posting.salary_currency,
            "value": value,
        }
    return {key: value for key, value in data.items() if value is not None}
