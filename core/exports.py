"""Admin export formats that neutralise cells a spreadsheet would run as a formula."""

import re
from typing import Any

from import_export.formats.base_formats import CSV
from tablib import Dataset

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (OWASP "CSV Injection"); a leading apostrophe makes them show it as text instead.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A signed number starts with a trigger but cannot run anything: left as a number.
SIGNED_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def neutralise(cell: Any) -> Any:
    """The cell, behind an apostrophe when its text would start a formula."""
    if (
        isinstance(cell, str)
        and cell.startswith(FORMULA_TRIGGERS)
        and not SIGNED_NUMBER.fullmatch(cell)
    ):
        return "'" + cell
    return cell


class FormulaSafeCSV(CSV):
    """CSV whose text cells never start a formula.

    django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only deletes a
    leading "=" and lets "+", "-", "@", tab and carriage return through.
    """

    def export_data(self, dataset: Dataset, **kwargs: Any) -> str:
        safe = Dataset(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            safe.append([neutralise(cell) for cell in row])
        return super().export_data(safe, **kwargs)
