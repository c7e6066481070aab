"""A job list row built directly says exactly what the generic posting serializer says."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from jobs.api.serializers import PostingRowSerializer, PostingSerializer
from jobs.models import JobPosting
from jobs.search import cards
from tests.jobs.factories import PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"remote_policy": "remote", "applicant_countries": ["GB", "IE"], "region": "Leinster"},
        {"salary_min": None, "salary_max": 9_000_000, "salary_period": "year"},
        {"salary_min": 4_500, "salary_max": 6_000, "salary_period": "hour", "technical": True},
        {"posted_at": None, "valid_through": None},
        {"posted_at": timezone.now() - timedelta(days=3, microseconds=17)},
        {"company__name": 'Ampersand & "Quotes"', "company__verified": True},
        {"city": "", "country": "IN"},
    ],
)
def test_a_row_matches_the_generic_serializer(fields):
    posting = PostingFactory.create(**fields)
    posting.skills.set([SkillFactory.create(name="SQL"), SkillFactory.create(name="User research")])
    posting = cards(JobPosting.objects.all()).get(pk=posting.pk)
    context = {"request": APIRequestFactory().get("/api/v1/jobs/")}

    row = PostingRowSerializer(posting, context=context).data

    assert row == PostingSerializer(posting, context=context).data
    assert list(row) == list(PostingSerializer.Meta.fields)
