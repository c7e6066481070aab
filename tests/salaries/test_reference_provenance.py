"""Published salary figures and claims: their provenance, where they show, and the market report."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from core.taxonomy import Level
from salaries import selectors
from salaries.demo import seed_reference_figures
from salaries.dimensions import CellKey
from salaries.models import FigureKind, ReferenceFigure
from salaries.services import benchmarks_refresh

from .factories import ReferenceFigureFactory, salaried

pytestmark = pytest.mark.django_db

migration = importlib.import_module("salaries.migrations.0007_reference_provenance")

ADMIN_FIGURE = {
    "title": "Product manager",
    "kind": "average",
    "country": "GB",
    "currency": "GBP",
    "average": "52913",
    "source": "Indeed",
    "intermediary": "KnowledgeHut",
    "as_of": "2024",
    "display_order": "0",
    "active": "on",
}


@pytest.fixture
def us_market(db):
    """Published USD cells for the United States and Canada, and the demo's figures."""
    for country in ("US", "CA"):
        for dollars in (90_000, 95_000, 100_000, 105_000, 110_000):
            salaried(dollars * 100, currency="USD", country=country)
    seed_reference_figures()
    return benchmarks_refresh()


def titles(**key):
    return [
        (figure.title, figure.attribution) for figure in selectors.reference_figures(CellKey(**key))
    ]


def test_every_seeded_figure_names_its_source_and_year():
    """seed_demo's figures pass validation and each carries a publisher and an as-of year."""
    call_command("seed_demo", allow_production=True, stdout=io.StringIO())
    figures = list(ReferenceFigure.objects.all())
    assert len(figures) == 15
    for figure in figures:
        figure.full_clean()
        assert figure.source and figure.as_of
    general = [figure for figure in figures if not figure.technical]
    assert {figure.intermediary for figure in general} == {"KnowledgeHut"}
    assert all(figure.kind != FigureKind.BASE for figure in general)


def test_seeded_technical_figures_are_the_unsigned_articles_us_base_ranges():
    """Both of the article's conflicting ranges are stored, for the United States only."""
    seed_reference_figures()
    technical = ReferenceFigure.objects.filter(technical=True)
    assert {(f.country.code, f.currency, f.kind) for f in technical} == {
        ("US", "USD", FigureKind.BASE)
    }
    assert {f.attribution for f in technical} == {
        "Unsigned salary article (no publisher named), 2024"
    }
    entry = sorted(f.range_label for f in technical.filter(level=Level.ENTRY))
    assert entry == ["USD 70,000 - 95,000", "USD 80,000 - 100,000"]
    senior = sorted(f.range_label for f in technical.filter(level=Level.SENIOR))
    assert senior == ["USD 130,000 - 180,000 and more", "USD 150,000 - 180,000 and more"]


def test_seeding_updates_figures_an_earlier_seeding_stored():
    """A database seeded before provenance existed gets its rows updated, not duplicated."""
    old = ReferenceFigure.objects.create(
        title="Product manager, average annual base salary",
        country="GB",
        currency="GBP",
        average=5_291_300,
        source="Indeed",
    )
    migration.name_demo_figures(apps, None)
    seed_reference_figures()
    old.refresh_from_db()
    assert ReferenceFigure.objects.count() == 15
    assert (old.title, old.attribution, old.kind) == (
        "Product manager",
        "Indeed via KnowledgeHut, 2024",
        FigureKind.AVERAGE,
    )


def test_naming_old_rows_leaves_other_figures_alone():
    """A staff figure that is not one of the demo's keeps no seed key and survives seeding."""
    own = ReferenceFigureFactory.create(title="Our survey", as_of=None, seed_key=None)
    migration.name_demo_figures(apps, None)
    seed_reference_figures()
    own.refresh_from_db()
    assert own.seed_key is None and own.title == "Our survey"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"as_of": None}, "as_of"),
        ({"source": ""}, "source"),
        ({"as_of": 1989}, "as_of"),
        ({"as_of": timezone.now().year + 1}, "as_of"),
    ],
)
def test_a_figure_without_a_source_or_a_plausible_year_is_invalid(change, field):
    figure = ReferenceFigureFactory.build(**change)
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert field in error.value.message_dict


