"""Plausible salaries: one bound, applied by the API, the editor, admin, ingestion and search."""

import pycountry
import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.taxonomy import PERIODS_PER_YEAR, SalaryPeriod
from jobs.forms import PostingForm
from jobs.ingestion.records import FeedRecord, Rejected
from jobs.ingestion.validate import posting_from
from jobs.models import Company, JobPosting
from jobs.salary_bounds import annual_ceiling, annual_ceiling_minor, salary_errors
from tests.jobs.factories import PostingFactory

BIGINT_MAX = 2**63 - 1
LIST_URL = reverse("api-jobs-list")


def errors(low, high, currency="USD", period="year"):
    return salary_errors(salary_min=low, salary_max=high, currency=currency, period=period)


def test_real_salaries_pass_in_currencies_of_every_size():
    """A CPO's pay in dollars, rupees, yen or rupiah is plausible, per year or per hour."""
    assert errors(45_000_000, 90_000_000, "USD") == {}
    assert errors(6_000_000_000, 12_000_000_000, "INR") == {}
    assert errors(30_000_000, 45_000_000, "JPY") == {}
    assert errors(250_000_000_000, 400_000_000_000, "IDR") == {}
    assert errors(25_000, 40_000, "GBP", "hour") == {}


def test_amounts_beyond_the_yearly_ceiling_are_refused_per_field():
    """Ten million dollars a year is the most; a larger maximum is an error on that field."""
    assert errors(100, annual_ceiling_minor("USD")) == {}
    assert set(errors(100, annual_ceiling_minor("USD") + 1)) == {"salary_max"}
    assert set(errors(10**18, 10**18)) == {"salary_min", "salary_max"}


def test_the_ceiling_is_applied_to_the_annualized_amount():
    """An hourly amount that is plausible per year is not plausible per hour."""
    yearly_ceiling = annual_ceiling_minor("USD")
    assert errors(None, yearly_ceiling, "USD", "year") == {}
    assert set(errors(None, yearly_ceiling, "USD", "hour")) == {"salary_max"}


def test_ceilings_follow_the_currencys_order_of_magnitude():
    """A rupee, a yen and a rupiah buy far less than a dollar: their ceilings are higher."""
    assert annual_ceiling("USD") == 10**7
    assert annual_ceiling("INR") == 10**9
    assert annual_ceiling("jpy") == 10**10
    assert annual_ceiling("IDR") == 10**12


def test_every_amount_is_at_least_one_whole_unit():
    """Zero, or a fraction of a unit, is no salary."""
    assert set(errors(0, 100)) == {"salary_min"}
    assert set(errors(99, 99)) == {"salary_min", "salary_max"}
    assert errors(1, 1, "JPY") == {}


def test_a_backwards_range_is_refused():
    assert errors(200, 100) == {"salary_max": "The maximum salary is below the minimum."}


def test_unknown_currency_or_period_is_left_to_their_own_checks():
    assert errors(10**30, None, "XYZ") == {}
    assert errors(10**30, None, "USD", "fortnight") == {}


@pytest.mark.parametrize("period", SalaryPeriod.values)
def test_whatever_passes_annualizes_within_the_database_columns(period):
    """For every ISO 4217 currency, the largest plausible amount annualizes into a bigint."""
    for currency in (c.alpha_3 for c in pycountry.currencies):
        largest = annual_ceiling_minor(currency) // PERIODS_PER_YEAR[SalaryPeriod(period)]
        assert errors(None, largest, currency, period) == {}
        assert largest * PERIODS_PER_YEAR[SalaryPeriod(period)] <= BIGINT_MAX


@pytest.mark.django_db
def test_the_model_check_refuses_an_implausible_salary():
    """full_clean, which the posting services and admin run, applies the bound."""
    posting = PostingFactory.build(salary_min=100, salary_max=10**12, salary_currency="USD")
    with pytest.raises(ValidationError) as raised:
        posting.full_clean(exclude=["slug", "company", "skills"])
    assert "salary_max" in raised.value.message_dict


@pytest.fixture
def as_recruiter(recruiter):
    token = Token.objects.create(user=recruiter)
    return APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")


