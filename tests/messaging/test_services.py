"""Messaging services: who gets a thread on which subject, who reads and writes, sending rules."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404

from gigs.domain import MilestoneStatus
from gigs.hours import HourLogStatus
from gigs.models import HourLog, Milestone
from jobs.services.applications import MAX_RESUME_BYTES
from messaging import notifications, selectors, services
from messaging.models import Message, StaffAccess, Thread, ThreadMember
from tests.accounts.factories import UserFactory
from tests.jobs.factories import ApplicationFactory, PostingFactory
from tests.messaging.conftest import pdf

# --- Threads on a subject -------------------------------------------------------------


def test_applicant_and_recruiter_share_the_application_thread(application, candidate, recruiter):
    """The applicant's Message button and the recruiter's open the same thread of the two."""
    from_candidate = services.thread_for_application(application=application, user=candidate)
    from_recruiter = services.thread_for_application(application=application, user=recruiter)
    assert from_candidate.pk == from_recruiter.pk
    assert set(from_candidate.participant_ids) == {candidate.pk, recruiter.pk}
    assert from_candidate.application_id == application.pk
    assert ThreadMember.objects.filter(thread=from_candidate).count() == 2


def test_second_recruiter_has_own_thread_and_applicant_gets_the_newest(
    application, candidate, recruiter, company
):
    """A colleague on the company's team opens their own thread; the applicant lands in it."""
    services.thread_for_application(application=application, user=recruiter)
    colleague = UserFactory.create(role="recruiter")
    company.recruiters.add(colleague)
    theirs = services.thread_for_application(application=application, user=colleague)
    assert set(theirs.participant_ids) == {candidate.pk, colleague.pk}
    assert services.thread_for_application(application=application, user=candidate) == theirs


def test_applicant_without_thread_writes_to_a_current_recruiter(company, recruiter, candidate):
    """When the posting's author has left the company, the company's recruiter is the other side."""
    author = UserFactory.create(role="recruiter")
    posting = PostingFactory.create(company=company, created_by=author)
    application = ApplicationFactory.create(posting=posting, candidate=candidate)
    thread = services.thread_for_application(application=application, user=candidate)
    assert set(thread.participant_ids) == {candidate.pk, recruiter.pk}


def test_applicant_refused_when_nobody_recruits(company, candidate):
    """No recruiter left at the company: a clear error, no thread."""
    application = ApplicationFactory.create(
        posting=PostingFactory.create(company=company), candidate=candidate
    )
    with pytest.raises(ValidationError):
        services.thread_for_application(application=application, user=candidate)
    assert not Thread.objects.exists()


@pytest.mark.parametrize("who", ["stranger", "other_recruiter", "staff_user"])
def test_application_thread_refused_to_outsiders(application, who, request):
    """A third user, another company's recruiter and staff cannot open an application thread."""
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.thread_for_application(application=application, user=user)
    assert not Thread.objects.exists()


def test_proposal_thread_is_shared_by_freelancer_and_client(proposal, freelancer, client_user):
    """Both sides of a proposal open the one thread between them, once."""
    first = services.thread_for_proposal(proposal=proposal, user=freelancer)
    again = services.thread_for_proposal(proposal=proposal, user=client_user)
    assert first.pk == again.pk
    assert set(first.participant_ids) == {freelancer.pk, client_user.pk}
    assert Thread.objects.count() == 1


@pytest.mark.parametrize("who", ["stranger", "staff_user"])
def test_proposal_thread_refused_to_outsiders(proposal, who, request):
    """A third user and staff cannot open a proposal's thread."""
    with pytest.raises(PermissionDenied):
        services.thread_for_proposal(proposal=proposal, user=request.getfixturevalue(who))


def test_contract_thread_is_shared(contract, client_user, freelancer):
    """Both sides of a contract open the one thread on it."""
    thread = services.thread_for_contract(contract=contract, user=freelancer)
    assert services.thread_for_contract(contract=contract, user=client_user) == thread
    assert thread.contract_id == contract.pk


@pytest.mark.parametrize("who", ["stranger", "staff_user"])
def test_contract_thread_refused_to_outsiders(contract, who, request):
    """Staff do not open threads; they read existing ones during a dispute."""
    with pytest.raises(PermissionDenied):
        services.thread_for_contract(contract=contract, user=request.getfixturevalue(who))


