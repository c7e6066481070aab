"""Candidates asking to become a company's recruiter, and staff deciding: every write."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import notifications, services
from accounts.models import RecruiterRequest, RecruiterRequestStatus, Role
from accounts.selectors import pending_recruiter_request_count, recruiter_request_latest
from jobs.models import Company
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

WORK_EMAIL = "casey@acme.example"


def ask(user, company=None, **fields):
    """Send a request for ``company``, or for a new company when ``fields`` name one."""
    return services.recruiter_request_create(
        user=user, company=company, work_email=WORK_EMAIL, **fields
    )


def ask_new(user, name="Acme Analytics", website="https://acme.example"):
    return ask(user, company_name=name, company_website=website)


def test_candidate_asks_to_recruit_for_a_listed_company(candidate, company):
    """The request waits for staff, names the company and changes nothing about the user yet."""
    recruiter_request = ask(candidate, company, note="Talent partner, product team")
    assert recruiter_request.status == RecruiterRequestStatus.PENDING
    assert recruiter_request.company == company
    assert recruiter_request.note == "Talent partner, product team"
    candidate.refresh_from_db()
    assert candidate.role == Role.CANDIDATE
    assert not company.recruiters.filter(pk=candidate.pk).exists()


def test_candidate_asks_to_recruit_for_a_new_company(candidate):
    """A company new to pmportal is kept as a name and a website; no company is created yet."""
    recruiter_request = ask_new(candidate)
    assert recruiter_request.company is None
    assert recruiter_request.company_label == "Acme Analytics"
    assert not Company.objects.filter(name="Acme Analytics").exists()


@pytest.mark.parametrize("who", ["recruiter", "staff_user"])
def test_recruiters_and_staff_cannot_ask(request, who, other_company):
    """Only candidates ask; the others post jobs already, and nothing is stored."""
    with pytest.raises(PermissionDenied):
        ask(request.getfixturevalue(who), other_company)
    assert not RecruiterRequest.objects.exists()


def test_a_deactivated_account_cannot_ask(company):
    user = UserFactory.create(is_active=False)
    with pytest.raises(PermissionDenied):
        ask(user, company)
    assert not RecruiterRequest.objects.exists()


def test_a_second_request_waits_for_the_first(candidate, company, other_company):
    """One open request per person: the second is refused with words for people."""
    ask(candidate, company)
    with pytest.raises(ValidationError) as refused:
        ask(candidate, other_company)
    assert "still waiting for review" in str(refused.value)
    assert RecruiterRequest.objects.count() == 1


def test_a_declined_request_lets_the_candidate_ask_again(candidate, company, staff_user):
    first = ask(candidate, company)
    services.recruiter_request_reject(
        recruiter_request=first, moderator=staff_user, reason="Use your work address."
    )
    second = ask(candidate, company)
    assert second.is_pending
    assert recruiter_request_latest(user=candidate) == second


def test_a_listed_company_and_a_new_one_together_are_refused(candidate, company):
    with pytest.raises(ValidationError, match="not both"):
        ask(candidate, company, company_name="Acme Analytics")
    assert not RecruiterRequest.objects.exists()


def test_no_company_at_all_is_refused(candidate):
    with pytest.raises(ValidationError, match="Pick your company"):
        ask(candidate)
    assert not RecruiterRequest.objects.exists()


def test_a_new_company_needs_its_website(candidate):
    with pytest.raises(ValidationError) as refused:
        ask_new(candidate, website="")
    assert "company_website" in refused.value.message_dict
    assert not RecruiterRequest.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"work_email": "not an address"},
        {"note": "Recruiter\x00"},
        {"company_name": "Acme\nAnalytics", "company_website": "https://acme.example"},
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(candidate, fields):
    values = {"company_name": "Acme", "company_website": "https://acme.example", **fields}
    with pytest.raises(ValidationError):
        services.recruiter_request_create(
            user=candidate, company=None, **{"work_email": WORK_EMAIL, **values}
        )
    assert not RecruiterRequest.objects.exists()


def test_approving_makes_the_candidate_a_recruiter_of_the_company(
    candidate, company, staff_user, django_capture_on_commit_callbacks
):
    """Approval changes the role, joins the company's recruiters and e-mails the applicant."""
    recruiter_request = ask(candidate, company)
    with django_capture_on_commit_callbacks(execute=True):
        services.recruiter_request_approve(
            recruiter_request=recruiter_request, moderator=staff_user
        )
    recruiter_request.refresh_from_db()
    candidate.refresh_from_db()
    assert recruiter_request.status == RecruiterRequestStatus.APPROVED
    assert recruiter_request.decided_by == staff_user
    assert recruiter_request.decided_at is not None
    assert candidate.role == Role.RECRUITER
    assert candidate.recruits_for(company)
    [message] = mail.outbox
    assert message.to == [candidate.email]
    assert message.subject == f"You can now post jobs for {company.name}"


