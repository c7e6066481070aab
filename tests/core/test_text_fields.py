"""Every text field people or feeds fill refuses control characters where its kind says."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from core.validators import validate_multi_line

APPS = {"accounts", "careers", "gigs", "jobs", "salaries"}
# Written by code alone, from rows that passed these rules (or hashed, for the password).
NOT_TYPED_BY_ANYONE = {
    "accounts.User.password",
    "jobs.SavedSearch.unsubscribe_token",
    "salaries.SalaryObservation.currency",
    "salaries.SalaryObservation.country",
    "salaries.DemandPosting.country",
    "salaries.BenchmarkCell.currency",
    "salaries.BenchmarkCell.level",
    "salaries.BenchmarkCell.country",
    "salaries.BenchmarkCell.industry",
    "salaries.BenchmarkCell.company_size",
    # The ledger's: subjects, fingerprints, providers and references are made by its services;
    # idempotency keys arrive through a form field or the API's header check, which refuse
    # control characters (gigs.forms.MoneyActionForm, gigs.api.contracts._key).
    "gigs.LedgerTransaction.subject",
    "gigs.IdempotencyKey.key",
    "gigs.IdempotencyKey.fingerprint",
    "gigs.FundingRequest.subject",
    "gigs.FundingRequest.provider",
    "gigs.FundingRequest.reference",
}


def text_fields() -> list[models.Field]:
    found: list[models.Field] = []
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if field.editable and f"{model._meta.label}.{field.name}" not in NOT_TYPED_BY_ANYONE:
                found.append(field)
    return found


def multi_line(field: models.Field) -> bool:
    return validate_multi_line in field.validators


@pytest.mark.parametrize("field", text_fields(), ids=str)
def test_every_text_field_refuses_nul_and_escape_characters(field):
    """NUL, which PostgreSQL cannot store, and other controls fail the field's validation."""
    for control in ("\x00", "\x1b", "\x85"):
        with pytest.raises(ValidationError):
            field.clean(f"ab{control}c", None)


@pytest.mark.parametrize("field", [f for f in text_fields() if not multi_line(f)], ids=str)
def test_single_line_fields_refuse_line_breaks_and_tabs(field):
    """Names, titles, places, addresses and codes stay on one line."""
    for control in ("\n", "\r", "\t"):
        with pytest.raises(ValidationError):
            field.clean(f"ab{control}c", None)


@pytest.mark.parametrize("field", [f for f in text_fields() if multi_line(f)], ids=str)
def test_multi_line_fields_keep_line_breaks_and_tabs(field):
    """Descriptions, cover notes, comments and guides keep their line breaks and tabs."""
    field.run_validators("First line\r\nSecond\tline\n")
