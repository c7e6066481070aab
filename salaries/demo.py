"""Demo salary data: the editorial reference figures of DOMAIN.md and a few labelled FX rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.taxonomy import Level

from .models import FxRate, ReferenceFigure

# Demo rates are fixed, so re-seeding on another day adds nothing; staff replace them.
DEMO_RATES_AS_OF = date(2026, 11, 2)
DEMO_RATE_SOURCE = "Demo rate for the sample data, not a market quote"
DEMO_RATES = {
    "EUR": "0.92", "GBP": "0.79", "INR": "83.50", "CAD": "1.37", "AUD": "1.52",
    "SGD": "1.35", "AED": "3.6725", "BRL": "5.00", "JPY": "150.00",
}  # fmt: skip

PM_BASE = "Product manager, average annual base salary"
TPM_BASE = "Technical product manager, annual base salary"
# The guide giving the technical PM ranges names no publisher; staff can fill it in.
TPM_SOURCE = "Salary guide (publisher not named in our source)"

# Indeed's national averages, in whole units of each country's currency.
INDEED_AVERAGES = {"CA": ("CAD", 88_332), "GB": ("GBP", 52_913), "IE": ("EUR", 77_213),
                   "AU": ("AUD", 121_665)}  # fmt: skip

REFERENCE_FIGURES = [
    {
        "title": "Product manager, annual base salary",
        "country": "IN",
        "currency": "INR",
        "low": 600_000_00,
        "high": 3_500_000_00,
        "average": 1_640_000_00,
        "note": "as published: 6.0-35.0 lakh, average 16.4 lakh",
        "source": "AmbitionBox",
    },
    {
        "title": PM_BASE,
        "country": "US",
        "currency": "USD",
        "average": 89_536_00,
        "note": "plus about USD 8,000 yearly bonus",
        "source": "Indeed",
    },
    *(
        {"title": PM_BASE, "country": country, "currency": currency,
         "average": average * 100, "source": "Indeed"}
        for country, (currency, average) in INDEED_AVERAGES.items()
    ),
    {"title": TPM_BASE, "level": Level.ENTRY, "low": 70_000_00, "high": 95_000_00},
    {
        "title": TPM_BASE,
        "level": Level.MID,
        "low": 95_000_00,
        "high": 130_000_00,
        "note": "3-7 years of experience",
    },
    {
        "title": TPM_BASE,
        "level": Level.SENIOR,
        "low": 130_000_00,
        "high": 180_000_00,
        "open_ended": True,
    },
    {"title": "Technical product manager, 2024 average range", "low": 110_000_00,
     "high": 140_000_00},
]  # fmt: skip


def seed_reference_figures() -> list[ReferenceFigure]:
    figures = []
    for order, spec in enumerate(REFERENCE_FIGURES):
        fields = {"currency": "USD", "source": TPM_SOURCE, "technical": True, **spec}
        if "country" in spec:
            fields["technical"] = False
        identity = {
            key: fields.get(key, "") for key in ("title", "country", "level", "currency", "source")
        }
        defaults = {key: value for key, value in fields.items() if key not in identity}
        figure, _ = ReferenceFigure.objects.get_or_create(
            **identity, defaults={**defaults, "display_order": order}
        )
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
