"""A recruiter reads the applications to their own posting through the API."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import Application, ApplicationStatus
from tests.accounts.factories import UserFactory
from tests.jobs.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def posting(company):
    return PostingFactory.create(company=company)


def applications_url(posting):
    return reverse("api-jobs-applications", kwargs={"slug": posting.slug})


def test_recruiter_reads_the_applications_to_their_posting(api, recruiter, posting):
    """Each row has the candidate's name and e-mail, the note, the status and a résumé link."""
    candidate = UserFactory.create(name="Casey Jones", email="casey.jones@example.com")
    application = ApplicationFactory.create(posting=posting, candidate=candidate, cover_note="Hi!")
    api.force_authenticate(recruiter)

    response = api.get(applications_url(posting))

    assert response.status_code == 200
    resume = reverse("jobs:resume", kwargs={"pk": application.pk})
    assert response.json() == {
        "next": None,
        "results": [
            {
                "id": application.pk,
                "candidate": {"name": "Casey Jones", "email": "casey.jones@example.com"},
                "cover_note": "Hi!",
                "status": "new",
                "resume": f"http://testserver{resume}",
                "created_at": response.json()["results"][0]["created_at"],
            }
        ],
    }


def test_applications_are_newest_first_and_page_by_cursor(api, recruiter, posting):
    """Following `next` lists every application once, newest first."""
    made = [ApplicationFactory.create(posting=posting) for _ in range(5)]
    now = timezone.now()
    for age, application in enumerate(made):
        Application.objects.filter(pk=application.pk).update(created_at=now - timedelta(hours=age))
    api.force_authenticate(recruiter)

    seen, response = [], api.get(applications_url(posting), {"page_size": 2})
    while True:
        seen += [row["id"] for row in response.json()["results"]]
        if response.json()["next"] is None:
            break
        response = api.get(response.json()["next"])

    assert seen == [a.pk for a in made]


def test_applications_filter_by_status(api, recruiter, posting):
    """`status` keeps only the applications at that step."""
    ApplicationFactory.create(posting=posting)
    shortlisted = ApplicationFactory.create(posting=posting, status=ApplicationStatus.SHORTLISTED)
    api.force_authenticate(recruiter)

    response = api.get(applications_url(posting), {"status": "shortlisted"})

    assert [row["id"] for row in response.json()["results"]] == [shortlisted.pk]


def test_an_unknown_application_status_is_400(api, recruiter, posting):
    """A status the pipeline does not have is a field error."""
    api.force_authenticate(recruiter)

    response = api.get(applications_url(posting), {"status": "maybe"})

    assert response.status_code == 400
    assert response.json() == {"status": ["maybe is not an application status."]}


def test_applications_leave_out_other_postings(api, recruiter, posting, company):
    """Only the applications to the posting asked for are listed."""
    wanted = ApplicationFactory.create(posting=posting)
    ApplicationFactory.create(posting=PostingFactory.create(company=company))
    api.force_authenticate(recruiter)

    response = api.get(applications_url(posting))

    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


@pytest.mark.parametrize("who", ["other_recruiter", "candidate"])
def test_applications_to_someone_elses_posting_answer_404(api, request, posting, who):
    """Another company's recruiter, or a candidate, cannot read a posting's applicants."""
    ApplicationFactory.create(posting=posting)
    api.force_authenticate(request.getfixturevalue(who))

    assert api.get(applications_url(posting)).status_code == 404


def test_applications_cost_the_same_queries_for_any_number_of_rows(
    api, recruiter, posting, django_assert_max_num_queries
):
    """Candidates come with their applications: no query per row."""
    for _ in range(12):
        ApplicationFactory.create(posting=posting)
    api.force_authenticate(recruiter)

    with django_assert_max_num_queries(4):
        response = api.get(applications_url(posting))

    assert len(response.json()["results"]) == 12
