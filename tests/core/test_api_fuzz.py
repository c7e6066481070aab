"""Every API operation keeps its OpenAPI contract whatever a client sends (schemathesis)."""

from datetime import timedelta
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.utils import timezone
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts import services as accounts_services
from jobs.domain import PostingStatus
from jobs.models import ApplicationStatus
from salaries.services import benchmarks_refresh
from tests.careers.factories import (
    CareerStepFactory,
    CertificationFactory,
    ChecklistItemFactory,
    ResourceFactory,
)
from tests.gigs.factories import GigFactory, ProposalFactory
from tests.jobs.factories import ApplicationFactory, PostingFactory, SkillFactory
from tests.salaries.factories import salaried

ROLES = ["anonymous", "recruiter", "staff"]
# Fuzzed cases per operation and role: with the examples and coverage phases this keeps the
# whole run (three roles, every operation) to a few minutes on two cores.
FUZZ_EXAMPLES = 10
# Call sequences for the stateful run, each of a few linked calls (create, then read, edit...).
STATEFUL_SCENARIOS = 15
STATEFUL_STEPS = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def seeded(recruiter, company, other_company, candidate) -> dict[str, str]:
    """Realistic objects behind every endpoint that takes an ID; returns the slugs to use."""
    company.verified = True
    company.save(update_fields=["verified"])
    skills = [SkillFactory.create(name=name) for name in ("SQL", "Roadmapping", "Discovery")]
    now = timezone.now()
    own = PostingFactory.create(company=company, slug="own-open")
    own.skills.set(skills[:2])
    for status in PostingStatus.values:
        PostingFactory.create(company=company, status=status, slug=f"own-{status}")
        PostingFactory.create(company=other_company, status=status, slug=f"other-{status}")
    PostingFactory.create(
        company=other_company, slug="other-duplicate", duplicate_of=own, posted_at=now
    )
    PostingFactory.create(
        company=company,
        slug="own-unpaid",
        salary_min=None,
        salary_max=None,
        salary_currency="",
        apply_url="",
        apply_email="",
    )
    for status in ApplicationStatus.values:
        ApplicationFactory.create(posting=own, status=status)
    ApplicationFactory.create(posting=own, candidate=candidate)
    step = CareerStepFactory.create(path__is_published=True)
    step.skills.set(skills)
    step.certifications.add(CertificationFactory.create())
    step.resources.add(ResourceFactory.create())
    ChecklistItemFactory.create(step=step)
    for low in range(5_000_000, 10_000_000, 1_000_000):
        salaried(low, posted_at=now - timedelta(days=5))
    benchmarks_refresh()
    gig = GigFactory.create(client=recruiter, slug="own-gig", skills=skills[:1])
    GigFactory.create(slug="open-gig")
    proposal = ProposalFactory.create(gig=gig, freelancer=candidate)
    return {
        "posting": own.slug,
        "company": company.slug,
        "path": step.path.slug,
        "gig": gig.slug,
        "proposal": str(proposal.pk),
    }


def _token(user: Any) -> dict[str, str]:
    return {"Authorization": f"Token {accounts_services.token_issue(user=user).key}"}


@pytest.fixture(params=ROLES)
def api_schema(request, load_schema, seeded, recruiter, staff_user) -> schemathesis.BaseSchema:
    """The schema as served, set to call the app in process as one role."""
    user = {"anonymous": None, "recruiter": recruiter, "staff": staff_user}[request.param]
    return load_schema(_config(seeded, user))


def _config(seeded: dict[str, str], user: Any) -> dict[str, Any]:
    return {
        "headers": _token(user) if user else {},
        "generation": {"max-examples": FUZZ_EXAMPLES, "database": "none"},
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
        },
        # Slugs of seeded objects, so endpoints with an ID reach past their 404.
        "operations": [
            {"include-path-regex": f"^/api/v1/{prefix}/", "parameters": {"path.slug": slug}}
            for prefix, slug in [
                ("jobs", seeded["posting"]),
                ("companies", seeded["company"]),
                ("careers/paths", seeded["path"]),
                ("gigs", seeded["gig"]),
            ]
        ]
        + [
            {
                "include-path-regex": "^/api/v1/proposals/",
                "parameters": {"path.id": seeded["proposal"]},
            }
        ],
    }


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_api_keeps_its_contract(case):
    """No input gets a 5xx, an undocumented status, content type or body shape.

    Each role runs schemathesis' examples, coverage and fuzzing phases over a seeded
    database. Every operation runs to the end and the failures are reported together at the
    end of the run, one per operation and role, each with the request that reproduces it.
    """
    case.call_and_validate(checks=CHECKS)


def test_api_keeps_its_contract_across_calls(load_schema, seeded, recruiter):
    """A recruiter's linked calls (create a posting, then read, edit, submit it) keep the contract.

    schemathesis infers the links between operations from the schema and walks them; the
    slugs come from earlier answers, not the seeded ones.
    """
    config = {**_config(seeded, recruiter), "operations": []}
    machine = load_schema(config).as_state_machine()

    class Contract(machine):  # type: ignore[valid-type,misc]
        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    Contract.run(
        settings=hypothesis.settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=STATEFUL_STEPS,
            deadline=None,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