def test_database_refuses_a_thread_with_two_subjects(contract, proposal, client_user, freelancer):
    """The check constraint holds exactly one subject per thread."""
    low, high = sorted([client_user, freelancer], key=lambda user: user.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(user_low=low, user_high=high, contract=contract, proposal=proposal)
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(user_low=low, user_high=high)


def test_database_refuses_a_second_thread_on_one_subject_and_pair(contract_thread):
    """One thread per subject and pair, whatever the order the pair is given in."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(
            user_low_id=contract_thread.user_low_id,
            user_high_id=contract_thread.user_high_id,
            contract_id=contract_thread.contract_id,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(
            user_low_id=contract_thread.user_high_id,
            user_high_id=contract_thread.user_low_id,
            contract_id=contract_thread.contract_id,
        )


# --- Who reads a thread ------------------------------------------------------------------


def test_participants_open_their_thread(contract_thread, client_user, freelancer):
    """Each participant opens the thread with their own member row; nothing is recorded."""
    for user in (client_user, freelancer):
        opened = services.thread_open(pk=contract_thread.pk, user=user)
        assert opened.member is not None and opened.member.user_id == user.pk
    assert not StaffAccess.objects.exists()


def test_third_user_gets_404(contract_thread, stranger):
    """Someone outside the thread gets a 404."""
    with pytest.raises(Http404):
        services.thread_open(pk=contract_thread.pk, user=stranger)


def test_other_side_of_another_thread_gets_404(contract_thread, application, candidate, recruiter):
    """Being in some thread gives nothing in another: the applicant cannot read the contract's."""
    services.thread_for_application(application=application, user=recruiter)
    with pytest.raises(Http404):
        services.thread_open(pk=contract_thread.pk, user=candidate)


def test_staff_outside_a_dispute_get_404(contract_thread, staff_user):
    """No dispute: staff read nothing, and nothing is recorded."""
    with pytest.raises(Http404):
        services.thread_open(pk=contract_thread.pk, user=staff_user)
    assert not StaffAccess.objects.exists()


def test_staff_read_a_disputed_contract_thread_and_it_is_recorded(
    contract_thread, staff_user, dispute
):
    """While a milestone is disputed staff read the thread, and each read leaves a row."""
    dispute()
    opened = services.thread_open(pk=contract_thread.pk, user=staff_user)
    assert opened.is_staff_reader
    services.thread_open(pk=contract_thread.pk, user=staff_user)
    rows = list(StaffAccess.objects.values_list("staff_id", "thread_id"))
    assert rows == [(staff_user.pk, contract_thread.pk)] * 2


def test_a_disputed_week_of_hours_opens_the_thread_to_staff(contract, contract_thread, staff_user):
    """A week of hours in dispute is a dispute on the contract too: staff may read, recorded."""
    HourLog.objects.create(
        contract=contract,
        week=date(2026, 11, 2),
        minutes=60,
        description="Discovery interviews",
        amount=5_000,
        status=HourLogStatus.DISPUTED,
    )
    assert services.thread_open(pk=contract_thread.pk, user=staff_user).is_staff_reader
    assert StaffAccess.objects.filter(thread=contract_thread, staff=staff_user).exists()


def test_staff_lose_access_once_the_dispute_is_resolved(contract_thread, staff_user, dispute):
    """A resolved dispute closes the thread to staff again."""
    milestone = dispute()
    Milestone.objects.filter(pk=milestone.pk).update(status=MilestoneStatus.RESOLVED)
    with pytest.raises(Http404):
        services.thread_open(pk=contract_thread.pk, user=staff_user)


def test_a_dispute_opens_only_the_contract_thread(
    contract, proposal, client_user, freelancer, staff_user, dispute
):
    """The same two people's proposal thread stays closed to staff during the contract's dispute."""
    proposal_thread = services.thread_for_proposal(proposal=proposal, user=client_user)
    dispute()
    with pytest.raises(Http404):
        services.thread_open(pk=proposal_thread.pk, user=staff_user)


def test_missing_thread_is_404(client_user):
    """A thread that does not exist is a 404, as a foreign one is."""
    with pytest.raises(Http404):
        services.thread_open(pk=999_999, user=client_user)


# --- Sending -------------------------------------------------------------------------


def test_send_updates_the_thread_and_the_unread_counts(contract_thread, client_user, freelancer):
    """The recipient has one more unread message; the sender has read everything."""
    message = services.message_send(thread=contract_thread, sender=client_user, body="  Hi Finn  ")
    assert message.body == "Hi Finn"
    contract_thread.refresh_from_db()
    assert contract_thread.last_message_at == message.created_at
    assert contract_thread.last_sender_id == client_user.pk
    members = dict(ThreadMember.objects.values_list("user_id", "unread_count"))
    assert members == {client_user.pk: 0, freelancer.pk: 1}
    services.message_send(thread=contract_thread, sender=client_user, body="Are you there?")
    assert selectors.unread_total(user=freelancer) == 2
    services.message_send(thread=contract_thread, sender=freelancer, body="Yes!")
    assert selectors.unread_total(user=freelancer) == 0
    assert selectors.unread_total(user=client_user) == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param("   ", "Write a message.", id="empty"),
        pytest.param("x" * (services.MAX_MESSAGE_CHARS + 1), "under 5000", id="too-long"),
        pytest.param("bell\x07", "control characters", id="control-character"),
        pytest.param("nul\x00", "control characters", id="nul"),
    ],
)
def test_send_refuses_bad_bodies(contract_thread, client_user, body, message):
    """Empty, too long and control-character bodies are refused under 'body'; nothing is stored."""
    with pytest.raises(ValidationError) as refused:
        services.message_send(thread=contract_thread, sender=client_user, body=body)
    assert message in " ".join(refused.value.message_dict["body"])
    assert not Message.objects.exists()


