"""Saved searches: saving, managing, unsubscribing, and the daily e-mail digest."""

import re
from datetime import timedelta

import factory
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careers.models import Skill
from jobs import tasks
from jobs.domain import PostingStatus
from jobs.models import SavedSearch
from jobs.services import saved_searches as services
from tests.accounts.factories import UserFactory
from tests.jobs.factories import PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db


class SavedSearchFactory(factory.django.DjangoModelFactory[SavedSearch]):
    class Meta:
        model = SavedSearch

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Search {n}")
    query = ""


def saved(user, query="", *, days_old=1, **fields) -> SavedSearch:
    """A saved search made ``days_old`` days ago, so postings since then count as new."""
    search = SavedSearchFactory.create(user=user, query=query, **fields)
    SavedSearch.objects.filter(pk=search.pk).update(
        created_at=timezone.now() - timedelta(days=days_old)
    )
    search.refresh_from_db()
    return search


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def run_digest(capture) -> list:
    """Run the daily task with after-commit callbacks executed; return the e-mails sent."""
    mail.outbox.clear()
    with capture(execute=True):
        tasks.send_saved_search_digests.delay()
    return list(mail.outbox)


# --- Saving ---------------------------------------------------------------------------


def test_saving_keeps_the_filters_and_drops_paging_and_unknown_parameters(candidate):
    """Cursor, page and unrelated parameters are stripped; the filters stay."""
    search = services.saved_search_create(
        user=candidate,
        name="Senior payments",
        query="?cursor=abc&level=senior&utm_source=mail&page=3&q=payments",
    )
    assert search.query == "q=payments&level=senior"
    assert search.user == candidate


def test_saving_refuses_an_invalid_query(candidate):
    """A query the board would reject is refused with the filter's message; nothing is saved."""
    with pytest.raises(ValidationError) as error:
        services.saved_search_create(user=candidate, name="Bad", query="level=wizard")
    assert "wizard" in " ".join(error.value.messages)
    assert not SavedSearch.objects.exists()


def test_saving_refuses_a_salary_without_currency(candidate):
    """Cross-field filter rules apply to saved searches too."""
    with pytest.raises(ValidationError):
        services.saved_search_create(user=candidate, name="Pay", query="salary_at_least=90000")
    assert not SavedSearch.objects.exists()


def test_saving_needs_a_name(candidate):
    """A blank name is refused."""
    with pytest.raises(ValidationError) as error:
        services.saved_search_create(user=candidate, name="   ", query="level=senior")
    assert "name" in error.value.message_dict
    assert not SavedSearch.objects.exists()


def test_saving_refuses_a_name_that_is_too_long(candidate):
    """Names longer than the column are a validation error, not a database error."""
    with pytest.raises(ValidationError):
        services.saved_search_create(user=candidate, name="x" * 121, query="level=senior")


def test_saving_refuses_a_query_too_long_to_store(candidate):
    """A search with more filters than the column holds is refused with a clear message."""
    skills = [SkillFactory.create(name=f"Stakeholder management level {n}") for n in range(40)]
    query = "&".join(f"skills={skill.slug}" for skill in skills)
    with pytest.raises(ValidationError) as error:
        services.saved_search_create(user=candidate, name="Everything", query=query)
    assert "too many filters" in " ".join(error.value.messages)
    assert not SavedSearch.objects.exists()


def test_saving_the_same_search_twice_is_refused(candidate):
    """Following one search twice would send its matches twice."""
    services.saved_search_create(user=candidate, name="One", query="level=senior&page=2")
    with pytest.raises(ValidationError) as error:
        services.saved_search_create(user=candidate, name="Two", query="level=senior")
    assert "already follow" in " ".join(error.value.messages)
    assert SavedSearch.objects.count() == 1


def test_a_user_may_follow_at_most_twenty_searches(candidate):
    """The 21st search is refused with a message naming the limit."""
    for number in range(services.MAX_SAVED_SEARCHES):
        saved(candidate, f"q=role{number}")
    with pytest.raises(ValidationError) as error:
        services.saved_search_create(user=candidate, name="One more", query="level=senior")
    assert "20" in " ".join(error.value.messages)
    assert SavedSearch.objects.filter(user=candidate).count() == 20


