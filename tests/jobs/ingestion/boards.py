"""Job-board responses shaped as Greenhouse and Lever serve them, with the jobs a test needs."""

from __future__ import annotations

import html
import json
from datetime import datetime, timedelta

from django.utils import timezone

GREENHOUSE_URL = "https://boards-api.greenhouse.io/v1/boards/atlasworks/jobs?content=true"
LEVER_URL = "https://api.lever.co/v0/postings/pinewave?mode=json"
# One moment for every job a test builds, so a job fetched twice is the same job.
PUBLISHED = timezone.now() - timedelta(days=3)
CITIES = [("London, United Kingdom", "London"), ("Berlin, Germany", "Berlin"),
          ("Austin, Texas, United States", "Austin"), ("Remote - Germany", "Remote")]  # fmt: skip


def greenhouse_job(number: int, *, published: datetime | None = None) -> dict:
    """One job of ``GET /v1/boards/<board>/jobs?content=true``: ids, dates with offsets,
    the description HTML escaped once more, departments, offices and metadata."""
    published = published or PUBLISHED
    location, office = CITIES[number % len(CITIES)]
    content = (
        f'<div class="content-intro"><p>Atlasworks builds <strong>APIs for logistics</strong>.'
        f"</p></div><h3>Role {number}</h3><ul><li>Own the roadmap of area {number}</li>"
        "<li>Run discovery with customers</li></ul>"
    )
    return {
        "absolute_url": f"https://boards.greenhouse.io/atlasworks/jobs/40123450{number:02d}",
        "data_compliance": [{"type": "gdpr", "requires_consent": False, "retention_period": None}],
        "internal_job_id": 4001122000 + number,
        "location": {"name": location},
        "metadata": [
            {
                "id": 4012,
                "name": "Employment Type",
                "value": "Full-time",
                "value_type": "single_select",
            }
        ],
        "id": 4012345000 + number,
        "updated_at": published.astimezone().isoformat(),
        "requisition_id": f"PM-{100 + number}",
        "title": f"Product Manager, Area {number}",
        "first_published": published.isoformat(),
        "content": html.escape(content),
        "departments": [{"id": 4008, "name": "Product", "child_ids": [], "parent_id": None}],
        "offices": [
            {"id": 4011, "name": office, "location": location, "child_ids": [], "parent_id": None}
        ],
    }


def greenhouse_board(jobs: list[dict]) -> bytes:
    return json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode()


def greenhouse_id(number: int) -> str:
    return str(4012345000 + number)


def lever_posting(number: int, *, created: datetime | None = None) -> dict:
    """One posting of ``GET /v0/postings/<site>?mode=json``: createdAt in milliseconds,
    categories, plain and HTML text, lists, workplace type and salary range."""
    created = created or PUBLISHED
    posting_id = f"5b1e4c2a-7d3f-4a8e-9c11-{number:012d}"
    return {
        "additional": "<div>We offer a learning budget.</div>",
        "additionalPlain": "We offer a learning budget.",
        "categories": {
            "commitment": "Full-time",
            "department": "Product",
            "location": "Amsterdam",
            "team": "Growth",
            "allLocations": ["Amsterdam"],
        },
        "createdAt": int(created.timestamp() * 1000),
        "description": f"<div>Grow funnel {number}.</div>",
        "descriptionPlain": f"Grow funnel {number}.\nRun experiments every week.",
        "id": posting_id,
        "lists": [{"text": "What you bring", "content": "<li>Three years in product</li>"}],
        "text": f"Product Manager, Growth {number}",
        "country": "NL",
        "workplaceType": "hybrid",
        "hostedUrl": f"https://jobs.lever.co/pinewave/{posting_id}",
        "applyUrl": f"https://jobs.lever.co/pinewave/{posting_id}/apply",
        "salaryRange": {
            "currency": "EUR",
            "interval": "per-year-salary",
            "min": 70000 + number,
            "max": 85000 + number,
        },
    }


def lever_board(postings: list[dict]) -> bytes:
    return json.dumps(postings).encode()
