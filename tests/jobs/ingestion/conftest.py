"""Feed tests never reach the network: downloads answer from the test's own feed."""

import io
from pathlib import Path

import pytest

from jobs.ingestion import fetch

FIXTURES = Path(__file__).parent / "fixtures"


class FakeResponse(io.BytesIO):
    """What urlopen returns: a readable body with headers, usable as a context manager."""

    def __init__(self, body: bytes, headers: dict[str, str] | None = None) -> None:
        super().__init__(body)
        self.headers = headers or {}


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(request, timeout):
        raise AssertionError(f"a test tried to download {request.full_url}")

    monkeypatch.setattr(fetch, "urlopen", refuse)


@pytest.fixture
def serve_feed(monkeypatch):
    """Answer downloads with a body (or raise an error); return the URLs asked for."""
    requested: list[tuple[str, float]] = []

    def serve(body: bytes = b"", headers=None, error: Exception | None = None):
        def urlopen(request, timeout):
            requested.append((request.full_url, timeout))
            if error is not None:
                raise error
            return FakeResponse(body, headers)

        monkeypatch.setattr(fetch, "urlopen", urlopen)
        return requested

    return serve


@pytest.fixture
def fixture_bytes():
    return lambda name: (FIXTURES / name).read_bytes()
