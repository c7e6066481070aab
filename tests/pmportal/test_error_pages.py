"""Error pages: the site's layout, what happened in plain words, a way forward; JSON in the API."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.html import escape
from django.views.defaults import server_error as django_server_error

from accounts import services as account_services
from pmportal import views
from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.django_db

ASK_LINK = f'href="{reverse("accounts:recruiter_request")}"'
SEARCH_FORM = f'action="{reverse("jobs:list")}"'


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def signed_in(client, user):
    client.force_login(user)
    return client


def assert_site_layout(html: str) -> None:
    """The page has the site's header navigation, one heading, a job search and a way home."""
    assert 'aria-label="Main"' in html
    assert html.count("<h1>") == 1
    assert SEARCH_FORM in html
    assert f'href="{reverse("home")}">Go to the home page' in html


@pytest.mark.parametrize("page", ["jobs:post", "jobs:dashboard", "jobs:company_create"])
def test_a_candidate_on_a_recruiter_page_is_offered_to_become_one(client, candidate, page):
    """The 403 keeps its status, says why in the view's words and links to the request form."""
    response = signed_in(client, candidate).get(reverse(page))
    assert response.status_code == 403
    assert "403.html" in template_names(response)
    html = response.content.decode()
    assert_site_layout(html)
    assert "This page is for recruiters" in html
    assert ASK_LINK in html


def test_the_403_page_shows_the_reason_the_view_gave(client, candidate):
    html = signed_in(client, candidate).get(reverse("jobs:post")).content.decode()
    assert '<p class="error-reason">Only recruiters post jobs.</p>' in html


def test_a_candidate_with_a_waiting_request_sees_it_instead_of_the_offer(
    client, candidate, company
):
    account_services.recruiter_request_create(
        user=candidate, company=company, work_email="casey@acme.example"
    )
    html = signed_in(client, candidate).get(reverse("jobs:post")).content.decode()
    assert "waiting for review" in html
    assert escape(company.name) in html
    assert ASK_LINK not in html


def test_a_recruiter_refused_another_companys_posting_gets_no_offer(
    client, recruiter, other_company
):
    """The offer is for candidates on recruiter pages; other refusals only say why."""
    posting = PostingFactory.create(company=other_company)
    response = signed_in(client, recruiter).get(reverse("jobs:edit", args=[posting.slug]))
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_layout(html)
    assert "You do not recruit for this company." in html
    assert ASK_LINK not in html
    assert recruiter.email in html


def test_staff_refused_a_recruiter_page_get_no_offer(client, staff_user):
    response = signed_in(client, staff_user).get(reverse("jobs:post"))
    assert response.status_code == 403
    assert ASK_LINK not in response.content.decode()


def test_a_visitor_refused_is_offered_to_sign_in_and_come_back(rf):
    request = rf.get("/jobs/saved/")
    request.user = AnonymousUser()
    response = views.permission_denied(request, PermissionDenied("Sign in to save searches."))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Sign in to save searches." in html
    assert f'href="{reverse("account_login")}?next=/jobs/saved/"' in html


def test_a_refusal_without_a_message_shows_no_reason_box(rf, candidate):
    request = rf.get("/somewhere/")
    request.user = candidate
    html = views.permission_denied(request, PermissionDenied()).content.decode()
    assert "error-reason" not in html
    assert "You cannot open this page" in html


def test_an_unknown_address_offers_a_search_and_its_section(client):
    """A missing posting's 404 keeps its status and links to the job board it belongs to."""
    response = client.get("/jobs/no-such-role-here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_site_layout(html)
    assert f'href="{reverse("jobs:list")}">Go to Jobs' in html
    assert f'href="{reverse("account_login")}?next=/jobs/no-such-role-here/"' in html


def test_a_signed_in_visitor_is_not_offered_to_sign_in_on_a_404(client, candidate):
    html = signed_in(client, candidate).get("/no-such-page/").content.decode()
    assert f'href="{reverse("account_login")}' not in html


def test_a_bad_request_gets_the_sites_400_page(client):
    """A request Django refuses as malformed (here an unknown host) answers 400 in the layout."""
    response = client.get("/jobs/", headers={"host": "unknown.example"})
    assert response.status_code == 400
    assert "400.html" in template_names(response)
    html = response.content.decode()
    assert_site_layout(html)
    assert "could not be understood" in html


def test_the_500_page_has_the_navigation_and_a_retry(rf):
    """The project's handler adds the sections and the address to retry, without a context."""
    response = views.server_error(rf.get("/salaries/?currency=GBP"))
    assert response.status_code == 500
    html = response.content.decode()
    assert f'href="{reverse("salaries:benchmarks")}"' in html
    assert 'href="/salaries/?currency=GBP">Try again' in html
    assert "<script" not in html


def test_djangos_own_500_handler_still_renders_the_page(rf):
    html = django_server_error(rf.get("/")).content.decode()
    assert "Something went wrong" in html
    assert "Try again" not in html


def csrf_client(candidate=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if candidate is not None:
        client.force_login(candidate)
    return client


def test_a_form_sent_without_the_cookie_says_cookies_are_off(candidate):
    client = csrf_client(candidate)
    response = client.post(reverse("accounts:profile"), {"name": "Casey"})
    assert response.status_code == 403
    assert "403_csrf.html" in template_names(response)
    html = response.content.decode()
    assert_site_layout(html)
    assert "cookies are off" in html
    assert f'href="{reverse("accounts:profile")}">Go back to the form' in html


def test_a_form_with_a_stale_token_says_it_was_open_too_long(candidate):
    client = csrf_client(candidate)
    client.get(reverse("accounts:profile"))
    response = client.post(
        reverse("accounts:profile"),
        {"name": "Casey", "csrfmiddlewaretoken": "x" * 64},
        headers={"referer": "http://testserver/accounts/profile/?tab=links"},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "open for a long time" in html
    assert "cookies are off" not in html
    assert 'href="http://testserver/accounts/profile/?tab=links">Go back' in html


def test_the_retry_link_never_points_to_another_site(candidate):
    client = csrf_client(candidate)
    response = client.post(
        reverse("accounts:profile"), {}, headers={"referer": "https://evil.example/form/"}
    )
    html = response.content.decode()
    assert "evil.example" not in html
    assert f'href="{reverse("accounts:profile")}">Go back' in html


@pytest.mark.parametrize(
    ("handler", "status"),
    [
        (lambda request: views.permission_denied(request, PermissionDenied("No.")), 403),
        (lambda request: views.bad_request(request, ValueError()), 400),
        (lambda request: views.csrf_failure(request, reason="CSRF cookie not set."), 403),
    ],
)
def test_api_paths_answer_errors_in_json(handler, status):
    response = handler(RequestFactory().post("/api/v1/jobs/"))
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert "detail" in json.loads(response.content)
