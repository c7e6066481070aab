"""Demo salary data: the editorial reference figures of DOMAIN.md and a few labelled FX rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.taxonomy import Level

from .editorial import GUIDE, GUIDE_YEAR, TPM_ARTICLE, TPM_ARTICLE_YEAR
from .models import FigureKind, FxRate, ReferenceFigure

# Demo rates are fixed, so re-seeding on another day adds nothing; staff replace them.
DEMO_RATES_AS_OF = date(2026, 11, 2)
DEMO_RATE_SOURCE = "Demo rate for the sample data, not a market quote"
DEMO_RATES = {
    "EUR": "0.92", "GBP": "0.79", "INR": "83.50", "CAD": "1.37", "AUD": "1.52",
    "SGD": "1.35", "AED": "3.6725", "BRL": "5.00", "JPY": "150.00",
}  # fmt: skip

PM = "Product manager"
NATIONAL = "All jobs"
# The guide writes "$" for both: the currency follows from the country.
INFERRED = "currency inferred: the guide writes $"


def _guide(key: str, **figure: object) -> dict[str, object]:
    """A figure from the KnowledgeHut guide, which reports the publisher named in ``source``."""
    return {"seed_key": key, "intermediary": GUIDE, "as_of": GUIDE_YEAR,
            "source": "Indeed", **figure}  # fmt: skip


def _article(key: str, **figure: object) -> dict[str, object]:
    """A technical-PM figure of the unsigned article: US dollars, annual base."""
    return {"seed_key": key, "source": TPM_ARTICLE, "as_of": TPM_ARTICLE_YEAR, "country": "US",
            "currency": "USD", "kind": FigureKind.BASE, "technical": True, **figure}  # fmt: skip


# What the demo writes on every seeding (and its order); whether a figure is shown stays the
# staff's choice.
SEEDED_FIELDS = ("title", "kind", "country", "level", "technical", "experience", "currency", "low",
                 "high", "average", "approximate", "open_ended", "note", "source", "intermediary",
                 "as_of", "source_url")  # fmt: skip

FAQ = "the article's FAQ, which disagrees with its main table"

REFERENCE_FIGURES = [
    _guide("in-pm-average", title=PM, country="IN", currency="INR", source="AmbitionBox",
           low=600_000_00, high=3_500_000_00, average=1_640_000_00,
           experience="under 2 to 13 years", note="as published: 6.0-35.0 lakh, average 16.4 lakh"),
    _guide("us-pm-average", title=PM, country="US", currency="USD", average=89_536_00,
           note="plus about USD 8,000 yearly cash bonus"),
    _guide("us-national-average", title=NATIONAL, kind=FigureKind.NATIONAL_AVERAGE, country="US",
           currency="USD", average=53_490_00, approximate=True),
    _guide("ca-pm-average", title=PM, country="CA", currency="CAD", average=88_332_00,
           note=INFERRED),
    _guide("ca-national-average", title=NATIONAL, kind=FigureKind.NATIONAL_AVERAGE, country="CA",
           currency="CAD", average=54_630_00, note=INFERRED),
    _guide("gb-pm-average", title=PM, country="GB", currency="GBP", average=52_913_00),
    _guide("ie-pm-average", title=PM, country="IE", currency="EUR", average=77_213_00),
    _guide("au-pm-average", title=PM, country="AU", currency="AUD", average=121_665_00,
           note=INFERRED),
    _guide("au-national-average", title=NATIONAL, kind=FigureKind.NATIONAL_AVERAGE, country="AU",
           currency="AUD", average=67_000_00, approximate=True, note=INFERRED),
    _article("tpm-entry", title="Technical product manager, entry level", level=Level.ENTRY,
             low=70_000_00, high=95_000_00),
    _article("tpm-entry-faq", title="Technical product manager, entry level", level=Level.ENTRY,
             low=80_000_00, high=100_000_00, note=FAQ),
    _article("tpm-mid", title="Technical product manager, mid level", level=Level.MID,
             experience="3-7 years", low=95_000_00, high=130_000_00),
    _article("tpm-senior", title="Technical product manager, senior", level=Level.SENIOR,
             low=130_000_00, high=180_000_00, open_ended=True),
    _article("tpm-senior-faq", title="Technical product manager, senior", level=Level.SENIOR,
             low=150_000_00, high=180_000_00, open_ended=True, note=FAQ),
    _article("tpm-average", title="Technical product manager, 2024 average", low=110_000_00,
             high=140_000_00),
]  # fmt: skip


def seed_reference_figures() -> list[ReferenceFigure]:
    """Create or bring up to date the demo's figures, found by their seed key.

    Every field in ``SEEDED_FIELDS`` is written again, so a database seeded before figures
    carried their provenance gets it; staff edits to those fields are replaced.
    """
    blank = ReferenceFigure()
    figures = []
    for order, spec in enumerate(REFERENCE_FIGURES):
        key = str(spec["seed_key"])
        figure = ReferenceFigure.objects.filter(seed_key=key).first()
        figure = figure or ReferenceFigure(seed_key=key)
        for name in SEEDED_FIELDS:
            setattr(figure, name, spec.get(name, getattr(blank, name)))
        figure.display_order = order
        figure.full_clean()
        figure.save()
        figures.append(figure)
    return figures


def seed_fx_rates() -> list[FxRate]:
    rates = []
    for quote, rate in DEMO_RATES.items():
        fx, _ = FxRate.objects.get_or_create(
            base="USD",
            quote=quote,
            as_of=DEMO_RATES_AS_OF,
            defaults={"rate": Decimal(rate), "source": DEMO_RATE_SOURCE},
        )
        rates.append(fx)
    return rates
