"""Saved searches read like the search they save, can be edited, and e-mail as often as asked."""

from datetime import timedelta

import django_filters as filters
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs import describe
from jobs.describe import describe_searches
from jobs.filters import PostingFilter
from jobs.models import AlertFrequency, SavedSearch
from jobs.services import saved_searches as services
from tests.accounts.factories import UserFactory
from tests.jobs.factories import PostingFactory, SkillFactory
from tests.jobs.test_saved_searches import run_digest, saved

pytestmark = pytest.mark.django_db


# --- In words -----------------------------------------------------------------------------


def test_a_search_reads_as_a_sentence_of_its_filters():
    (sentence,) = describe_searches(
        [
            "level=senior&country=DE&remote_policy=remote&salary_at_least=80000&currency=EUR"
            "&posted_within=7"
        ]
    )
    assert sentence == (
        "Senior roles in Germany, remote, paying at least EUR 80,000, posted in the last week"
    )


def test_keywords_place_and_choices_read_with_the_form_s_own_names():
    (sentence,) = describe_searches(
        [
            "q=payments&city=Berlin&country=DE&technical=true&employment_type=full_time"
            "&employment_type=contract&company_size=startup&sort=salary"
        ]
    )
    assert sentence == (
        "Product roles matching “payments” in Berlin, Germany, technical only, full-time or "
        "contract, company size: Startup (1-50), sorted by highest salary"
    )


def test_skills_are_named_with_one_query_for_every_search(django_assert_num_queries):
    sql = SkillFactory.create(name="SQL", slug="sql")
    research = SkillFactory.create(name="User research", slug="user-research")
    with django_assert_num_queries(1):
        sentences = describe_searches([f"skills={sql.slug}", f"skills={research.slug}&skills=sql"])
    assert sentences == [
        "Product roles, asking for SQL",
        "Product roles, asking for User research or SQL",
    ]


def test_a_parameter_that_is_no_filter_is_left_out():
    """The board ignores what is no filter, so the sentence does too."""
    assert describe_searches(["utm_source=mail&level=lead"]) == ["Lead / principal roles"]


def test_the_place_searched_leads_the_sentence():
    """The "where" field reads as the place the roles are in."""
    assert describe_searches(["where=Berlin&level=lead"]) == ["Lead / principal roles in Berlin"]


def test_a_value_no_choice_names_is_shown_as_it_is():
    """A choice since removed from the form still shows what the search holds."""
    assert describe_searches(["remote_policy=moon&skills=gone"]) == [
        "Product roles, moon, asking for gone"
    ]


def test_a_new_filter_reads_with_its_label_without_a_change_here(monkeypatch):
    """A filter the sentence has no words of its own for reads "label: values"."""

    class WithTeam(PostingFilter):
        team = filters.CharFilter(label="Team", method="filter_team")

        def filter_team(self, queryset, name, value):
            return queryset

    monkeypatch.setattr(describe, "PostingFilter", WithTeam)
    assert describe_searches(["team=Payments&level=senior"]) == ["Senior roles, team: Payments"]


def test_a_salary_without_its_currency_is_left_out():
    assert describe_searches(["salary_at_least=50000&currency=GBP", "currency=GBP"]) == [
        "Product roles, paying at least GBP 50,000",
        "Product roles",
    ]


# --- Updating -----------------------------------------------------------------------------


def _update(search, user, **changes):
    fields = {"name": search.name, "query": search.query, "frequency": search.frequency}
    return services.saved_search_update(user=user, saved_search=search, **{**fields, **changes})


def test_the_owner_changes_criteria_name_and_frequency(candidate):
    search = saved(candidate, "level=senior", name="Senior")
    updated = _update(
        search,
        candidate,
        name=" Lead roles ",
        query="?level=lead&cursor=abc&utm=1",
        frequency=AlertFrequency.WEEKLY,
    )
    stored = SavedSearch.objects.get(pk=search.pk)
    assert (stored.name, stored.query, stored.frequency) == ("Lead roles", "level=lead", "weekly")
    assert updated == stored


def test_someone_else_s_search_is_refused(candidate):
    search = saved(UserFactory.create(), "level=senior", name="Theirs")
    with pytest.raises(PermissionDenied):
        _update(search, candidate, name="Mine")
    assert SavedSearch.objects.get(pk=search.pk).name == "Theirs"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"query": "level=wizard"}, "level"),
        ({"query": "salary_at_least=100"}, "currency"),
        ({"name": "  "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"frequency": "hourly"}, "frequency"),
    ],
)
def test_invalid_changes_name_their_field_and_change_nothing(candidate, changes, field):
    search = saved(candidate, "level=senior", name="Senior")
    with pytest.raises(ValidationError) as error:
        _update(search, candidate, **changes)
    assert field in error.value.message_dict
    stored = SavedSearch.objects.get(pk=search.pk)
    assert (stored.name, stored.query, stored.frequency) == ("Senior", "level=senior", "daily")


def test_changing_to_a_search_already_followed_is_refused(candidate):
    saved(candidate, "level=lead", name="Lead")
    search = saved(candidate, "level=senior", name="Senior")
    with pytest.raises(ValidationError, match="already follow"):
        _update(search, candidate, query="level=lead")


def test_an_unchanged_search_is_not_written(candidate):
    """Saving what is already there is no error (not "already followed") and writes nothing."""
    search = saved(candidate, "level=senior", name="Senior", last_sent_at=timezone.now())
    with CaptureQueriesContext(connection) as queries:
        _update(search, candidate, query="level=senior&page=2")
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


