"""Dimension values as small integer codes, computed by the database on every write.

The observation and demand tables keep each dimension's text and, beside it, a code the
database derives from it (a stored generated column, on both databases), so a refresh reads
fixed-width integer columns only. A choice is its position among the choices from 1; a
country or currency code is its letters' bytes packed into one integer; 0 is blank (or a
value that is no choice). Changing a choice list changes the columns' expression, and
``makemigrations`` writes the migration that recomputes them.
"""

from __future__ import annotations

import operator
from functools import reduce

import numpy as np
from django.db import models
from django.db.models import Case, Value, When
from django.db.models.functions import Coalesce, Ord, Substr

from core.taxonomy import CompanySize, Industry, Level, RemotePolicy

CHOICES = {
    "level": Level.values,
    "industry": Industry.values,
    "company_size": CompanySize.values,
    "remote_policy": RemotePolicy.values,
}
# Columns coded by their letters, and how many letters.
LETTERS = {"country": 2, "currency": 3}


def code_field(name: str) -> models.GeneratedField:
    """The stored generated column holding the code of the text column ``name``."""
    if name in LETTERS:
        width = LETTERS[name]
        letters = [
            Coalesce(Ord(Substr(name, i + 1, 1)), Value(0)) * (1 << (8 * (width - 1 - i)))
            for i in range(width)
        ]
        return models.GeneratedField(
            expression=reduce(operator.add, letters),
            output_field=models.IntegerField(),
            db_persist=True,
        )
    positions = [When(**{name: value}, then=Value(n)) for n, value in enumerate(CHOICES[name], 1)]
    return models.GeneratedField(
        expression=Case(*positions, default=Value(0)),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )


def dense(coded: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of an array of non-negative integer codes, ascending, and each
    code's position among them (int32). Counted over the codes' range instead of sorted: a
    column's codes span a small range, and a million rows sort slower than they count."""
    low = int(coded.min()) if len(coded) else 0
    seen = np.bincount(coded - low) > 0
    return np.flatnonzero(seen) + low, (np.cumsum(seen) - 1).astype(np.int32)[coded - low]


def decode_letters(code: int, width: int) -> str:
    """The text a letters code packs (blank from 0)."""
    return "".join(chr(code >> (8 * i) & 0xFF) for i in reversed(range(width))).strip("\0")


def decode_choice(name: str, code: int) -> str:
    """The choice a choice code stands for (blank from 0)."""
    return ["", *CHOICES[name]][code]
