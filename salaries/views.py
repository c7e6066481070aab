"""Salary pages: the benchmark table and charts, the calculator, market insights, where a
posting's salary sits among comparable postings, and freelance rates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.vary import vary_on_headers

from core.http import HtmxHttpRequest
from gigs.domain import GigCategory
from jobs import selectors as job_selectors

from . import charts, rate_selectors, selectors
from .currencies import VARY_HEADERS, Available, page_currency
from .dimensions import DIMENSIONS, CellKey
from .forms import BenchmarkFilterForm, CalculatorForm, FreelanceRateFilterForm
from .models import MIN_OBSERVATIONS
from .presentation import (
    RATE_MEASURES,
    Conversion,
    breakdown,
    conversion,
    insights_page,
    rate_breakdown,
    rate_row,
    row,
    salary_context,
)
from .rate_selectors import RateKey
from .selectors import Converter, cell_with_fallback, position_in


def _filter_form(form_class: type[BenchmarkFilterForm], request: HttpRequest, converter: Converter):
    return form_class(
        request.GET or None,
        country_codes=selectors.countries(),
        currencies=selectors.currencies(),
        display_currencies=converter.currencies,
    )


def _common(refresh: Any) -> dict[str, Any]:
    return {
        "refresh": refresh,
        "min_observations": MIN_OBSERVATIONS,
        "window_days": refresh.window_days if refresh else settings.SALARY_WINDOW_DAYS,
    }


@vary_on_headers(*VARY_HEADERS)
def benchmarks(request: HttpRequest) -> HttpResponse:
    converter = Converter.load()
    form = _filter_form(BenchmarkFilterForm, request, converter)
    refresh = selectors.latest_refresh()
    context: dict[str, Any] = {"form": form, **_common(refresh)}
    if form.is_bound and not form.is_valid():
        return render(request, "salaries/benchmarks.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    dimensions = form.dimensions() if form.is_bound else dict.fromkeys(DIMENSIONS)
    available = selectors.currencies_at(dimensions)
    shown = page_currency(
        request, asked=data.get("currency"), country=dimensions["country"], available=available
    )
    if refresh is None or shown is None:
        return render(request, "salaries/benchmarks.html", context)
    currency = shown.code
    key = CellKey(currency=currency, **dimensions)
    page = selectors.page_cells(key)
    converted = conversion(converter, currency, data.get("display"))
    context["missing_rate"] = converted is None
    if converted is None:
        converted = Conversion.none(currency)
    unit = converted.target
    query = request.GET.copy()
    # A row's link keeps the currency shown, whatever would be picked at the row's position.
    query["currency"] = currency
    context.update(
        key=key,
        page_currency=shown,
        other_currencies=[code for code in available.published if code != currency],
        conversion=converted,
        unit=unit,
        cell=page.cell,
        headline=row(page.cell, dimension=None, factor=converted.factor) if page.cell else None,
        reason=None
        if page.cell and page.cell.published
        else selectors.not_found_reason(key, page.cell, refresh)[1],
        breakdowns=[
            breakdown(
                dimension,
                page.breakdowns[dimension],
                selected=getattr(key, dimension),
                factor=converted.factor,
                unit=unit,
                base_query=query,
            )
            for dimension in DIMENSIONS
        ],
        **salary_context(key),
    )
    return render(request, "salaries/benchmarks.html", context)


@vary_on_headers(*VARY_HEADERS)
def calculator(request: HttpRequest) -> HttpResponse:
    converter = Converter.load()
    form = _filter_form(CalculatorForm, request, converter)
    refresh = selectors.latest_refresh()
    context: dict[str, Any] = {"form": form, **_common(refresh)}
    if not form.is_bound:
        shown = page_currency(
            request, asked=None, country=None, available=Available(selectors.currencies())
        )
        form.initial["currency"] = shown.code if shown else None
        context["page_currency"] = shown
        return render(request, "salaries/calculator.html", context)
    if not form.is_valid():
        return render(request, "salaries/calculator.html", context, status=400)
    key = CellKey(currency=form.cleaned_data["currency"], **form.dimensions())
    offer = form.annual_offer()
    context.update(key=key, offer=offer, **_placement(key, offer, offer, refresh))
    context.update(salary_context(key))
    return render(request, "salaries/calculator.html", context)


def _placement(key: CellKey, low: int, high: int, refresh: Any) -> dict[str, Any]:
    """The cell for ``key`` (or a broader one), and where ``low``-``high`` sits in it."""
    fallback = cell_with_fallback(key)
    cell = fallback.cell
    if cell is None:
        return {"fallback": fallback, "reason": selectors.not_found_reason(key, None, refresh)[1]}
    label = "This offer" if low == high else "This range"
    shown = row(cell, dimension=None, factor=Decimal(1))
    shown.label = "Comparable postings"
    chart = charts.range_chart(
        [shown],
        title="Where it sits",
        unit=cell.currency,
        marker=(low, high, label),
        min_observations=MIN_OBSERVATIONS,
    )
    return {
        "fallback": fallback,
        "cell": cell,
        "used_key": cell.key,
        "low_position": position_in(cell, low),
        "high_position": position_in(cell, high),
        "chart": chart,
    }


def insights(request: HttpRequest) -> HttpResponse:
    refresh = selectors.latest_refresh()
    dimension = request.GET.get("segment", "industry")
    context = {**_common(refresh), **insights_page(refresh, dimension)}
    return render(request, "salaries/insights.html", context)


def posting_position(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Where a posting's salary range sits in its cell: a fragment for the posting page.

    Without htmx (no JavaScript) the link behind the fragment opens the calculator instead.
    """
    posting = job_selectors.posting_for_page(slug=slug, user=request.user)
    key = selectors.posting_cell_key(posting)
    calculator_url = reverse("salaries:calculator")
    context: dict[str, Any] = {"posting": posting, "min_observations": MIN_OBSERVATIONS}
    if key is not None:
        low, high = selectors.posting_annual_range(posting)
        query = {d: v for d, v in key.dimensions().items() if v is not None}
        query.update(technical=str(key.technical).lower(), currency=key.currency, period="year")
        calculator_url += "?" + urlencode({**query, "offer": (low + high) // 2})
        if request.htmx:
            context.update(key=key, low=low, high=high)
            context.update(_placement(key, low, high, selectors.latest_refresh()))
            context.update(salary_context(key))
    if not request.htmx:
        return redirect(calculator_url)
    context["calculator_url"] = calculator_url
    return render(request, "salaries/partials/posting_position.html", context)


@vary_on_headers(*VARY_HEADERS)
def freelance_rates(request: HttpRequest) -> HttpResponse:
    """Rates of hires (accepted proposals, bought offers) by rate type, category, skill and
    currency."""
    form = FreelanceRateFilterForm(
        request.GET or None, skills=rate_selectors.skills(), currencies=rate_selectors.currencies()
    )
    context: dict[str, Any] = {
        "form": form,
        "min_observations": MIN_OBSERVATIONS,
        "gigs_url": reverse("gigs:list"),
    }
    if form.is_bound and not form.is_valid():
        return render(request, "salaries/freelance_rates.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    category = data.get("category") or None
    skill = form.chosen_skill() if form.is_bound else None
    skill_id = skill.pk if skill else None
    rate_type = data.get("rate_type") or None
    available = rate_selectors.currencies_at(
        rate_type=rate_type, category=category, skill_id=skill_id
    )
    shown = page_currency(request, asked=data.get("currency"), country=None, available=available)
    found = rate_selectors.busiest(
        rate_type=rate_type,
        currency=shown.code if shown else None,
        category=category,
        skill_id=skill_id,
    )
    if found is None:
        return render(request, "salaries/freelance_rates.html", context)
    rate_type, currency = found
    key = RateKey(rate_type=rate_type, currency=currency, category=category, skill_id=skill_id)
    page = rate_selectors.page_cells(key)
    query = request.GET.copy()
    query.update({"rate_type": rate_type, "currency": currency})
    context.update(
        key=key,
        page_currency=shown,
        other_currencies=[code for code in available.published if code != currency],
        cell=page.cell,
        measure=RATE_MEASURES[rate_type],
        headline=rate_row(page.cell, label="") if page.cell and page.cell.published else None,
        description=_rate_description(key, skill),
        breakdowns=[
            rate_breakdown(
                "category",
                page.by_category,
                selected=category or "",
                base_query=query,
                rate_type=rate_type,
                currency=currency,
            ),
            rate_breakdown(
                "skill",
                page.by_skill,
                selected=skill.slug if skill else "",
                base_query=query,
                rate_type=rate_type,
                currency=currency,
            ),
        ],
    )
    return render(request, "salaries/freelance_rates.html", context)


def _rate_description(key: RateKey, skill: Any) -> str:
    """'Hourly rates · Discovery and user research · SQL' for the chosen position."""
    parts = [f"{RATE_MEASURES[key.rate_type]}s"]
    if key.category:
        parts.append(GigCategory(key.category).label)
    if skill:
        parts.append(skill.name)
    return " · ".join(parts)
