"""The benchmark refresh page in admin: the last run's figures and the "Refresh now" button."""

import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse

from salaries import aggregation
from salaries.models import BenchmarkRefresh
from salaries.services import benchmarks_refresh
from tests.accounts.factories import UserFactory

from .factories import salaried

CHANGELIST = reverse("admin:salaries_benchmarkrefresh_changelist")
REFRESH = reverse("admin:salaries_benchmarkrefresh_refresh")


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def staff_with(*codenames):
    user = UserFactory.create(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.mark.django_db
def test_admin_index_spells_benchmark_refreshes(client, staff_user):
    """The model's plural is "Benchmark refreshes", not Django's guess "refreshs"."""
    client.force_login(staff_user)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Benchmark refreshes" in page
    assert "refreshs" not in page


@pytest.mark.django_db
def test_page_shows_the_last_runs_figures(client, staff_user):
    """When it ran, how long it took, the cells it wrote and the observations it read."""
    for value in range(5):
        salaried(6_000_000 + value * 100_000)
    benchmarks_refresh()
    BenchmarkRefresh.objects.update(duration_ms=2_345, cells=1_234, published_cells=56)
    client.force_login(staff_user)
    page = client.get(CHANGELIST).content.decode()
    assert "2.3 seconds" in page
    assert "1,234, of which 56 published" in page
    assert "5 postings of the last 365 days" in page
    assert 'value="Refresh now"' in page


@pytest.mark.django_db
def test_page_says_when_no_refresh_has_run(client, staff_user):
    """Before the first refresh the page says so instead of showing empty figures."""
    client.force_login(staff_user)
    assert "No refresh has run yet." in client.get(CHANGELIST).content.decode()


@pytest.mark.django_db
def test_refresh_now_queues_one_refresh(client, staff_user):
    """The button queues the refresh task once; with eager Celery it has run by the redirect."""
    salaried(6_000_000)
    client.force_login(staff_user)
    response = client.post(REFRESH, follow=True)
    assert response.redirect_chain == [(CHANGELIST, 302)]
    assert BenchmarkRefresh.objects.count() == 1
    assert shown_messages(response)[0].startswith("Refresh queued.")


@pytest.mark.django_db
def test_refresh_now_with_the_broker_down_says_so(client, staff_user, broker_down):
    """An unreachable broker gives a message on the page, not a 500, and nothing runs."""
    client.force_login(staff_user)
    response = client.post(REFRESH, follow=True)
    assert response.status_code == 200
    assert shown_messages(response)[0].startswith("The task queue cannot be reached")
    assert not BenchmarkRefresh.objects.exists()


@pytest.mark.django_db
def test_refresh_now_answers_only_posts(client, staff_user):
    """Opening the button's address runs nothing: a refresh starts from the form only."""
    client.force_login(staff_user)
    assert client.get(REFRESH).status_code == 405
    assert not BenchmarkRefresh.objects.exists()


@pytest.mark.django_db
def test_refresh_now_needs_the_csrf_token(client, staff_user):
    """A cross-site form cannot start a refresh on a signed-in moderator's behalf."""
    client.handler.enforce_csrf_checks = True
    client.force_login(staff_user)
    assert client.post(REFRESH).status_code == 403
    assert not BenchmarkRefresh.objects.exists()


@pytest.mark.django_db
def test_staff_without_the_permission_get_no_button_and_a_403(client):
    """Staff who may only read refreshes see the figures but cannot queue one."""
    client.force_login(staff_with("view_benchmarkrefresh"))
    assert 'value="Refresh now"' not in client.get(CHANGELIST).content.decode()
    assert client.post(REFRESH).status_code == 403
    assert not BenchmarkRefresh.objects.exists()


@pytest.mark.django_db
def test_staff_with_the_permission_may_refresh(client):
    """The refresh permission alone, with view, is what the button needs."""
    client.force_login(staff_with("view_benchmarkrefresh", "refresh_benchmarks"))
    assert 'value="Refresh now"' in client.get(CHANGELIST).content.decode()
    client.post(REFRESH)
    assert BenchmarkRefresh.objects.count() == 1


@pytest.mark.django_db
def test_non_staff_are_sent_to_the_admin_sign_in(client, candidate):
    """A signed-in candidate never reaches the button's view."""
    client.force_login(candidate)
    response = client.post(REFRESH)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert not BenchmarkRefresh.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL has the lock")
@pytest.mark.django_db(transaction=True)
def test_refresh_now_refuses_while_a_refresh_runs(client, staff_user):
    """While another connection holds the refresh lock, the button queues nothing and says so."""
    locked, release = threading.Event(), threading.Event()

    def running_refresh():
        try:
            with aggregation.exclusive_refresh():
                locked.set()
                release.wait(20)
        finally:
            connection.close()

    holder = threading.Thread(target=running_refresh)
    holder.start()
    try:
        assert locked.wait(20)
        assert aggregation.refresh_running()
        client.force_login(staff_user)
        response = client.post(REFRESH, follow=True)
    finally:
        release.set()
        holder.join(20)
    assert shown_messages(response) == [
        "A refresh is running now; its figures appear here when it finishes."
    ]
    assert not BenchmarkRefresh.objects.exists()
    assert not aggregation.refresh_running()
