"""Django's deployment checklist passes on the production profile and catches debug left on."""

from tests.pmportal.conftest import run_python

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
