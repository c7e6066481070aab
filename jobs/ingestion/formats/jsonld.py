"""schema.org JobPosting in JSON-LD: one object, an array of them, or an ``@graph``.

In an ``@graph`` the JobPosting nodes are the records; nodes of other types
(organizations, places) are context that postings may point at with ``{"@id": ...}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any, BinaryIO

from ..records import FeedError, FeedRecord, Rejection
from .common import first, guarded, load_json, name_of, shown

JOB_POSTING = "JobPosting"
TELECOMMUTE = "TELECOMMUTE"


def parse(stream: BinaryIO) -> Iterator[FeedRecord | Rejection]:
    document = load_json(stream)
    if isinstance(document, dict) and "@graph" in document:
        yield from _graph(document["@graph"])
    elif isinstance(document, list):
        for number, node in enumerate(document, start=1):
            yield item(node, number)
    else:
        yield item(document, 1)


def item(node: Any, number: int, nodes: dict[str, Any] | None = None) -> FeedRecord | Rejection:
    """The record for one JSON value that should be a JobPosting."""
    if not isinstance(node, dict):
        return Rejection(number, "not an object")
    if not _is_job_posting(node):
        return Rejection(number, f"wrong @type {shown(node.get('@type'))} (expected JobPosting)")
    return guarded(number, partial(_record, node, number, nodes or {}))


def _graph(graph: Any) -> Iterator[FeedRecord | Rejection]:
    if not isinstance(graph, list):
        raise FeedError("@graph is not a list")
    # An @id is an IRI, so text; a node with any other @id cannot be pointed at.
    nodes = {
        node["@id"]: node
        for node in graph
        if isinstance(node, dict) and isinstance(node.get("@id"), str)
    }
    number = 0
    for node in graph:
        if isinstance(node, dict) and "@type" in node and not _is_job_posting(node):
            continue
        number += 1
        yield item(node, number, nodes)


def _is_job_posting(node: dict[str, Any]) -> bool:
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    # "JobPosting", "schema:JobPosting" or the full IRI all name the same type.
    return any(
        isinstance(kind, str) and kind.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == JOB_POSTING
        for kind in types
    )


def _record(node: dict[str, Any], number: int, nodes: dict[str, Any]) -> FeedRecord:
    def resolve(value: Any) -> Any:
        value = first(value)
        if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
            reference = value.get("@id")
            return nodes.get(reference, value) if isinstance(reference, str) else value
        return value

    organization = resolve(node.get("hiringOrganization"))
    place = resolve(node.get("jobLocation"))
    address = resolve(place.get("address")) if isinstance(place, dict) else None
    if not isinstance(address, dict):
        address = {"addressLocality": address} if isinstance(address, str) else {}
    salary = resolve(node.get("baseSalary"))
    location_types = node.get("jobLocationType")
    location_types = location_types if isinstance(location_types, list) else [location_types]
    record = FeedRecord(
        number=number,
        external_id=_identifier(node.get("identifier")),
        url=first(node.get("url")),
        title=node.get("title"),
        description=node.get("description"),
        date_posted=node.get("datePosted"),
        valid_through=node.get("validThrough"),
        employment_type=node.get("employmentType"),
        industry=name_of(node.get("industry")),
        city=address.get("addressLocality"),
        region=name_of(address.get("addressRegion")),
        country=name_of(address.get("addressCountry")),
        remote="remote" if TELECOMMUTE in location_types else None,
        applicant_countries=_names(node.get("applicantLocationRequirements")),
        skills=_names(node.get("skills")),
    )
    if isinstance(organization, dict):
        record.company = organization.get("name")
        record.company_url = organization.get("sameAs") or organization.get("url")
        record.company_employees = _quantity(organization.get("numberOfEmployees"))
    else:
        record.company = organization
    if salary is not None:
        _salary(record, salary)
    return record


def _identifier(value: Any) -> Any:
    """A PropertyValue's value, or the identifier itself when it is plain text or a number."""
    value = first(value)
    return value.get("value") if isinstance(value, dict) else value


def _names(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    items = value if isinstance(value, list) else [value]
    return [item.get("name") if isinstance(item, dict) else item for item in items]


def _quantity(value: Any) -> Any:
    """A number of employees: the largest bound a QuantitativeValue gives."""
    if isinstance(value, dict):
        return value.get("maxValue") or value.get("value") or value.get("minValue")
    return value


def _salary(record: FeedRecord, salary: Any) -> None:
    """baseSalary: a MonetaryAmount whose value is a number or a QuantitativeValue."""
    if not isinstance(salary, dict):
        record.salary_min = record.salary_max = salary
        return
    record.salary_currency = salary.get("currency")
    value = first(salary.get("value"))
    if isinstance(value, dict):
        record.salary_unit = value.get("unitText")
        if value.get("minValue") is not None or value.get("maxValue") is not None:
            record.salary_min, record.salary_max = value.get("minValue"), value.get("maxValue")
        else:
            record.salary_min = record.salary_max = value.get("value")
    else:
        record.salary_min = record.salary_max = value
    record.salary_unit = record.salary_unit or salary.get("unitText")