def api_posting(company, **changes):
    return {
        "company": company.slug,
        "title": "Senior Product Manager",
        "description": "Own the roadmap.",
        "country": "US",
        "salary_min": 15_000_000,
        "salary_max": 20_000_000,
        "salary_currency": "USD",
        "salary_period": "year",
        **changes,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"salary_max": 10**15},
        {"salary_min": 10**17, "salary_max": 10**17, "salary_period": "hour"},
        {"salary_max": 10**30},
        {"salary_min": 0},
    ],
)
def test_api_answers_400_for_an_implausible_salary(as_recruiter, company, changes):
    """A salary far beyond any pay, or one that would overflow once annualized, is a 400."""
    company.verified = True
    company.save()
    response = as_recruiter.post(LIST_URL, api_posting(company, **changes), format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()) & {"salary_min", "salary_max"}
    assert not JobPosting.objects.exists()


@pytest.mark.django_db
def test_api_accepts_a_plausible_hourly_salary(as_recruiter, company):
    response = as_recruiter.post(
        LIST_URL,
        api_posting(company, salary_min=9_000, salary_max=12_000, salary_period="hour"),
        format="json",
    )
    assert response.status_code == 201, response.content
    assert JobPosting.objects.get().salary_max_annual == 12_000 * 2080


@pytest.mark.django_db
def test_editor_shows_the_bound_as_a_field_error(client, recruiter, company):
    """The posting editor, in whole units, refuses a salary beyond the ceiling."""
    client.force_login(recruiter)
    data = {
        "company": company.pk,
        "title": "Product Manager",
        "description": "Own onboarding.",
        "employment_type": "full_time",
        "remote_policy": "onsite",
        "country": "GB",
        "salary_min": "55000",
        "salary_max": "999999999999",
        "salary_currency": "GBP",
        "salary_period": "hour",
        "apply_method": "onsite",
    }
    response = client.post(reverse("jobs:post"), data)
    assert response.status_code == 400
    assert "salary_max" in response.context["form"].errors
    assert isinstance(response.context["form"], PostingForm)
    assert not JobPosting.objects.exists()


@pytest.mark.django_db
def test_admin_form_refuses_an_implausible_salary(staff_user, company):
    """Staff editing a posting in admin meet the same bound."""
    posting = PostingFactory.create(company=company)
    request = RequestFactory().get("/")
    request.user = staff_user
    model_admin = admin.site.get_model_admin(JobPosting)
    form_class = model_admin.get_form(request, posting)
    data = {**form_class(instance=posting).initial, "salary_max": 10**16}
    form = form_class(data=data, instance=posting)
    assert not form.is_valid()
    assert "salary_max" in form.errors


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"salary_max": 10**12, "salary_currency": "USD"}, "salary 1000000000000 USD is out of"),
        (
            {"salary_min": 6000, "salary_currency": "USD", "salary_unit": "HOUR"},
            "salary 6000 USD is out of range",
        ),
        ({"salary_min": 0, "salary_currency": "USD"}, "salary 0 USD is out of range"),
    ],
)
def test_ingestion_rejects_implausible_salaries_with_the_reason(fields, reason):
    record = FeedRecord(number=1, title="PM", company="Northwind", country="US", **fields)
    with pytest.raises(Rejected) as rejected:
        posting_from(record)
    assert str(rejected.value).startswith(reason)


def test_ingestion_keeps_a_rupiah_salary():
    record = FeedRecord(
        number=1,
        title="PM",
        company="Tokopedia",
        country="ID",
        salary_min=300_000_000,
        salary_max=450_000_000,
        salary_currency="IDR",
    )
    assert posting_from(record).salary_max == 45_000_000_000


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["1e30", "99999999999999999999999", "10000001"])
def test_salary_filter_beyond_the_ceiling_is_a_form_error(client, amount):
    """The board's "salary at least" is bounded like any salary: 400, never a crash."""
    response = client.get(reverse("jobs:list"), {"salary_at_least": amount, "currency": "USD"})
    assert response.status_code == 400
    assert "salary_at_least" in response.context["filter"].errors


@pytest.mark.django_db
def test_api_salary_filter_beyond_the_ceiling_is_400():
    response = APIClient().get(LIST_URL, {"salary_at_least": "1e30", "currency": "USD"})
    assert response.status_code == 400
    assert "salary_at_least" in response.json()


@pytest.mark.django_db
def test_salary_filter_at_the_ceiling_still_searches(client):
    PostingFactory.create(
        company=Company.objects.create(name="Acme", slug="acme"),
        salary_currency="USD",
        salary_min=100,
        salary_max=annual_ceiling_minor("USD"),
    )
    response = client.get(reverse("jobs:list"), {"salary_at_least": "10000000", "currency": "USD"})
    assert response.status_code == 200
    assert len(response.context["page"].items) == 1
