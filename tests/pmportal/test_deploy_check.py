"""Deployment: Django's checklist passes on the production profile; compose keeps its promises."""

import pytest
import yaml

from tests.pmportal.conftest import REPO_ROOT, run_python

DEPLOY_CHECK = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def test_production_settings_pass_the_deploy_check(production_env):
    """`check --deploy` reports no issue, not even a warning, for the production profile."""
    result = run_python(DEPLOY_CHECK, production_env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert result.stderr == ""


def test_deploy_check_fails_when_debug_is_left_on(production_env):
    """DJANGO_DEBUG=1 on production makes the deploy check fail with the DEBUG warning."""
    production_env["DJANGO_DEBUG"] = "1"
    result = run_python(DEPLOY_CHECK, production_env)
    assert result.returncode != 0
    assert "security.W018" in result.stderr


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


def test_compose_runs_exactly_one_beat(compose):
    """Two beat schedulers would send every periodic task twice."""
    beats = [svc for svc in compose["services"].values() if "beat" in svc.get("command", [])]
    assert len(beats) == 1
    assert beats[0]["deploy"]["replicas"] == 1


def test_compose_portal_processes_wait_for_healthy_services_and_migrations(compose):
    """web, worker and beat start only once PostgreSQL and Redis are healthy and migrated."""
    for name in ("web", "worker", "beat"):
        assert compose["services"][name]["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name


def test_compose_requires_a_secret_key_from_outside(compose):
    """The compose file carries no secret key of its own: it refuses to start without one."""
    key = compose["x-portal"]["environment"]["DJANGO_SECRET_KEY"]
    assert key.startswith("${DJANGO_SECRET_KEY:?")


def test_compose_redis_evicts_only_what_expires(compose):
    """A full Redis drops cached pages, never Celery's queued tasks (they have no expiry)."""
    command = compose["services"]["redis"]["command"]
    assert command[command.index("--maxmemory-policy") + 1] == "volatile-lru"
