"""Admin exports neutralise cells a spreadsheet would run as a formula."""

import pytest
import tablib
from django.apps import apps
from django.contrib import admin
from import_export.mixins import BaseExportMixin

from core.exports import FORMULA_TRIGGERS, FormulaSafeCSV

TRIGGER_VALUES = [
    pytest.param('=HYPERLINK("http://x")', id="equals"),
    pytest.param("+1+cmd|' /C calc'!A0", id="plus"),
    pytest.param("-2+3+cmd|' /C calc'!A0", id="minus"),
    pytest.param("@SUM(1+1)*cmd|' /C calc'!A0", id="at"),
    pytest.param("\t=1+1", id="tab"),
    pytest.param("\r=1+1", id="carriage-return"),
]


def exported(*values: str) -> list[str]:
    dataset = tablib.Dataset(headers=["value"])
    for value in values:
        dataset.append([value])
    text = FormulaSafeCSV().export_data(dataset)
    return tablib.Dataset().load(text, format="csv")["value"]


def test_triggers_are_the_owasp_set():
    """Every character a spreadsheet starts a formula with is a trigger."""
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize("value", TRIGGER_VALUES)
def test_a_cell_starting_a_formula_is_prefixed_with_a_quote(value):
    """The cell keeps its text behind a leading apostrophe, so it is read as text."""
    assert exported(value) == ["'" + value]


@pytest.mark.parametrize("value", ["-12", "+44", "-3.25", "Lead PM", "", "a=b", "'quoted"])
def test_numbers_and_plain_text_are_exported_unchanged(value):
    """A signed number cannot run anything, and text not starting a formula is untouched."""
    assert exported(value) == [value]


def exporting_admins() -> list[admin.ModelAdmin]:
    return [
        admin.site.get_model_admin(model)
        for model in apps.get_models()
        if admin.site.is_registered(model)
        and isinstance(admin.site.get_model_admin(model), BaseExportMixin)
    ]


def test_some_admin_exports():
    """The check below has admins to look at."""
    assert exporting_admins()


@pytest.mark.parametrize("model_admin", exporting_admins(), ids=str)
def test_every_exporting_admin_offers_only_formula_safe_formats(model_admin):
    """No admin can export through a format that lets a formula through."""
    formats = model_admin.get_export_formats()
    assert formats
    assert all(issubclass(fmt, FormulaSafeCSV) for fmt in formats)
