"""System checks print nothing a newcomer would take for an error on either database."""

import json

import pytest
from django.conf import settings
from django.core import checks
from django.db import connection

from tests.pmportal.conftest import production_environ, profile_free_environ, run_python

COVERING_INDEX_CHECK = "models.W040"


def test_sqlite_checks_print_no_warning():
    """`check --database default`, the checks migrate runs, is clean in the embedded profile."""
    result = run_python(["manage.py", "check", "--database", "default"], profile_free_environ())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert COVERING_INDEX_CHECK not in result.stdout + result.stderr


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the warning is SQLite's own")
def test_sqlite_warns_about_covering_columns_unless_silenced():
    """On SQLite the covering-index warning exists, so the silence is what keeps it quiet."""
    found = {message.id for message in checks.run_checks(databases=["default"])}
    assert COVERING_INDEX_CHECK in found
    assert COVERING_INDEX_CHECK in settings.SILENCED_SYSTEM_CHECKS


def test_postgresql_profile_does_not_silence_the_check():
    """With PostgreSQL chosen by DATABASE_URL the check stays on, for indexes it cannot build."""
    probe = (
        "import json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pmportal.settings');"
        "import django; django.setup(); from django.conf import settings;"
        "print(json.dumps(settings.SILENCED_SYSTEM_CHECKS))"
    )
    result = run_python(["-c", probe], production_environ())
    assert result.returncode == 0, result.stderr
    assert COVERING_INDEX_CHECK not in json.loads(result.stdout)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL run only")
def test_postgresql_builds_covering_indexes_without_a_warning():
    """PostgreSQL supports the covering columns, so the check has nothing to say there."""
    found = {message.id for message in checks.run_checks(databases=["default"])}
    assert COVERING_INDEX_CHECK not in found
