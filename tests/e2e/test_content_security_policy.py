"""Pages run under the Content Security Policy without the browser blocking anything."""

import pytest

pytestmark = pytest.mark.e2e


def csp_violations(console_errors: list[str]) -> list[str]:
    return [text for text in console_errors if "Content Security Policy" in text]


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
def test_page_loads_without_csp_violations(open_page, console_errors, path):
    """Once htmx has started, the console holds no CSP violation."""
    tab = open_page(path)
    tab.wait_for_function("window.htmx !== undefined")
    tab.wait_for_load_state("networkidle")
    assert csp_violations(console_errors) == []


def test_api_docs_render_without_csp_violations(open_page, console_errors):
    """Swagger UI draws the API's operations from local files with no CSP violation."""
    tab = open_page("/api/docs/")
    tab.locator(".swagger-ui .opblock").first.wait_for()
    tab.wait_for_load_state("networkidle")
    assert csp_violations(console_errors) == []
