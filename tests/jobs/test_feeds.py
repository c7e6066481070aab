"""RSS and Atom feeds of board searches."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.domain import PostingStatus
from jobs.feeds import FEED_SIZE
from tests.jobs.factories import CompanyFactory, PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response) -> ElementTree.Element:
    # The XML comes from the portal under test, not from an untrusted source.
    return ElementTree.fromstring(response.content)  # noqa: S314


def rss_items(response) -> list[ElementTree.Element]:
    return parse(response).findall("./channel/item")


def rss_links(response) -> list[str]:
    return [item.findtext("link", "") for item in rss_items(response)]


def test_rss_feed_lists_board_postings_newest_first(client):
    """The RSS feed answers 200 as RSS and lists postings by posted_at, newest first."""
    now = timezone.now()
    older = PostingFactory.create(posted_at=now - timedelta(days=2))
    newer = PostingFactory.create(posted_at=now - timedelta(hours=1))
    response = client.get(reverse("jobs:feed_rss"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss_links(response) == [
        f"http://testserver{newer.get_absolute_url()}",
        f"http://testserver{older.get_absolute_url()}",
    ]


def test_rss_item_carries_title_description_date_and_guid(client):
    """Each item has the title with the company, a summary with salary, pubDate and a guid."""
    company = CompanyFactory.create(name="Northwind")
    posted = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    posting = PostingFactory.create(
        title="Product Manager, Search", company=company, posted_at=posted
    )
    (item,) = rss_items(client.get(reverse("jobs:feed_rss")))
    assert item.findtext("title") == "Product Manager, Search at Northwind"
    assert "GBP 60,000 - 80,000 per year" in item.findtext("description", "")
    assert "Northwind" in item.findtext("description", "")
    assert item.findtext("guid") == f"http://testserver{posting.get_absolute_url()}"
    assert item.findtext("pubDate") == posted.strftime("%a, %d %b %Y %H:%M:%S +0000")


def test_rss_description_is_sanitized(client):
    """Markdown with raw HTML reaches feed readers without scripts or event handlers."""
    PostingFactory.create(
        description="**Own** the roadmap <script>alert(1)</script><img onerror=x>"
    )
    (item,) = rss_items(client.get(reverse("jobs:feed_rss")))
    description = item.findtext("description", "")
    assert "<strong>Own</strong>" in description
    assert "<script" not in description
    assert "onerror" not in description


def test_feed_applies_the_board_filters(client):
    """The feed takes the same query string as /jobs/ and lists only matches."""
    senior = PostingFactory.create(title="Senior Product Manager, Payments")
    PostingFactory.create(title="Associate Product Manager")
    PostingFactory.create(title="Senior Product Manager, Growth", country="DE")
    response = client.get(reverse("jobs:feed_rss"), {"level": "senior", "country": "GB"})
    assert rss_links(response) == [f"http://testserver{senior.get_absolute_url()}"]


def test_feed_searches_keywords(client):
    """Keywords narrow the feed as they narrow the board."""
    match = PostingFactory.create(title="Product Manager, Payments")
    PostingFactory.create(title="Product Manager, Growth")
    response = client.get(reverse("jobs:feed_rss"), {"q": "payments"})
    assert rss_links(response) == [f"http://testserver{match.get_absolute_url()}"]


def test_feed_ignores_relevance_and_salary_sorts(client):
    """Whatever sort the search chose, the feed stays newest first."""
    now = timezone.now()
    rich_old = PostingFactory.create(salary_max=20_000_000, posted_at=now - timedelta(days=3))
    poor_new = PostingFactory.create(salary_max=7_000_000, posted_at=now)
    response = client.get(reverse("jobs:feed_rss"), {"sort": "salary"})
    assert rss_links(response) == [
        f"http://testserver{poor_new.get_absolute_url()}",
        f"http://testserver{rich_old.get_absolute_url()}",
    ]


def test_feed_holds_at_most_fifty_items(client):
    """A large result is cut to the newest FEED_SIZE postings."""
    now = timezone.now()
    PostingFactory.create_batch(FEED_SIZE + 3, posted_at=now - timedelta(days=1))
    newest = PostingFactory.create(posted_at=now)
    links = rss_links(client.get(reverse("jobs:feed_rss")))
    assert len(links) == FEED_SIZE == 50
    assert links[0] == f"http://testserver{newest.get_absolute_url()}"


@pytest.mark.parametrize(
    "status",
    [
        PostingStatus.DRAFT,
        PostingStatus.PENDING,
        PostingStatus.REJECTED,
        PostingStatus.EXPIRED,
        PostingStatus.FILLED,
        PostingStatus.ARCHIVED,
    ],
)
def test_feed_never_lists_unpublished_or_closed_postings(client, status):
    """Only published postings appear in a feed."""
    live = PostingFactory.create()
    PostingFactory.create(status=status)
    assert rss_links(client.get(reverse("jobs:feed_rss"))) == [
        f"http://testserver{live.get_absolute_url()}"
    ]


def test_feed_never_lists_duplicates(client):
    """A posting marked as a duplicate of another stays out of the feed."""
    original = PostingFactory.create()
    PostingFactory.create(duplicate_of=original)
    assert rss_links(client.get(reverse("jobs:feed_rss"))) == [
        f"http://testserver{original.get_absolute_url()}"
    ]


@pytest.mark.parametrize(
    "params",
    [{"level": "wizard"}, {"salary_at_least": "50000"}, {"currency": "ZZZ"}, {"skills": "nope"}],
)
def test_invalid_filters_answer_400_with_a_short_text(client, params):
    """Bad filter input is a plain-text 400 naming the problem, never a 500."""
    response = client.get(reverse("jobs:feed_rss"), params)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.startswith(b"Invalid search filters.")
    assert len(response.content) < 500


def test_atom_feed_is_atom_with_the_same_items(client):
    """The Atom feed lists the same postings as Atom entries with ids and dates."""
    posting = PostingFactory.create()
    response = client.get(reverse("jobs:feed_atom"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse(response)
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.findall(f"{ATOM}link")[0].get("href") == (
        f"http://testserver{posting.get_absolute_url()}"
    )
    assert entry.findtext(f"{ATOM}id") == f"http://testserver{posting.get_absolute_url()}"
    assert entry.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}updated")


def test_atom_feed_rejects_invalid_filters(client):
    """The Atom feed validates filters like the RSS feed."""
    assert client.get(reverse("jobs:feed_atom"), {"level": "wizard"}).status_code == 400


def test_feed_links_back_to_the_same_search(client):
    """The feed's self and page links carry the search, without paging parameters."""
    response = client.get(reverse("jobs:feed_atom"), {"level": "senior", "cursor": "abc"})
    root = parse(response)
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/jobs/?level=senior"
    assert links["self"] == "http://testserver/jobs/feed/atom/?level=senior"


def test_feed_query_count_is_constant(client, django_assert_max_num_queries):
    """A full feed costs a fixed number of queries, not one per posting."""
    skills = [SkillFactory.create(), SkillFactory.create()]
    for _ in range(30):
        PostingFactory.create().skills.set(skills)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("jobs:feed_rss"))
    assert len(rss_items(response)) == 30