def test_the_limit_counts_each_user_separately(candidate):
    """Another user's searches do not count toward this user's limit."""
    other = UserFactory.create()
    for number in range(services.MAX_SAVED_SEARCHES):
        saved(other, f"q=role{number}")
    search = services.saved_search_create(user=candidate, name="Mine", query="level=senior")
    assert search.pk


def test_an_anonymous_user_cannot_save():
    """The service refuses a user who is not signed in."""
    with pytest.raises(PermissionDenied):
        services.saved_search_create(user=AnonymousUser(), name="X", query="level=senior")


def test_deleting_someone_elses_search_is_refused(candidate):
    """The delete service checks ownership itself."""
    search = saved(UserFactory.create())
    with pytest.raises(PermissionDenied):
        services.saved_search_delete(user=candidate, saved_search=search)
    assert SavedSearch.objects.filter(pk=search.pk).exists()


# --- Board page: feed links and the save form -----------------------------------------


def test_board_links_to_feeds_of_the_current_search(client):
    """The board page offers RSS and Atom feeds (links and head alternates) of its filters."""
    response = client.get(reverse("jobs:list"), {"level": "senior", "cursor": "abc"})
    html = response.content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'href="/jobs/feed/rss/?level=senior"' in html
    assert 'href="/jobs/feed/atom/?level=senior"' in html
    assert "cursor=abc" not in html.split("<main", 1)[0]


def test_board_offers_the_save_form_to_signed_in_users(client, candidate):
    """A signed-in visitor gets a save form carrying the current query."""
    client.force_login(candidate)
    html = client.get(reverse("jobs:list"), {"level": "senior"}).content.decode()
    assert f'action="{reverse("jobs:saved_search_create")}"' in html
    assert 'name="query" value="level=senior"' in html


def test_board_asks_anonymous_visitors_to_sign_in_to_save(client):
    """Anonymous visitors see a sign-in link instead of the save form."""
    html = client.get(reverse("jobs:list"), {"level": "senior"}).content.decode()
    assert reverse("jobs:saved_search_create") not in html
    assert "to save this search" in html


def test_board_with_invalid_filters_offers_no_feed_or_save(client, candidate):
    """A search that does not run cannot be followed."""
    client.force_login(candidate)
    html = client.get(reverse("jobs:list"), {"level": "wizard"}).content.decode()
    assert "/jobs/feed/rss/" not in html
    assert reverse("jobs:saved_search_create") not in html


