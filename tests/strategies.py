"""Hypothesis strategies for what clients send in query strings: cursors, numbers, any text."""

import base64
import json
import os
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# A few seconds per page in the normal suite; PMPORTAL_FUZZ_EXAMPLES asks for a deeper run.
# Requests read fixtures made once per test, so Hypothesis may share them across examples;
# no example database is written.
BOUNDED = settings(
    max_examples=int(os.environ.get("PMPORTAL_FUZZ_EXAMPLES", "40")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from(["2026-01-01T00:00:00+00:00", "0001-01-01T00:00:00+01:00", "9" * 30]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(["t", "x"]) | st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=8,
)


def _encoded(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


# What a cursor may be: any text, or any JSON encoded as the portal encodes its cursors,
# mostly lists of as many values as the lists' keys (two or three).
cursors = st.one_of(
    st.text(),
    json_values.map(_encoded),
    st.lists(json_values, min_size=2, max_size=3).map(_encoded),
    st.lists(
        st.one_of(st.dictionaries(st.just("t"), json_values), json_values), min_size=2, max_size=3
    ).map(_encoded),
)

# Numbers as clients type them: in range, far beyond 64 bits, signed, decimal, written out.
numbers = st.one_of(
    st.integers().map(str),
    st.integers(min_value=2**63 - 2, max_value=2**200).map(str),
    st.floats().map(str),
    st.decimals(allow_nan=True).map(str),
    st.sampled_from(["1e309", "-0", "0x10", "1_000", "١٢", "NaN", "Infinity", " 7 "]),
)

# Percent escapes of any bytes, valid UTF-8 or not.
_escapes = st.binary(max_size=12).map(lambda raw: quote(raw, safe=""))
# Values the pages' forms take, so a search gets past validation to the database.
PLAUSIBLE = ["product", "manager", "GBP", "gbp", "USD", "GB", "relevance", "newest",
             "true", "false", "1", "7", "30", "mid", "senior", "sql", "50000", "year"]  # fmt: skip
# Values that once broke a page: no words, bytes that are not UTF-8, NUL, numbers beyond
# 64 bits or beyond a decimal, line breaks.
NASTY = ["!!!", "%FF", "%F0%9F%98%80", "%00", "a%00b", "%C0%AF", "%E2%80%AE", "%0D%0A", "...",
         "99999999999999999999999", "-1", "0", "1e309", "NaN", "-0", "1_000", "%20"]  # fmt: skip

# A handful of those, each of a different kind, that every free field of a page is tried with.
BREAKERS = ["!!!", "%FF", "%F0%9F%98%80", "a%00b", "%0D%0A", "99999999999999999999999", "1e309"]


def query_values(valid: list[str] | None = None) -> st.SearchStrategy[str]:
    """One value, already percent-encoded: one of ``valid`` (a field's choices), or anything."""
    nasty = st.sampled_from(NASTY)
    return st.one_of(
        st.sampled_from(valid or PLAUSIBLE),
        nasty,
        nasty,
        st.sampled_from(PLAUSIBLE),
        _escapes,
        st.text().map(lambda text: quote(text, safe="")),
        numbers.map(lambda text: quote(text, safe="")),
        cursors.map(lambda text: quote(text, safe="")),
    )


def query_strings(fields: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """Query strings of a page's form ``fields`` (name: valid values) and arbitrary keys.

    A few keys at a time, so that a query often passes the form's other checks and reaches
    the database with the odd value.
    """
    known = st.sampled_from(sorted(fields)).flatmap(
        lambda key: st.tuples(st.just(key), query_values(fields[key]))
    )
    unknown = st.tuples(st.text(max_size=8).map(lambda key: quote(key, safe="")), query_values())
    pairs = st.lists(st.one_of(known, known, unknown), min_size=1, max_size=3)
    return pairs.map(lambda items: "&".join(f"{key}={value}" for key, value in items))


def form_fields(fields: dict[str, Any]) -> dict[str, list[str]]:
    """Each form field's name with the values its choices allow (none for free fields)."""
    valid = {}
    for name, field in fields.items():
        choices = getattr(field, "choices", None)
        values = [] if choices is None or hasattr(field, "queryset") else list(choices)
        valid[name] = [quote(str(value), safe="") for value, _ in values if value not in ("", None)]
    return valid
