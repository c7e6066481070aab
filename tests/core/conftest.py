"""Fixtures for API contract tests: the served OpenAPI schema, called in process."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

SCHEMA_PATH = "/api/schema/"


@pytest.fixture
def in_process(db) -> Iterator[None]:
    """Let requests run inside the test's transaction.

    Django closes the database connection after each request; called in process, that
    would close the test's own transaction, so the handler is off for the test.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def load_schema(in_process) -> Callable[..., schemathesis.BaseSchema]:
    """Load the schema as served, with a schemathesis configuration (a dict) if given."""

    def load(config: dict[str, Any] | None = None) -> schemathesis.BaseSchema:
        return schemathesis.openapi.from_wsgi(
            SCHEMA_PATH,
            get_wsgi_application(),
            config=schemathesis.Config.from_dict(config or {}),
        )

    return load