def test_e_mails_turned_back_on_start_from_now(candidate):
    """A search kept without e-mails for a while does not send what came meanwhile."""
    search = saved(candidate, "level=senior", frequency=AlertFrequency.NEVER, days_old=30)
    before = timezone.now()
    _update(search, candidate, frequency=AlertFrequency.DAILY)
    search.refresh_from_db()
    assert search.last_sent_at is not None and search.last_sent_at >= before


def test_other_changes_keep_the_last_digest_time(candidate):
    sent_at = timezone.now() - timedelta(hours=3)
    search = saved(candidate, "level=senior", last_sent_at=sent_at)
    _update(search, candidate, query="level=lead", frequency=AlertFrequency.WEEKLY)
    search.refresh_from_db()
    assert search.last_sent_at == sent_at


# --- How often ----------------------------------------------------------------------------


def test_a_weekly_search_waits_a_week_between_digests(
    candidate, django_capture_on_commit_callbacks
):
    recent = saved(candidate, "level=senior", frequency=AlertFrequency.WEEKLY, days_old=3)
    due = saved(candidate, "level=lead", frequency=AlertFrequency.WEEKLY, days_old=10)
    PostingFactory.create(title="Senior product manager")
    PostingFactory.create(title="Lead product manager")
    (message,) = run_digest(django_capture_on_commit_callbacks)
    assert "Lead product manager" in message.body
    assert "Senior product manager" not in message.body
    recent.refresh_from_db()
    due.refresh_from_db()
    assert recent.last_sent_at is None
    assert due.last_sent_at is not None


def test_a_weekly_search_sent_a_week_ago_is_due(candidate, django_capture_on_commit_callbacks):
    saved(
        candidate,
        frequency=AlertFrequency.WEEKLY,
        days_old=30,
        last_sent_at=timezone.now() - timedelta(days=7),
    )
    PostingFactory.create(posted_at=timezone.now() - timedelta(days=2))
    assert len(run_digest(django_capture_on_commit_callbacks)) == 1


def test_a_search_without_e_mails_sends_none(candidate, django_capture_on_commit_callbacks):
    search = saved(candidate, frequency=AlertFrequency.NEVER)
    PostingFactory.create()
    assert run_digest(django_capture_on_commit_callbacks) == []
    search.refresh_from_db()
    assert search.last_sent_at is None


# --- Pages --------------------------------------------------------------------------------


def test_the_list_shows_each_search_in_words_with_links_to_run_and_edit(client, candidate):
    search = saved(candidate, "level=senior&country=DE", name="Berlin seniors")
    client.force_login(candidate)
    html = client.get(reverse("jobs:saved_searches")).content.decode()
    assert "Senior roles in Germany" in html
    assert 'href="/jobs/?level=senior&amp;country=DE"' in html
    assert reverse("jobs:saved_search_edit", args=[search.pk]) in html
    assert "E-mails: every day" in html


def _form(**fields):
    return {"alert-name": "Lead roles", "alert-frequency": "weekly", "level": "lead", **fields}


def test_the_edit_page_shows_the_search_in_the_board_s_filter_form(client, candidate):
    search = saved(candidate, "level=senior&q=payments", name="Senior payments")
    client.force_login(candidate)
    response = client.get(reverse("jobs:saved_search_edit", args=[search.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Now: Senior roles matching “payments”." in html
    assert 'value="Senior payments"' in html
    assert 'name="q" value="payments"' in html
    assert 'value="senior" id="id_level_3" checked' in html
    assert response.context["filter"].form["level"].value() == ["senior"]


def test_the_owner_saves_changes_and_returns_to_the_list(client, candidate):
    search = saved(candidate, "level=senior", name="Senior")
    client.force_login(candidate)
    response = client.post(reverse("jobs:saved_search_edit", args=[search.pk]), _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:saved_searches")
    search.refresh_from_db()
    assert (search.name, search.query, search.frequency) == ("Lead roles", "level=lead", "weekly")


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_else_s_search_is_404(client, candidate, method):
    search = saved(UserFactory.create(), "level=senior", name="Theirs")
    client.force_login(candidate)
    response = getattr(client, method)(reverse("jobs:saved_search_edit", args=[search.pk]), _form())
    assert response.status_code == 404
    assert SavedSearch.objects.get(pk=search.pk).name == "Theirs"


def test_editing_requires_sign_in(client):
    search = saved(UserFactory.create(), "level=senior", name="Theirs")
    response = client.post(reverse("jobs:saved_search_edit", args=[search.pk]), _form())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert SavedSearch.objects.get(pk=search.pk).name == "Theirs"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"level": "wizard"}, "Select a valid choice"),
        ({"salary_at_least": "50000"}, "Pick the currency of the salary."),
        ({"alert-name": ""}, "This field is required."),
        ({"alert-frequency": "hourly"}, "Select a valid choice"),
    ],
)
def test_invalid_criteria_show_inline_errors_and_change_nothing(client, candidate, fields, message):
    search = saved(candidate, "level=senior", name="Senior")
    client.force_login(candidate)
    response = client.post(reverse("jobs:saved_search_edit", args=[search.pk]), _form(**fields))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist" id="id_' in html
    assert message in html
    search.refresh_from_db()
    assert (search.name, search.query) == ("Senior", "level=senior")


def test_a_search_already_followed_is_explained_on_the_form(client, candidate):
    saved(candidate, "level=lead", name="Lead")
    search = saved(candidate, "level=senior", name="Senior")
    client.force_login(candidate)
    response = client.post(reverse("jobs:saved_search_edit", args=[search.pk]), _form())
    assert response.status_code == 400
    assert "You already follow this search." in response.content.decode()
