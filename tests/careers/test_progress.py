"""Progress: signed-in users mark steps and checklist items; the dashboard sums it up."""

import pytest
from django.contrib import auth
from django.urls import reverse

from careers.models import ChecklistProgress, ProgressStatus, StepProgress
from careers.services import step_progress_set
from tests.accounts.factories import PASSWORD, UserFactory
from tests.careers.factories import CareerStepFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("careers:progress")


def step_url(step):
    return reverse("careers:step_progress", args=[step.path.slug, step.slug])


def item_url(item):
    return reverse("careers:checklist_progress", args=[item.pk])


def test_signed_in_user_marks_a_step(client, candidate, steps):
    client.force_login(candidate)

    response = client.post(step_url(steps[0]), {"status": "in_progress"})

    assert response.status_code == 302
    assert response.url == f"{steps[0].get_absolute_url()}#progress"
    assert StepProgress.objects.get(user=candidate, step=steps[0]).status == "in_progress"


def test_marking_again_changes_the_one_row(client, candidate, steps):
    client.force_login(candidate)

    client.post(step_url(steps[0]), {"status": "in_progress"})
    client.post(step_url(steps[0]), {"status": "done"})

    assert list(StepProgress.objects.values_list("status", flat=True)) == ["done"]


@pytest.mark.parametrize("status", ["", "finished", "DONE"])
def test_unknown_status_is_refused_with_400_and_nothing_stored(client, candidate, steps, status):
    client.force_login(candidate)

    response = client.post(step_url(steps[0]), {"status": status})

    assert response.status_code == 400
    assert "not saved" in response.text
    assert not StepProgress.objects.exists()


def test_anonymous_visitor_reads_but_is_sent_to_sign_in_to_mark(client, steps):
    """Anonymous visitors see the step and a sign-in link; posting a mark stores nothing."""
    page = client.get(steps[0].get_absolute_url())
    response = client.post(step_url(steps[0]), {"status": "done"})

    assert page.status_code == 200
    assert "Sign in</a> to mark steps" in page.text
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not StepProgress.objects.exists()


def test_anonymous_dashboard_asks_to_sign_in(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_marking_never_touches_another_users_progress(client, candidate, recruiter, steps):
    """Each user's mark is their own row: someone else's stays as it was, and is not shown."""
    step_progress_set(user=recruiter, step=steps[0], status="done")
    client.force_login(candidate)

    client.post(step_url(steps[0]), {"status": "skipped"})
    page = client.get(steps[0].get_absolute_url())

    assert StepProgress.objects.get(user=recruiter).status == "done"
    assert StepProgress.objects.get(user=candidate).status == "skipped"
    assert page.context["status"] == "skipped"


def test_checklist_item_is_marked_for_the_signed_in_user_only(client, candidate, recruiter, steps):
    item = steps[0].checklist.first()
    client.force_login(candidate)

    response = client.post(item_url(item), {"status": "done"})

    assert response.status_code == 302
    assert ChecklistProgress.objects.get(user=candidate, item=item).status == "done"
    assert not ChecklistProgress.objects.filter(user=recruiter).exists()


def test_checklist_mark_over_htmx_returns_the_item(client, candidate, steps):
    item = steps[0].checklist.first()
    client.force_login(candidate)

    response = client.post(
        item_url(item), {"status": "in_progress"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert f'id="item-{item.pk}"' in response.text
    assert 'value="in_progress" class="status-button" aria-pressed="true"' in response.text


def test_bad_checklist_status_over_htmx_is_400(client, candidate, steps):
    item = steps[0].checklist.first()
    client.force_login(candidate)

    response = client.post(item_url(item), {"status": "nope"}, headers={"HX-Request": "true"})

    assert response.status_code == 400
    assert not ChecklistProgress.objects.exists()


def test_unknown_checklist_item_is_404(client, candidate):
    client.force_login(candidate)

    url = reverse("careers:checklist_progress", args=[999999])

    assert client.post(url, {"status": "done"}).status_code == 404


def test_checklist_item_of_an_unpublished_path_is_404(client, candidate, path, steps):
    """An unpublished path's checklist is neither ticked nor shown, even over htmx."""
    path.is_published = False
    path.save()
    item = steps[0].checklist.first()
    client.force_login(candidate)

    plain = client.post(item_url(item), {"status": "done"})
    htmx = client.post(item_url(item), {"status": "done"}, headers={"HX-Request": "true"})

    assert (plain.status_code, htmx.status_code) == (404, 404)
    assert not ChecklistProgress.objects.exists()


def test_marks_need_post(client, candidate, steps):
    client.force_login(candidate)

    assert client.get(step_url(steps[0])).status_code == 405


def test_dashboard_shows_completion_per_path_and_the_next_step(client, candidate, steps):
    """Done counts toward completion; skipped steps leave the total; next is the first open one."""
    step_progress_set(user=candidate, step=steps[0], status="done")
    step_progress_set(user=candidate, step=steps[1], status="skipped")
    client.force_login(candidate)

    response = client.get(DASHBOARD)

    [row] = response.context["progress"]
    assert (row.done, row.skipped, row.counted, row.percent) == (1, 1, 2, 50)
    assert row.next_step == steps[2]
    assert response.context["recommended"].next_step == steps[2]
    assert "50%" in response.text


def test_dashboard_recommends_the_most_recent_path(client, candidate, steps):
    """With two paths under way, the recommendation follows the one touched last."""
    other = CareerStepFactory.create(slug="elsewhere")
    step_progress_set(user=candidate, step=steps[0], status="done")
    step_progress_set(user=candidate, step=other, status="in_progress")
    client.force_login(candidate)

    response = client.get(DASHBOARD)

    assert response.context["recommended"].next_step == other


def test_finished_path_has_no_next_step(client, candidate, steps):
    for step in steps:
        step_progress_set(user=candidate, step=step, status=ProgressStatus.DONE)
    client.force_login(candidate)

    response = client.get(DASHBOARD)

    [row] = response.context["progress"]
    assert row.finished and row.percent == 100
    assert response.context["recommended"] is None


def test_dashboard_queries_do_not_grow_with_paths(
    client, candidate, steps, django_assert_max_num_queries
):
    client.force_login(candidate)
    with django_assert_max_num_queries(8) as few:
        client.get(DASHBOARD)
    for _ in range(3):
        step_progress_set(user=candidate, step=CareerStepFactory.create(), status="done")

    with django_assert_max_num_queries(len(few)):
        client.get(DASHBOARD)


def log_in(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def test_progress_survives_signing_out_and_in(client, steps):
    """Marks made in one session are there after signing out and back in with the login form."""
    user = UserFactory.create(email="returning@example.com")
    item = steps[0].checklist.first()
    log_in(client, user.email)
    client.post(step_url(steps[0]), {"status": "done"})
    client.post(item_url(item), {"status": "skipped"})

    client.post(reverse("account_logout"))
    assert not auth.get_user(client).is_authenticated
    log_in(client, user.email)
    page = client.get(steps[0].get_absolute_url())

    assert auth.get_user(client) == user
    assert page.context["status"] == "done"
    assert {i.pk: s for i, s in page.context["checklist"]}[item.pk] == "skipped"
