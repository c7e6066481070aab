"""Values kept in the cache while it answers, and built without it when it does not."""

import pytest
from django.core.cache import cache

from core import cache as core_cache
from core.cache import remember


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_kept_value_is_built_once():
    build, calls = _counting({"GB": 3})
    assert remember("k", build, 60) == {"GB": 3}
    assert remember("k", build, 60) == {"GB": 3}
    assert len(calls) == 1


def test_nothing_found_is_kept_too():
    """A build that finds nothing is not run again on every request."""
    build, calls = _counting(None)
    assert remember("k", build, 60) is None
    assert remember("k", build, 60) is None
    assert len(calls) == 1


def _broken(*args, **kwargs):
    raise ConnectionError("cache down")


@pytest.mark.parametrize("method", ["get", "set"])
def test_a_cache_that_fails_costs_the_build_not_the_answer(monkeypatch, method):
    monkeypatch.setattr(core_cache.cache, method, _broken)
    build, calls = _counting(7)
    assert remember("k", build, 60) == 7
    assert remember("k", build, 60) == 7
    assert len(calls) == 2


def test_a_value_expires_with_its_seconds():
    build, calls = _counting(1)
    remember("k", build, 60)
    cache.delete("k")
    remember("k", build, 60)
    assert len(calls) == 2
