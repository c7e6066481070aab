"""The pages around recruiter requests: the form, the profile's status and the admin's review."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from accounts import services
from accounts.models import RecruiterRequest, RecruiterRequestStatus, Role

pytestmark = pytest.mark.django_db

FORM = reverse("accounts:recruiter_request")
PROFILE = reverse("accounts:profile")
CHANGELIST = reverse("admin:accounts_recruiterrequest_changelist")


def ask(user, company):
    return services.recruiter_request_create(
        user=user, company=company, work_email="casey@acme.example"
    )


@pytest.fixture
def candidate_client(client, candidate):
    client.force_login(candidate)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_the_form_lists_the_companies_on_pmportal(candidate_client, company):
    response = candidate_client.get(FORM)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{company.slug}">{escape(company.name)}</option>' in html
    assert "My company is not listed" in html


def test_sending_the_form_records_the_request_and_returns_to_the_profile(
    candidate_client, candidate, company
):
    response = candidate_client.post(
        FORM, {"company": company.slug, "work_email": "casey@acme.example", "note": "Recruiter"}
    )
    assert response.status_code == 302
    assert response.url == PROFILE
    recruiter_request = RecruiterRequest.objects.get()
    assert (recruiter_request.user, recruiter_request.company) == (candidate, company)


def test_a_new_company_is_asked_for_by_name_and_website(candidate_client):
    candidate_client.post(
        FORM,
        {
            "company_name": "Acme Analytics",
            "company_website": "acme.example",
            "work_email": "casey@acme.example",
        },
    )
    recruiter_request = RecruiterRequest.objects.get()
    assert recruiter_request.company_website == "https://acme.example"


def test_a_form_naming_no_company_is_shown_again_with_the_reason(candidate_client):
    response = candidate_client.post(FORM, {"work_email": "casey@acme.example"})
    assert response.status_code == 400
    assert "Pick your company from the list, or name a new one." in response.content.decode()
    assert not RecruiterRequest.objects.exists()


def test_a_service_refusal_is_shown_on_the_form(candidate_client, company):
    response = candidate_client.post(
        FORM,
        {"company": company.slug, "company_name": "Acme", "work_email": "casey@acme.example"},
    )
    assert response.status_code == 400
    assert "not both" in response.content.decode()
    assert not RecruiterRequest.objects.exists()


def test_a_waiting_request_replaces_the_form_and_a_second_is_refused(
    candidate_client, candidate, company, other_company
):
    ask(candidate, company)
    html = candidate_client.get(FORM).content.decode()
    assert "waiting for review" in html
    assert '<form method="post" novalidate>' not in html
    response = candidate_client.post(
        FORM, {"company": other_company.slug, "work_email": "casey@acme.example"}
    )
    assert response.status_code == 400
    assert "still waiting for review" in response.content.decode()
    assert RecruiterRequest.objects.count() == 1


def test_a_recruiter_is_refused_the_form_in_the_sites_layout(client, recruiter):
    client.force_login(recruiter)
    response = client.get(FORM)
    assert response.status_code == 403
    assert "recruiters and staff need no request" in response.content.decode()


def test_the_profile_links_a_candidate_to_the_form(candidate_client):
    html = candidate_client.get(PROFILE).content.decode()
    assert f'href="{FORM}"' in html


def test_the_profile_shows_a_waiting_request(candidate_client, candidate, company):
    ask(candidate, company)
    html = candidate_client.get(PROFILE).content.decode()
    assert "waiting for review" in html
    assert f'href="{FORM}"' not in html


def test_the_profile_shows_why_a_request_was_declined(
    candidate_client, candidate, company, staff_user
):
    services.recruiter_request_reject(
        recruiter_request=ask(candidate, company),
        moderator=staff_user,
        reason="Send it from your work address.",
    )
    html = candidate_client.get(PROFILE).content.decode()
    assert "declined" in html
    assert "Send it from your work address." in html
    assert f'href="{FORM}"' in html


def test_a_recruiters_profile_offers_no_request(client, recruiter):
    client.force_login(recruiter)
    assert f'href="{FORM}"' not in client.get(PROFILE).content.decode()


def run_action(client, action, objects, **extra):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], "index": 0}
    return client.post(CHANGELIST, {**data, **extra}, follow=True)


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_staff_see_waiting_requests_in_the_admin(staff_client, candidate, company):
    recruiter_request = ask(candidate, company)
    html = staff_client.get(CHANGELIST).content.decode()
    assert "casey@acme.example" in html
    assert escape(company.name) in html
    change = reverse("admin:accounts_recruiterrequest_change", args=[recruiter_request.pk])
    assert staff_client.get(change).status_code == 200


def test_the_admin_approve_action_makes_recruiters(
    staff_client, candidate, company, django_capture_on_commit_callbacks
):
    recruiter_request = ask(candidate, company)
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(staff_client, "approve_requests", [recruiter_request])
    candidate.refresh_from_db()
    assert candidate.role == Role.RECRUITER
    assert "Approved 1 request." in shown_messages(response)
    assert mail.outbox[0].to == [candidate.email]


def test_the_admin_skips_requests_decided_already(staff_client, candidate, company, staff_user):
    recruiter_request = ask(candidate, company)
    services.recruiter_request_approve(recruiter_request=recruiter_request, moderator=staff_user)
    response = run_action(staff_client, "approve_requests", [recruiter_request])
    assert shown_messages(response) == [f"Skipped, decided already: {recruiter_request}."]


def test_the_admin_decline_asks_for_a_reason_first(staff_client, candidate, company):
    recruiter_request = ask(candidate, company)
    response = run_action(staff_client, "reject_requests", [recruiter_request])
    assert "admin/accounts/recruiterrequest/reject_requests.html" in [
        t.name for t in response.templates
    ]
    recruiter_request.refresh_from_db()
    assert recruiter_request.is_pending


def test_the_admin_decline_with_a_reason_declines_and_e_mails_it(
    staff_client, candidate, company, django_capture_on_commit_callbacks
):
    recruiter_request = ask(candidate, company)
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            staff_client,
            "reject_requests",
            [recruiter_request],
            confirm="yes",
            reason="We could not reach you at that address.",
        )
    recruiter_request.refresh_from_db()
    assert recruiter_request.status == RecruiterRequestStatus.REJECTED
    assert "Declined 1 request." in shown_messages(response)
    assert "We could not reach you at that address." in mail.outbox[0].body


def test_the_admin_decline_without_a_reason_changes_nothing(staff_client, candidate, company):
    recruiter_request = ask(candidate, company)
    response = run_action(
        staff_client, "reject_requests", [recruiter_request], confirm="yes", reason="  "
    )
    assert response.status_code == 400
    recruiter_request.refresh_from_db()
    assert recruiter_request.is_pending
    assert mail.outbox == []


def test_non_staff_cannot_decide_requests(client, recruiter, candidate, company):
    recruiter_request = ask(candidate, company)
    client.force_login(recruiter)
    response = client.post(
        CHANGELIST,
        {"action": "approve_requests", "_selected_action": [recruiter_request.pk], "index": 0},
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    recruiter_request.refresh_from_db()
    assert recruiter_request.is_pending
