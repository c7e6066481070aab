"""Message buttons where people meet: applications, proposals and contracts."""

from django.urls import reverse


def button(kind, pk):
    return f'action="{reverse("messaging:start", args=[kind, pk])}"'


def test_message_buttons_on_applications(client, application, candidate, recruiter):
    """The applicant's list and the recruiter's applicant list both offer a Message button."""
    client.force_login(candidate)
    assert (
        button("application", application.pk)
        in client.get(reverse("jobs:my_applications")).content.decode()
    )
    client.force_login(recruiter)
    assert (
        button("application", application.pk)
        in client.get(reverse("jobs:applicants", args=[application.posting.slug])).content.decode()
    )


def test_message_buttons_on_a_proposal(client, proposal, client_user, freelancer):
    """The client's proposal list and the freelancer's own proposal offer a Message button."""
    client.force_login(client_user)
    assert (
        button("proposal", proposal.pk)
        in client.get(reverse("gigs:proposals", args=[proposal.gig.slug])).content.decode()
    )
    client.force_login(freelancer)
    assert (
        button("proposal", proposal.pk)
        in client.get(proposal.gig.get_absolute_url()).content.decode()
    )


def test_message_button_on_a_contract(client, contract, client_user, staff_user):
    """Both sides see it on the contract page; staff, who read only in disputes, do not."""
    client.force_login(client_user)
    assert (
        button("contract", contract.pk) in client.get(contract.get_absolute_url()).content.decode()
    )
    client.force_login(staff_user)
    page = client.get(contract.get_absolute_url()).content.decode()
    assert button("contract", contract.pk) not in page


def test_staff_get_a_link_to_the_thread_only_during_a_dispute(
    client, contract, contract_thread, staff_user, dispute
):
    """The contract page links staff to its conversation while a milestone is disputed."""
    client.force_login(staff_user)
    link = f'href="{contract_thread.get_absolute_url()}"'
    assert link not in client.get(contract.get_absolute_url()).content.decode()
    dispute()
    page = client.get(contract.get_absolute_url()).content.decode()
    assert link in page
    assert "each visit is recorded" in page