def test_approving_a_new_company_creates_it_unverified(
    candidate, staff_user, django_capture_on_commit_callbacks
):
    recruiter_request = ask_new(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        services.recruiter_request_approve(
            recruiter_request=recruiter_request, moderator=staff_user
        )
    company = Company.objects.get(name="Acme Analytics")
    assert company.website == "https://acme.example"
    assert not company.verified
    assert list(company.recruiters.all()) == [candidate]
    recruiter_request.refresh_from_db()
    assert recruiter_request.company == company
    assert "not verified yet" in mail.outbox[0].body


def test_only_staff_approve(candidate, company, recruiter):
    recruiter_request = ask(candidate, company)
    with pytest.raises(PermissionDenied):
        services.recruiter_request_approve(recruiter_request=recruiter_request, moderator=recruiter)
    recruiter_request.refresh_from_db()
    candidate.refresh_from_db()
    assert recruiter_request.is_pending
    assert candidate.role == Role.CANDIDATE


def test_only_staff_decline(candidate, company, recruiter):
    recruiter_request = ask(candidate, company)
    with pytest.raises(PermissionDenied):
        services.recruiter_request_reject(
            recruiter_request=recruiter_request, moderator=recruiter, reason="No."
        )
    recruiter_request.refresh_from_db()
    assert recruiter_request.is_pending


def test_a_decided_request_cannot_be_decided_again(candidate, company, staff_user):
    """Approving or declining twice is refused: one decision, one e-mail."""
    recruiter_request = ask(candidate, company)
    services.recruiter_request_approve(recruiter_request=recruiter_request, moderator=staff_user)
    with pytest.raises(services.RequestDecidedError):
        services.recruiter_request_approve(
            recruiter_request=recruiter_request, moderator=staff_user
        )
    with pytest.raises(services.RequestDecidedError):
        services.recruiter_request_reject(
            recruiter_request=recruiter_request, moderator=staff_user, reason="Changed my mind."
        )
    recruiter_request.refresh_from_db()
    assert recruiter_request.status == RecruiterRequestStatus.APPROVED
    assert company.recruiters.filter(pk=candidate.pk).count() == 1


def test_declining_keeps_the_reason_and_e_mails_it(
    candidate, company, staff_user, django_capture_on_commit_callbacks
):
    recruiter_request = ask(candidate, company)
    reason = "We could not match your work address to the company."
    with django_capture_on_commit_callbacks(execute=True):
        services.recruiter_request_reject(
            recruiter_request=recruiter_request, moderator=staff_user, reason=f" {reason}\n"
        )
    recruiter_request.refresh_from_db()
    candidate.refresh_from_db()
    assert recruiter_request.status == RecruiterRequestStatus.REJECTED
    assert recruiter_request.rejection_reason == reason
    assert candidate.role == Role.CANDIDATE
    [message] = mail.outbox
    assert message.to == [candidate.email]
    assert reason in message.body


@pytest.mark.parametrize("reason", ["", "  \n ", "Bad\x00reason"])
def test_declining_needs_a_readable_reason(candidate, company, staff_user, reason):
    recruiter_request = ask(candidate, company)
    with pytest.raises(ValidationError):
        services.recruiter_request_reject(
            recruiter_request=recruiter_request, moderator=staff_user, reason=reason
        )
    recruiter_request.refresh_from_db()
    assert recruiter_request.is_pending


def test_pending_count_counts_only_waiting_requests(company, staff_user):
    waiting = [ask(UserFactory.create(), company) for _ in range(3)]
    services.recruiter_request_approve(recruiter_request=waiting[0], moderator=staff_user)
    services.recruiter_request_reject(
        recruiter_request=waiting[1], moderator=staff_user, reason="Unknown to the company."
    )
    assert pending_recruiter_request_count() == 1


def test_the_answer_e_mail_waits_for_a_decision_and_skips_deleted_requests(candidate, company):
    """The outbox handler sends nothing for a request still waiting or one deleted since."""
    request_id = ask(candidate, company).pk
    assert notifications.recruiter_request_email_send(request_id=request_id) == 0
    RecruiterRequest.objects.filter(pk=request_id).delete()
    assert notifications.recruiter_request_email_send(request_id=request_id) == 0
    assert mail.outbox == []
