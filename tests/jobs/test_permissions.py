"""Who manages a posting (sees its applicants, thread and views) and who writes it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from jobs.permissions import can_manage, can_write
from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(company):
    return PostingFactory.create(company=company)


def test_the_companys_recruiters_manage_and_write_its_postings(posting, recruiter):
    assert can_manage(recruiter, posting)
    assert can_write(recruiter, posting.company)


def test_staff_manage_every_posting_but_write_none_they_do_not_recruit_for(posting, staff_user):
    """Staff moderate: they see applicants and the thread, and only recruiters write."""
    assert can_manage(staff_user, posting)
    assert not can_write(staff_user, posting.company)


def test_another_companys_recruiter_neither_manages_nor_writes(posting, other_recruiter):
    assert not can_manage(other_recruiter, posting)
    assert not can_write(other_recruiter, posting.company)


def test_candidates_and_visitors_neither_manage_nor_write(posting, candidate):
    for user in (candidate, AnonymousUser()):
        assert not can_manage(user, posting)
        assert not can_write(user, posting.company)


def test_a_deactivated_recruiter_no_longer_manages(posting, recruiter):
    recruiter.is_active = False
    assert not can_manage(recruiter, posting)