def test_staff_save_a_figure_with_its_intermediary_and_year(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/admin/salaries/referencefigure/add/", ADMIN_FIGURE)
    assert response.status_code == 302
    assert ReferenceFigure.objects.get().attribution == "Indeed via KnowledgeHut, 2024"


@pytest.mark.parametrize("missing", ["as_of", "source"])
def test_admin_refuses_a_figure_without_source_or_year(client, staff_user, missing):
    client.force_login(staff_user)
    response = client.post("/admin/salaries/referencefigure/add/", {**ADMIN_FIGURE, missing: ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[missing]
    assert not ReferenceFigure.objects.exists()


def test_technical_figures_sit_only_beside_us_cells(us_market):
    """Not beside every USD cell: a Canadian or an all-countries USD cell gets none."""
    article = "Unsigned salary article (no publisher named), 2024"
    us = titles(currency="USD", country="US")
    assert ("Technical product manager, mid level", article) in us
    assert not [t for t in titles(currency="USD", country="CA") if t[1] == article]
    assert titles(currency="USD") == []
    assert titles(currency="GBP", country="US") == us


def test_undated_figures_stay_off_the_pages():
    ReferenceFigureFactory.create(title="Dated")
    ReferenceFigureFactory.create(title="Undated", as_of=None)
    assert [title for title, _ in titles(currency="GBP", country="GB")] == ["Dated"]


def test_us_page_shows_averages_and_article_ranges_with_attribution(client, us_market):
    """Average salary beside the national average; the TPM ranges under their own wording."""
    html = client.get("/salaries/", {"country": "US", "currency": "USD"}).content.decode()
    # One heading per provenance, its figures under it.
    assert html.count("<h3>Indeed via KnowledgeHut, 2024</h3>") == 1
    assert "Average salary: USD 89,536" in html
    assert "<strong>All jobs</strong> · United States of America" in html
    assert "National average salary: about USD 53,490" in html
    assert "about USD 53,490" in html
    assert "Unsigned salary article (no publisher named), 2024" in html
    assert "USD 70,000 - 95,000" in html and "USD 80,000 - 100,000" in html
    assert "the article&#x27;s FAQ, which disagrees with its main table" in html
    assert "salary surveys" not in html
    # Only the article's six technical ranges are base salaries.
    assert html.count("Annual base salary:") == 6


def test_technical_figures_use_their_own_level_wording(client, us_market):
    """The mid-level figure reads as the article words it, not with the portal's level name."""
    html = client.get("/salaries/", {"country": "US", "level": "mid"}).content.decode()
    assert (
        "<strong>Technical product manager, mid level</strong> · United States of America · "
        "3-7 years of experience"
    ) in html
    assert "· Product manager" not in html


def test_india_page_shows_the_band_and_the_economic_times_comparison(client, db):
    for rupees in (1_500_000, 1_600_000, 1_700_000, 1_800_000, 1_900_000):
        salaried(rupees * 100, currency="INR", country="IN")
    seed_reference_figures()
    benchmarks_refresh()
    html = client.get("/salaries/", {"country": "IN"}).content.decode()
    assert "AmbitionBox via KnowledgeHut, 2024" in html
    assert "under 2 to 13 years of experience" in html
    assert "INR 1,640,000; range INR 600,000 - 3,500,000" in html
    assert "The Economic Times via KnowledgeHut, 2024" in html
    assert "about 246% above the national average salary" in html
    assert "About 20,000 product manager jobs" in html


def test_what_moves_pay_is_shown_with_its_source(client, us_market):
    html = client.get("/salaries/", {"country": "CA"}).content.decode()
    assert "What moves pay, as published" in html
    assert "about 20-40% over the national average" in html
    assert "London and Berlin pay well" in html
    assert "Source: Unsigned salary article (no publisher named), 2024." in html
    assert "CAD 54,630" in html and "currency inferred" in html


def test_page_without_a_country_offers_countries_instead_of_figures(client, us_market):
    response = client.get("/salaries/", {"currency": "USD"})
    html = response.content.decode()
    assert response.context["references"] == []
    assert 'href="/salaries/?country=US">United States of America</a>' in html
    assert "Technical product manager" not in html


def test_posting_page_puts_its_country_figures_beside_the_comparison(client, us_market):
    posting = salaried(10_000_000, currency="USD", country="US")
    html = client.get(
        f"/salaries/postings/{posting.slug}/position/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "Computed by pmportal from its postings" in html
    assert "Indeed via KnowledgeHut, 2024" in html and "about USD 53,490" in html
    assert "What moves pay, as published" in html


def test_posting_page_context_follows_the_postings_country(client, us_market):
    """A Canadian posting paid in USD gets Canada's figures, none of the US ones."""
    posting = salaried(10_000_000, currency="USD", country="CA")
    html = client.get(
        f"/salaries/postings/{posting.slug}/position/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "CAD 88,332" in html
    assert "USD 89,536" not in html and "Technical product manager" not in html


@pytest.mark.parametrize("refreshed", [True, False])
def test_insights_relate_the_segments_to_the_market_report(client, db, refreshed):
    """One attributed sentence, with or without computed insights below it."""
    if refreshed:
        salaried(6_000_000)
        benchmarks_refresh()
    html = client.get("/salaries/insights/").content.decode()
    assert (
        "Research Dive's market report (May 2023; base year 2021, forecast 2022-2031) "
        "divides its market by organisation size, deployment, service type, industry vertical "
        "and region"
    ) in html
    assert "the largest shares in large organisations, on-premise deployment" in html
    assert "fastest growers only for SMEs, cloud deployment and security services" in html
    assert "plus remote policy and level, which are pmportal's own" in html
    assert "Source: Research Dive, May 2023." in html
    assert ("Computed by pmportal from its postings" in html) is refreshed
