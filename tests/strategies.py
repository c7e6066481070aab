"""Hypothesis strategies for what clients send: cursors, query strings, path segments."""

import base64
import json
from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# A few seconds per page in the normal suite. Requests read fixtures made once per test,
# so Hypothesis may share them across examples; no example database is written.
BOUNDED = settings(
    max_examples=40,
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

# Percent escapes of any bytes, valid UTF-8 or not, and some that broke pages before.
_escapes = st.one_of(
    st.binary(max_size=12).map(lambda raw: quote(raw, safe="")),
    st.sampled_from(["%FF", "%F0%9F%98%80", "%00", "!!!", "%C0%AF", "%E2%80%AE", "%0D%0A"]),
)


def query_values() -> st.SearchStrategy[str]:
    """One value, already percent-encoded for a query string."""
    return st.one_of(
        _escapes,
        st.text().map(lambda text: quote(text, safe="")),
        numbers.map(lambda text: quote(text, safe="")),
        cursors.map(lambda text: quote(text, safe="")),
    )


def query_strings(keys: list[str]) -> st.SearchStrategy[str]:
    """Query strings of ``keys`` (a page's form fields) and arbitrary keys, with any values."""
    key = st.one_of(st.sampled_from(keys), st.text(max_size=8).map(lambda k: quote(k, safe="")))
    pairs = st.lists(st.tuples(key, query_values()), max_size=6)
    return pairs.map(lambda items: "&".join(f"{k}={v}" for k, v in items))