def test_follow_fragment_follows_filters_changed_in_place(client, candidate):
    """After an in-page filter change, htmx fetches links and a form for the new filters."""
    client.force_login(candidate)
    response = client.get(reverse("jobs:follow_search"), {"country": "GB", "page": "2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'name="query" value="country=GB"' in html
    assert 'href="/jobs/feed/atom/?country=GB"' in html


# --- Saving from the board --------------------------------------------------------------


def test_save_view_saves_and_returns_to_the_search(client, candidate):
    """Posting the form saves the search and goes back to the same board search."""
    client.force_login(candidate)
    response = client.post(
        reverse("jobs:saved_search_create"),
        {"name": "Senior", "query": "level=senior&cursor=xyz"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/jobs/?level=senior"
    assert SavedSearch.objects.get(user=candidate).query == "level=senior"
    assert "Saved “Senior”" in response.content.decode()


def test_save_view_explains_an_invalid_query(client, candidate):
    """An invalid query is refused with a message, and nothing is stored."""
    client.force_login(candidate)
    response = client.post(
        reverse("jobs:saved_search_create"), {"name": "Bad", "query": "level=wizard"}, follow=True
    )
    assert "This search was not saved." in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_save_view_requires_sign_in(client):
    """Anonymous posts are sent to the login page and save nothing."""
    response = client.post(reverse("jobs:saved_search_create"), {"name": "X", "query": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not SavedSearch.objects.exists()


def test_save_view_refuses_get(client, candidate):
    """Saving changes data, so it takes POST only."""
    client.force_login(candidate)
    assert client.get(reverse("jobs:saved_search_create")).status_code == 405


# --- Managing saved searches ------------------------------------------------------------


def test_saved_searches_page_lists_only_the_users_own(client, candidate):
    """The list shows the signed-in user's searches and nobody else's."""
    mine = saved(candidate, "level=senior", name="Mine senior")
    saved(UserFactory.create(), "level=entry", name="Someone else's")
    client.force_login(candidate)
    response = client.get(reverse("jobs:saved_searches"))
    assert response.status_code == 200
    assert [row.search for row in response.context["searches"]] == [mine]
    assert "Someone else" not in response.content.decode()


def test_saved_searches_page_requires_sign_in(client):
    """Anonymous visitors are sent to the login page."""
    response = client.get(reverse("jobs:saved_searches"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_user_deletes_their_own_search(client, candidate):
    """Delete removes the search and returns to the list."""
    search = saved(candidate)
    client.force_login(candidate)
    response = client.post(reverse("jobs:saved_search_delete", args=[search.pk]))
    assert response.status_code == 302
    assert not SavedSearch.objects.filter(pk=search.pk).exists()


def test_deleting_someone_elses_search_is_404(client, candidate):
    """Another user's search looks like no search at all, and it stays."""
    search = saved(UserFactory.create())
    client.force_login(candidate)
    response = client.post(reverse("jobs:saved_search_delete", args=[search.pk]))
    assert response.status_code == 404
    assert SavedSearch.objects.filter(pk=search.pk).exists()


def test_delete_requires_sign_in(client):
    """An anonymous delete is sent to login and deletes nothing."""
    search = saved(UserFactory.create())
    response = client.post(reverse("jobs:saved_search_delete", args=[search.pk]))
    assert response.status_code == 302
    assert SavedSearch.objects.filter(pk=search.pk).exists()


def test_delete_refuses_get(client, candidate):
    """A link or prefetch cannot delete a search."""
    search = saved(candidate)
    client.force_login(candidate)
    assert client.get(reverse("jobs:saved_search_delete", args=[search.pk])).status_code == 405
    assert SavedSearch.objects.filter(pk=search.pk).exists()


# --- Unsubscribe links ------------------------------------------------------------------


def test_unsubscribe_link_asks_before_deleting(client, candidate):
    """GET, without signing in, shows a confirmation page and deletes nothing."""
    search = saved(candidate, name="London roles")
    url = reverse("jobs:saved_search_unsubscribe", args=[search.unsubscribe_token])
    response = client.get(url)
    assert response.status_code == 200
    assert "London roles" in response.content.decode()
    assert SavedSearch.objects.filter(pk=search.pk).exists()


def test_unsubscribe_post_deletes_the_search_without_signing_in(client, candidate):
    """POST deletes exactly that search; the user's other searches stay."""
    search = saved(candidate)
    other = saved(candidate, "level=senior")
    url = reverse("jobs:saved_search_unsubscribe", args=[search.unsubscribe_token])
    response = client.post(url)
    assert response.status_code == 200
    assert "no more e-mails" in response.content.decode()
    assert list(SavedSearch.objects.all()) == [other]


def test_one_click_unsubscribe_works_without_a_csrf_token(candidate):
    """Mail clients post List-Unsubscribe=One-Click with no CSRF token (RFC 8058)."""
    search = saved(candidate)
    strict = Client(enforce_csrf_checks=True)
    url = reverse("jobs:saved_search_unsubscribe", args=[search.unsubscribe_token])
    response = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_unsubscribe_with_a_bad_token_is_404(client, candidate, method):
    """An unknown token reveals nothing and deletes nothing."""
    saved(candidate)
    url = reverse("jobs:saved_search_unsubscribe", args=["not-a-real-token"])
    assert getattr(client, method)(url).status_code == 404
    assert SavedSearch.objects.count() == 1


def test_unsubscribe_all_deletes_every_search_of_that_user_only(client, candidate):
    """The List-Unsubscribe target stops all of one user's alerts and nobody else's."""
    saved(candidate)
    saved(candidate, "level=senior")
    other = saved(UserFactory.create())
    url = reverse(
        "jobs:saved_search_unsubscribe_all", args=[services.unsubscribe_all_token(candidate)]
    )
    assert client.get(url).status_code == 200
    assert SavedSearch.objects.count() == 3
    assert client.post(url).status_code == 200
    assert list(SavedSearch.objects.all()) == [other]


@pytest.mark.parametrize("method", ["get", "post"])
def test_unsubscribe_all_with_a_forged_token_is_404(client, candidate, method):
    """A token whose signature does not match is refused; nothing is deleted."""
    saved(candidate)
    token = services.unsubscribe_all_token(candidate)
    forged = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    url = reverse("jobs:saved_search_unsubscribe_all", args=[forged])
    assert getattr(client, method)(url).status_code == 404
    assert SavedSearch.objects.count() == 1


# --- Daily digest -----------------------------------------------------------------------


def test_digest_sends_one_email_per_user_covering_all_their_searches(
    candidate, django_capture_on_commit_callbacks
):
    """A user with two searches that both have news gets a single e-mail listing both."""
    saved(candidate, "level=senior", name="Senior roles")
    saved(candidate, "country=DE", name="Germany")
    senior = PostingFactory.create(title="Senior Product Manager, Checkout", posted_at=hours_ago(2))
    german = PostingFactory.create(title="Product Manager, Logistics", country="DE", city="Berlin")
    sent = run_digest(django_capture_on_commit_callbacks)
    assert len(sent) == 1
    assert sent[0].to == [candidate.email]
    assert "Senior roles" in sent[0].body and "Germany" in sent[0].body
    assert senior.get_absolute_url() in sent[0].body
    assert german.get_absolute_url() in sent[0].body


def test_digest_sends_each_user_their_own_matches(candidate, django_capture_on_commit_callbacks):
    """Two users with different searches each get only their own matches."""
    other = UserFactory.create()
    saved(candidate, "level=senior")
    saved(other, "country=DE")
    senior = PostingFactory.create(title="Senior Product Manager")
    german = PostingFactory.create(title="Product Manager", country="DE")
    sent = {
        message.to[0]: message.body for message in run_digest(django_capture_on_commit_callbacks)
    }
    assert set(sent) == {candidate.email, other.email}
    assert senior.get_absolute_url() in sent[candidate.email]
    assert german.get_absolute_url() not in sent[candidate.email]
    assert german.get_absolute_url() in sent[other.email]


def test_digest_skips_users_with_nothing_new(candidate, django_capture_on_commit_callbacks):
    """No matching new posting, no e-mail."""
    saved(candidate, "country=DE")
    PostingFactory.create(country="GB")
    assert run_digest(django_capture_on_commit_callbacks) == []


def test_digest_lists_only_postings_since_the_last_digest(
    candidate, django_capture_on_commit_callbacks
):
    """Postings posted before last_sent_at were in an earlier digest and are left out."""
    saved(candidate, last_sent_at=hours_ago(5))
    old = PostingFactory.create(posted_at=hours_ago(6))
    new = PostingFactory.create(posted_at=hours_ago(4))
    (message,) = run_digest(django_capture_on_commit_callbacks)
    assert new.get_absolute_url() in message.body
    assert old.get_absolute_url() not in message.body


def test_a_new_search_lists_postings_since_it_was_saved(
    candidate, django_capture_on_commit_callbacks
):
    """A search never sent counts from its creation, not from the beginning of time."""
    saved(candidate, days_old=2)
    before = PostingFactory.create(posted_at=timezone.now() - timedelta(days=3))
    after = PostingFactory.create(posted_at=timezone.now() - timedelta(days=1))
    (message,) = run_digest(django_capture_on_commit_callbacks)
    assert after.get_absolute_url() in message.body
    assert before.get_absolute_url() not in message.body


def test_running_the_digest_twice_sends_nothing_the_second_time(
    candidate, django_capture_on_commit_callbacks
):
    """last_sent_at moves forward, so a repeated run finds nothing new."""
    search = saved(candidate)
    PostingFactory.create()
    assert len(run_digest(django_capture_on_commit_callbacks)) == 1
    search.refresh_from_db()
    assert search.last_sent_at is not None
    assert run_digest(django_capture_on_commit_callbacks) == []


def test_the_next_digest_sends_postings_published_after_the_last(
    candidate, django_capture_on_commit_callbacks
):
    """After a digest, a newly published posting arrives in the next one, alone."""
    saved(candidate)
    first = PostingFactory.create(posted_at=hours_ago(1))
    run_digest(django_capture_on_commit_callbacks)
    second = PostingFactory.create(posted_at=timezone.now())
    (message,) = run_digest(django_capture_on_commit_callbacks)
    assert second.get_absolute_url() in message.body
    assert first.get_absolute_url() not in message.body


@pytest.mark.parametrize(
    "status",
    [PostingStatus.DRAFT, PostingStatus.PENDING, PostingStatus.EXPIRED, PostingStatus.FILLED],
)
def test_digest_never_lists_postings_that_are_not_live(
    candidate, django_capture_on_commit_callbacks, status
):
    """Only published postings reach the digest."""
    saved(candidate)
    PostingFactory.create(status=status)
    assert run_digest(django_capture_on_commit_callbacks) == []


def test_preparing_finds_no_news_in_postings_that_are_not_live(
    candidate, django_capture_on_commit_callbacks
):
    """Drafts, closed postings and duplicates are not matches, before sending re-checks them."""
    saved(candidate)
    original = PostingFactory.create(posted_at=timezone.now() - timedelta(days=2))
    PostingFactory.create(duplicate_of=original)
    for status in (PostingStatus.DRAFT, PostingStatus.PENDING, PostingStatus.EXPIRED):
        PostingFactory.create(status=status)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queued = services.saved_search_digests_prepare(
            user_ids=[candidate.pk], until=timezone.now()
        )
    assert queued == 0
    assert callbacks == []


def test_digest_never_lists_duplicates(candidate, django_capture_on_commit_callbacks):
    """A duplicate posting is left out; its original is sent."""
    saved(candidate, days_old=3)
    original = PostingFactory.create(posted_at=hours_ago(30))
    duplicate = PostingFactory.create(duplicate_of=original)
    (message,) = run_digest(django_capture_on_commit_callbacks)
    assert original.get_absolute_url() in message.body
    assert duplicate.get_absolute_url() not in message.body


def test_digest_carries_working_unsubscribe_links(
    candidate, client, django_capture_on_commit_callbacks
):
    """Each search has its own unsubscribe link, and List-Unsubscribe stops all alerts."""
    first = saved(candidate, "level=senior", name="Senior")
    second = saved(candidate, "country=GB", name="UK")
    PostingFactory.create(title="Senior Product Manager")
    (message,) = run_digest(django_capture_on_commit_callbacks)
    for search in (first, second):
        path = reverse("jobs:saved_search_unsubscribe", args=[search.unsubscribe_token])
        assert f"http://127.0.0.1:8000{path}" in message.body
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.fullmatch(r"<http://127\.0\.0\.1:8000(/\S+)>", header)
    assert link, header
    unsubscribe_all = link.group(1)
    assert client.post(unsubscribe_all).status_code == 200
    assert not SavedSearch.objects.filter(user=candidate).exists()


def test_digest_lists_at_most_ten_postings_per_search_and_links_to_the_rest(
    candidate, django_capture_on_commit_callbacks
):
    """A busy search shows its newest postings and a link to the full search."""
    saved(candidate, "level=senior")
    newest = PostingFactory.create(title="Senior Product Manager", posted_at=hours_ago(1))
    PostingFactory.create_batch(
        services.DIGEST_POSTINGS_PER_SEARCH, title="Senior Product Manager", posted_at=hours_ago(3)
    )
    (message,) = run_digest(django_capture_on_commit_callbacks)
    assert message.body.count("/jobs/posting-") == services.DIGEST_POSTINGS_PER_SEARCH == 10
    assert newest.get_absolute_url() in message.body
    assert "More new matches: http://127.0.0.1:8000/jobs/?level=senior" in message.body


def test_digest_skips_inactive_users(candidate, django_capture_on_commit_callbacks):
    """Deactivated accounts get no e-mail."""
    candidate.is_active = False
    candidate.save()
    saved(candidate)
    PostingFactory.create()
    assert run_digest(django_capture_on_commit_callbacks) == []


def test_digest_survives_a_search_naming_a_removed_skill(
    candidate, django_capture_on_commit_callbacks
):
    """A search whose skill was deleted matches nothing; other searches still send."""
    skill = SkillFactory.create(name="Roadmapping")
    saved(candidate, f"skills={skill.slug}", name="Roadmaps")
    saved(candidate, "level=senior", name="Senior")
    Skill.objects.filter(pk=skill.pk).delete()
    PostingFactory.create(title="Senior Product Manager")
    (message,) = run_digest(django_capture_on_commit_callbacks)
    assert "Senior" in message.body
    assert "Roadmaps" not in message.body


def test_digest_walks_users_in_batches(candidate, monkeypatch, django_capture_on_commit_callbacks):
    """Users are handled DIGEST_USERS_PER_TASK at a time, and every batch is sent."""
    monkeypatch.setattr(services, "DIGEST_USERS_PER_TASK", 2)
    users = [UserFactory.create() for _ in range(5)]
    for user in users:
        saved(user)
    PostingFactory.create()
    assert [len(batch) for batch in services.digest_user_batches()] == [2, 2, 1]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_saved_search_digests.delay().get() == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(u.email for u in users)


def test_digest_preparation_costs_one_query_per_search(
    candidate, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """Finding matches costs one query per saved search plus a constant, not one per posting."""
    users = [UserFactory.create() for _ in range(3)]
    for user in users:
        saved(user, "level=senior")
        saved(user, "country=GB")
    PostingFactory.create_batch(8, title="Senior Product Manager")
    # Six searches, plus the lock, the update, one insert of every digest into the outbox
    # and the transaction's savepoint pair.
    with django_capture_on_commit_callbacks(execute=False), django_assert_max_num_queries(6 + 5):
        queued = services.saved_search_digests_prepare(
            user_ids=[user.pk for user in users], until=timezone.now()
        )
    assert queued == 3


def test_sending_a_digest_costs_the_same_whatever_its_size(
    candidate, django_assert_max_num_queries
):
    """Rendering one user's digest loads user, searches and postings in three queries."""
    searches = [saved(candidate, "level=senior"), saved(candidate, "country=GB")]
    postings = PostingFactory.create_batch(10, title="Senior Product Manager")
    sections = [[search.pk, [p.pk for p in postings], False] for search in searches]
    with django_assert_max_num_queries(3):
        sent = services.saved_search_digest_send(user_id=candidate.pk, sections=sections)
    assert sent == 1


def test_a_posting_closed_before_sending_is_left_out(candidate):
    """Postings that left the board between preparing and sending are not mailed."""
    search = saved(candidate)
    live = PostingFactory.create()
    closed = PostingFactory.create(status=PostingStatus.FILLED)
    sent = services.saved_search_digest_send(
        user_id=candidate.pk, sections=[[search.pk, [closed.pk, live.pk], False]]
    )
    assert sent == 1
    assert live.get_absolute_url() in mail.outbox[0].body
    assert closed.get_absolute_url() not in mail.outbox[0].body


def test_nothing_is_sent_when_every_match_has_closed(candidate):
    """If nothing live is left to list, no empty e-mail goes out."""
    search = saved(candidate)
    closed = PostingFactory.create(status=PostingStatus.EXPIRED)
    sent = services.saved_search_digest_send(
        user_id=candidate.pk, sections=[[search.pk, [closed.pk], False]]
    )
    assert sent == 0
    assert mail.outbox == []
