"""The recruiter dashboard's key counts: what is live, in review, to finish, and new applicants."""

import pytest
from django.urls import reverse

from jobs.domain import PostingStatus
from jobs.models import ApplicationStatus
from jobs.selectors import DashboardCounts
from tests.jobs.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db


def test_dashboard_counts_the_recruiters_own_postings_and_new_applications(
    client, recruiter, company
):
    """Two live, one pending, a draft and a rejected one; two new applications of three.
    Another company's postings and applications are not counted."""
    live = PostingFactory.create_batch(2, company=company)
    for status in (PostingStatus.PENDING, PostingStatus.DRAFT, PostingStatus.REJECTED):
        PostingFactory.create(company=company, status=status)
    ApplicationFactory.create_batch(2, posting=live[0])
    ApplicationFactory.create(posting=live[1], status=ApplicationStatus.REVIEWED)
    ApplicationFactory.create_batch(4)
    client.force_login(recruiter)
    response = client.get(reverse("jobs:dashboard"))
    assert response.context["counts"] == DashboardCounts(
        live=2, in_review=1, to_finish=2, new_applications=2
    )
    assert "<strong>2</strong> new applications" in response.content.decode()


def test_dashboard_counts_cost_no_query_of_their_own(
    client, recruiter, company, django_assert_max_num_queries
):
    """The counts come from the table's rows: the page's queries do not grow with postings."""
    for posting in PostingFactory.create_batch(6, company=company):
        ApplicationFactory.create(posting=posting)
    client.force_login(recruiter)
    # Session and user, the header's figures, the postings with their counts, the companies.
    with django_assert_max_num_queries(5):
        assert client.get(reverse("jobs:dashboard")).status_code == 200
