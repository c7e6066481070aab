"""Staff-managed salary data (FX rates, reference figures), the demo set and the site wiring."""

import io

import pytest
from django.core.management import call_command

from core.taxonomy import Level
from salaries.demo import DEMO_RATE_SOURCE, seed_fx_rates, seed_reference_figures
from salaries.models import (
    BenchmarkRefresh,
    FigureKind,
    FreelanceRateCell,
    FxRate,
    ReferenceFigure,
    SalaryObservation,
)
from salaries.services import benchmarks_refresh
from salaries.tasks import refresh_salary_benchmarks

from .factories import salaried

pytestmark = pytest.mark.django_db


def test_demo_reference_figures_keep_their_publisher_and_reseed_idempotently():
    figures = seed_reference_figures()
    assert len(seed_reference_figures()) == len(figures) == ReferenceFigure.objects.count() == 15
    india = ReferenceFigure.objects.get(country="IN")
    assert (india.source, india.average, india.low, india.high) == (
        "AmbitionBox", 164_000_000, 60_000_000, 350_000_000
    )  # fmt: skip
    assert india.average_label == "INR 1,640,000"
    assert india.attribution == "AmbitionBox via KnowledgeHut, 2024"
    us = ReferenceFigure.objects.get(country="US", technical=False, kind=FigureKind.AVERAGE)
    assert us.source == "Indeed" and "8,000" in us.note
    senior_tpm = ReferenceFigure.objects.filter(technical=True, level=Level.SENIOR).first()
    assert senior_tpm is not None
    assert senior_tpm.range_label == "USD 130,000 - 180,000 and more"
    assert all(figure.source for figure in figures)


def test_demo_fx_rates_are_dated_and_labelled():
    rates = seed_fx_rates()
    assert len(seed_fx_rates()) == len(rates) == FxRate.objects.count()
    assert {rate.source for rate in rates} == {DEMO_RATE_SOURCE}
    assert all(rate.base == "USD" and rate.as_of for rate in rates)


def test_refresh_command_prints_the_cell_count():
    for value in range(5):
        salaried(6_000_000 + value * 100_000)
    out = io.StringIO()
    call_command("refresh_salary_benchmarks", stdout=out)
    refresh = BenchmarkRefresh.objects.get()
    assert f"{refresh.cells} cells ({refresh.published_cells} published)" in out.getvalue()


def test_refresh_task_runs_the_refresh():
    salaried(6_000_000)
    assert refresh_salary_benchmarks.delay().get() == BenchmarkRefresh.objects.get().cells == 32


def test_staff_enter_reference_amounts_in_currency_units(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/admin/salaries/referencefigure/add/",
        {
            "title": "PM average",
            "kind": "average",
            "country": "GB",
            "level": "",
            "currency": "gbp",
            "average": "52913",
            "low": "",
            "high": "",
            "source": "Indeed",
            "intermediary": "KnowledgeHut",
            "as_of": "2024",
            "source_url": "",
            "note": "",
            "display_order": "0",
            "active": "on",
        },
    )
    assert response.status_code == 302
    figure = ReferenceFigure.objects.get()
    assert (figure.currency, figure.average) == ("GBP", 5_291_300)


def test_reference_figure_needs_an_amount_and_an_ordered_range(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/admin/salaries/referencefigure/add/",
        {"title": "X", "currency": "USD", "low": "90", "high": "80",
         "source": "Y", "display_order": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "The top of the range is below its bottom." in response.content.decode()
    assert not ReferenceFigure.objects.exists()


def test_fx_rate_admin_refuses_a_pair_of_one_currency(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/admin/salaries/fxrate/add/",
        {"base": "eur", "quote": "EUR", "rate": "1", "as_of": "2026-11-01", "source": "x"},
    )
    assert response.status_code == 200
    assert not FxRate.objects.exists()


def test_refresh_results_are_read_only_in_admin(client, staff_user):
    salaried(6_000_000)
    benchmarks_refresh()
    client.force_login(staff_user)
    assert client.get("/admin/salaries/benchmarkcell/").status_code == 200
    assert client.get("/admin/salaries/benchmarkrefresh/").status_code == 200
    assert client.get("/admin/salaries/benchmarkcell/add/").status_code == 403


def test_salaries_is_in_the_main_navigation(client):
    response = client.get("/salaries/")
    assert any(item["label"] == "Salaries" for item in response.context["navigation"])


def test_posting_page_asks_where_its_salary_sits(client):
    posting = salaried(6_000_000)
    html = client.get(posting.get_absolute_url()).content.decode()
    assert f'hx-get="/salaries/postings/{posting.slug}/position/"' in html


@pytest.mark.parametrize(
    "url", ["/salaries/", "/salaries/calculator/", "/salaries/insights/", "/salaries/freelance/"]
)
def test_pages_keep_one_heading_and_header(client, url):
    salaried(6_000_000)
    benchmarks_refresh()
    html = client.get(url).content.decode()
    assert html.count("<h1") == 1 and html.count("<header") == 1


def test_refresh_command_can_rebuild_the_derived_tables():
    """--rebuild re-derives observations even where triggers keep them (PostgreSQL)."""
    salaried(6_000_000)
    SalaryObservation.objects.all().delete()
    call_command("refresh_salary_benchmarks", "--rebuild", stdout=io.StringIO())
    assert SalaryObservation.objects.count() == 1


@pytest.mark.parametrize("amount", ["1e30", "99999999999", "0"])
def test_reference_figures_are_as_plausible_as_any_salary(client, staff_user, amount):
    """A figure beyond any yearly salary (or none at all) is a form error, never a crash."""
    client.force_login(staff_user)
    response = client.post(
        "/admin/salaries/referencefigure/add/",
        {"title": "X", "currency": "USD", "average": "90000", "high": amount,
         "source": "Y", "display_order": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["high"]
    assert not ReferenceFigure.objects.exists()


def test_demo_publishes_freelance_rates_and_reseeds_idempotently():
    """seed_demo's past hires publish a few rate cells; a second run changes nothing."""
    call_command("seed_demo", allow_production=True, stdout=io.StringIO())

    def table():
        return sorted(
            (c.rate_type, c.category, c.skill_id or 0, c.currency, c.n, *c.stats.values())
            for c in FreelanceRateCell.objects.all()
        )

    first = table()
    assert FreelanceRateCell.objects.filter(n__gte=5).count() >= 4
    call_command("seed_demo", allow_production=True, stdout=io.StringIO())
    assert table() == first
