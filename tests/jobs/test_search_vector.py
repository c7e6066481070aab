"""Keyword search finds a posting exactly while it is live, however it went live or closed.

On PostgreSQL a trigger keeps the search vector of live postings only (jobs migration
0013); on SQLite the words are matched in the text columns. The search behaves the same.
"""

import pytest
from django.db import connection

from jobs.domain import PostingStatus
from jobs.models import JobPosting
from jobs.search.engine import engine
from jobs.services.postings import posting_approve, posting_repost, postings_expire

from .factories import PostingFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search vector is PostgreSQL's"
)


def found(word: str) -> list[JobPosting]:
    return list(engine().matches(JobPosting.objects.on_board(), word))


def vector(posting: JobPosting) -> str | None:
    pk = posting.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM jobs_jobposting WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@on_postgresql
def test_only_live_postings_carry_a_search_vector():
    live = PostingFactory.create(title="Product Manager, Quillfeather")
    pending = PostingFactory.create(title="Product Manager, Quillfeather", status="pending")
    expired = PostingFactory.create(title="Product Manager, Quillfeather", status="expired")
    duplicate = PostingFactory.create(title="Product Manager, Quillfeather", duplicate_of=live)
    assert "quillfeath" in (vector(live) or "")
    assert [vector(p) for p in (pending, expired, duplicate)] == [None, None, None]


def test_an_approved_posting_is_found(staff_user):
    posting = PostingFactory.create(title="Product Manager, Marlowbrook", status="pending")
    assert found("marlowbrook") == []
    posting_approve(posting=posting, moderator=staff_user)
    assert found("marlowbrook") == [posting]


def test_an_expired_posting_is_not_found_and_a_reposted_one_is(recruiter, company):
    posting = PostingFactory.create(title="Product Manager, Tindleway", company=company)
    JobPosting.objects.filter(pk=posting.pk).update(valid_through=posting.posted_at)
    postings_expire()
    assert found("tindleway") == []
    company.verified = True
    company.save()
    posting_repost(posting=posting, user=recruiter)
    assert found("tindleway") == [posting]


def test_a_duplicate_made_an_original_is_found():
    original = PostingFactory.create(title="Product Manager, Ostrava Kilns")
    copy = PostingFactory.create(title="Product Manager, Ostrava Kilns", duplicate_of=original)
    assert found("kilns") == [original]
    original.delete()
    assert found("kilns") == [copy]


@on_postgresql
def test_a_write_that_keeps_a_posting_live_leaves_its_vector_alone():
    """Re-listing a live posting rewrites its status to the same: no vector is computed."""
    posting = PostingFactory.create()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE jobs_jobposting SET search_vector = to_tsvector('simple', 'kept')")
    JobPosting.objects.filter(pk=posting.pk).update(status=PostingStatus.PUBLISHED)
    assert vector(posting) == "'kept':1"
    JobPosting.objects.filter(pk=posting.pk).update(status=PostingStatus.EXPIRED)
    assert vector(posting) is None
