"""The OpenAPI schema at /api/schema/ says what the API answers: fields, nulls and errors."""

import pytest
from rest_framework.test import APIClient
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from accounts.services import token_issue
from jobs.domain import PostingStatus
from tests.careers.factories import CertificationFactory
from tests.jobs.factories import CompanyFactory, PostingFactory

CHECKS = [response_schema_conformance, status_code_conformance]


@pytest.fixture
def schema(load_schema):
    return load_schema()


def _answer(schema, method, path, **parameters):
    """Call one operation in process and check the answer against its documentation."""
    case = schema[path][method].Case(**parameters)
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    return response


def _operations(schema):
    for path, methods in schema.raw_schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_original_posting_matches_the_schema(schema):
    """A posting that repeats none answers `duplicate_of` null, and the schema allows it."""
    posting = PostingFactory.create()
    response = _answer(
        schema, "GET", "/api/v1/jobs/{slug}/", path_parameters={"slug": posting.slug}
    )
    assert response.json()["duplicate_of"] is None


def test_duplicate_posting_names_its_original(schema, recruiter, company):
    """A detected duplicate answers its original's slug."""
    original = PostingFactory.create()
    posting = PostingFactory.create(company=company, duplicate_of=original)
    response = _answer(
        schema,
        "GET",
        "/api/v1/jobs/{slug}/",
        path_parameters={"slug": posting.slug},
        headers={"Authorization": f"Token {token_issue(user=recruiter).key}"},
    )
    assert response.json()["duplicate_of"] == original.slug


def test_blank_application_addresses_match_the_schema(schema):
    """A posting applied to on the site answers "" for its URL and e-mail, as documented."""
    posting = PostingFactory.create(apply_url="", apply_email="")
    response = _answer(
        schema, "GET", "/api/v1/jobs/{slug}/", path_parameters={"slug": posting.slug}
    )
    assert (response.json()["apply_url"], response.json()["apply_email"]) == ("", "")


def test_application_addresses_match_the_schema(schema):
    """A posting's own application URL and e-mail come back as given."""
    posting = PostingFactory.create(apply_url="https://example.com/a", apply_email="j@example.com")
    response = _answer(
        schema, "GET", "/api/v1/jobs/{slug}/", path_parameters={"slug": posting.slug}
    )
    assert response.json()["apply_email"] == "j@example.com"


def test_blank_company_website_matches_the_schema(schema):
    """A company without a website answers "" for it, as documented."""
    company = CompanyFactory.create(website="")
    PostingFactory.create(company=company)
    response = _answer(
        schema, "GET", "/api/v1/companies/{slug}/", path_parameters={"slug": company.slug}
    )
    assert response.json()["website"] == ""


def test_blank_certification_url_matches_the_schema(schema):
    """A certification without an address answers "" for it, as documented."""
    CertificationFactory.create(url="")
    response = _answer(schema, "GET", "/api/v1/careers/certifications/")
    assert response.json()["results"][0]["url"] == ""


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("PostingDetail", "apply_url"),
        ("PostingDetail", "apply_email"),
        ("Company", "website"),
        ("Certification", "url"),
        ("CertificationRef", "url"),
        ("ResourceRef", "url"),
    ],
)
def test_blank_addresses_are_documented(schema, component, field):
    """An address the model lets be blank is documented as the address or ""."""
    documented = schema.raw_schema["components"]["schemas"][component]["properties"][field]
    assert {"type": "string", "maxLength": 0} in documented.get("oneOf", [])


def test_posting_create_documents_the_salary_range_as_required(schema):
    """A new posting needs a salary range and its currency; the schema says so."""
    required = schema.raw_schema["components"]["schemas"]["PostingCreate"]["required"]
    assert {"salary_min", "salary_max", "salary_currency"} <= set(required)


def test_posting_edit_removing_the_salary_answers_400(recruiter, company):
    """An edit cannot remove the salary range: the service refuses it with a field error."""
    posting = PostingFactory.create(company=company, status=PostingStatus.DRAFT)
    api_client = APIClient()
    api_client.force_authenticate(recruiter)
    response = api_client.patch(
        f"/api/v1/jobs/{posting.slug}/", {"salary_min": None}, format="json"
    )
    assert response.status_code == 400
    assert "salary_min" in response.json()


@pytest.mark.parametrize("size", ["101", "0", "-1", "ten", "1" * 5000])
def test_page_size_outside_the_documented_range_answers_400(client, db, size):
    """page_size is 1 to 100, as the schema says; anything else is a 400 naming it."""
    response = client.get("/api/v1/companies/", {"page_size": size})
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_page_size_at_the_maximum_is_served(client, db):
    """The documented maximum itself is a valid page size."""
    assert client.get("/api/v1/companies/", {"page_size": "100"}).status_code == 200


def test_page_size_is_documented_with_its_range(schema):
    """The schema states page_size's range, which the API enforces with a 400."""
    parameters = schema.raw_schema["paths"]["/api/v1/companies/"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")
    assert (page_size["schema"]["minimum"], page_size["schema"]["maximum"]) == (1, 100)


def test_every_operation_documents_a_bad_token(schema):
    """Any request may carry a wrong or revoked token, which answers 401."""
    missing = [(m, p) for p, m, op in _operations(schema) if "401" not in op["responses"]]
    assert missing == []


def test_operations_with_an_id_document_404(schema):
    """Every path with an ID can miss, which answers 404."""
    missing = [
        (m, p) for p, m, op in _operations(schema) if "{" in p and "404" not in op["responses"]
    ]
    assert missing == []


def test_operations_with_input_document_400(schema):
    """Every write and every operation with query parameters can refuse input with 400."""
    missing = [
        (m, p)
        for p, m, op in _operations(schema)
        if (m != "get" or any(q["in"] == "query" for q in op.get("parameters", [])))
        and "400" not in op["responses"]
    ]
    assert missing == []


def test_reads_without_input_do_not_document_400(schema):
    """One posting, read without parameters, has no input to refuse."""
    assert "400" not in schema.raw_schema["paths"]["/api/v1/jobs/{slug}/"]["get"]["responses"]


def test_staff_only_ingest_documents_403(schema):
    """Ingestion is for staff: anyone else signed in gets 403, and the schema says so."""
    assert "403" in schema.raw_schema["paths"]["/api/v1/ingest/"]["post"]["responses"]


def test_reads_open_to_all_do_not_document_403(schema):
    """A read that only needs a signed-in user never answers 403."""
    assert "403" not in schema.raw_schema["paths"]["/api/v1/me/"]["get"]["responses"]


def test_throttled_token_endpoint_documents_429(schema):
    """The token endpoint is rate limited and documents its 429."""
    assert "429" in schema.raw_schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]


def test_operations_with_a_body_document_415(schema):
    """A body in a media type no parser reads (or with none named) answers 415."""
    missing = [
        (m, p)
        for p, m, op in _operations(schema)
        if "requestBody" in op and "415" not in op["responses"]
    ]
    assert missing == []


def test_a_body_without_a_media_type_answers_the_documented_415(db, recruiter, company):
    """Sent without Content-Type, a body is refused with 415, as the schema says."""
    posting = PostingFactory.create(company=company)
    api = APIClient()
    api.force_authenticate(recruiter)
    response = api.generic(
        "POST", f"/api/v1/jobs/{posting.slug}/close/", data='{"filled": true}', content_type=""
    )
    assert response.status_code == 415
    assert response.json()["detail"]
