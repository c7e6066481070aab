"""Dimension codes the database stores beside the text, and what they decode to."""

import pytest
from django.core.management import call_command

from core.taxonomy import CompanySize, Industry, Level, RemotePolicy
from salaries import aggregation, codes
from salaries.models import DemandPosting, SalaryObservation

from .factories import salaried

pytestmark = pytest.mark.django_db


def stored(model, posting_id: int, *names: str) -> tuple:
    aggregation.rebuild_tables()
    return model.objects.filter(pk=posting_id).values_list(*names).get()


CODED = (Level.values, Industry.values, CompanySize.values, RemotePolicy.values)
# Every choice of every coded dimension at least once, and a company without a size.
ROWS = [
    tuple(values[n % len(values)] for values in CODED)
    for n in range(max(len(values) for values in CODED))
]


@pytest.mark.parametrize(
    ("level", "industry", "size", "remote"),
    [*ROWS, (Level.EXECUTIVE, Industry.OTHER, "", RemotePolicy.REMOTE)],
)
def test_every_choice_decodes_to_itself(level, industry, size, remote):
    posting = salaried(
        6_000_000, level=level, industry=industry, size=size, currency="JPY", country="JP",
        remote_policy=remote,
    )  # fmt: skip
    observed = stored(
        SalaryObservation, posting.pk,
        "currency_code", "country_code", "level_code", "industry_code", "company_size_code",
    )  # fmt: skip
    assert codes.decode_letters(observed[0], 3) == "JPY"
    assert codes.decode_letters(observed[1], 2) == "JP"
    decoded = [codes.decode_choice(name, code) for name, code in
               zip(("level", "industry", "company_size"), observed[2:], strict=True)]  # fmt: skip
    assert decoded == [level, industry, size]
    demand = stored(DemandPosting, posting.pk, "remote_policy_code", "company_size_code")
    assert [codes.decode_choice("remote_policy", demand[0]), demand[1] > 0] == [remote, bool(size)]


def test_a_value_that_is_no_choice_codes_as_blank():
    posting = salaried(6_000_000)
    aggregation.rebuild_tables()
    SalaryObservation.objects.filter(pk=posting.pk).update(level="astronaut")
    assert SalaryObservation.objects.values_list("level_code", flat=True).get(pk=posting.pk) == 0


def test_the_migrations_compute_the_codes_the_models_declare():
    """A changed choice list changes a code column's expression: the migration that
    recomputes the stored codes must come with it."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