def test_send_keeps_line_breaks_and_tabs(contract_thread, client_user):
    """Line breaks and tabs are text, not control characters to refuse."""
    message = services.message_send(
        thread=contract_thread, sender=client_user, body="Line one\r\n\tLine two"
    )
    assert message.body == "Line one\r\n\tLine two"


@pytest.mark.parametrize("who", ["stranger", "staff_user"])
def test_only_participants_write(contract_thread, who, request, dispute):
    """A third user, and staff even during a dispute, cannot write in a thread."""
    dispute()
    with pytest.raises(PermissionDenied):
        services.message_send(
            thread=contract_thread, sender=request.getfixturevalue(who), body="Hello"
        )
    assert not Message.objects.exists()


def test_send_with_a_document(contract_thread, client_user, settings):
    """A PDF is stored privately under the detected type, with the sender's file name."""
    message = services.message_send(
        thread=contract_thread, sender=client_user, body="The brief", attachment=pdf("Brief v2.pdf")
    )
    assert message.attachment_name == "Brief v2.pdf"
    assert message.attachment.name.endswith(".pdf")
    assert message.attachment.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(SimpleUploadedFile("run.pdf", b"MZ\x90\x00 binary"), id="exe-named-pdf"),
        pytest.param(SimpleUploadedFile("empty.pdf", b""), id="empty"),
        pytest.param(
            SimpleUploadedFile("huge.pdf", b"%PDF-" + b"0" * MAX_RESUME_BYTES), id="too-large"
        ),
        pytest.param(SimpleUploadedFile("page.html", b"<html><script>"), id="html"),
    ],
)
def test_send_refuses_documents_by_content(contract_thread, client_user, upload):
    """The résumé upload's content check applies: anything but a real PDF or .docx is refused."""
    with pytest.raises(ValidationError) as refused:
        services.message_send(
            thread=contract_thread, sender=client_user, body="See attached", attachment=upload
        )
    assert "attachment" in refused.value.message_dict
    assert not Message.objects.exists()


# --- Reading and muting ------------------------------------------------------------------


def test_read_clears_the_unread_count(contract_thread, client_user, freelancer):
    """Reading clears the count; reading again reports nothing was unread."""
    services.message_send(thread=contract_thread, sender=client_user, body="Hello")
    assert services.thread_read(thread=contract_thread, user=freelancer)
    assert selectors.unread_total(user=freelancer) == 0
    assert not services.thread_read(thread=contract_thread, user=freelancer)


def test_mute_and_unmute(contract_thread, freelancer):
    """A participant mutes and unmutes their side."""
    assert services.thread_mute(thread=contract_thread, user=freelancer).is_muted
    assert not services.thread_mute(thread=contract_thread, user=freelancer, muted=False).is_muted


def test_outsider_cannot_mute(contract_thread, stranger):
    """Someone outside the thread cannot mute it."""
    with pytest.raises(PermissionDenied):
        services.thread_mute(thread=contract_thread, user=stranger)


def test_mute_by_token_mutes_that_side_only(contract_thread, client_user, freelancer):
    """A mail's token mutes the recipient's side only."""
    member = ThreadMember.objects.get(thread=contract_thread, user=freelancer)
    token = notifications.mute_token(member)
    muted_member = services.thread_mute_by_token(token=token)
    assert muted_member is not None and muted_member.pk == member.pk
    muted = dict(ThreadMember.objects.values_list("user_id", "is_muted"))
    assert muted == {freelancer.pk: True, client_user.pk: False}


@pytest.mark.parametrize("token", ["", "nonsense", "1:forged"])
def test_mute_by_a_bad_token_does_nothing(contract_thread, token):
    """A missing, malformed or forged token mutes nothing."""
    assert services.thread_mute_by_token(token=token) is None
    assert not ThreadMember.objects.filter(is_muted=True).exists()
