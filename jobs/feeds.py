"""RSS and Atom feeds of any job search: the /jobs/ filters, newest postings first."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html

from core.markdown import render_markdown
from jobs.filters import PostingFilter
from jobs.models import JobPosting
from jobs.search import board_page, cards

# Feed readers poll often; a short feed keeps each poll cheap and holds a day's news.
FEED_SIZE = 50
# Paging parameters of the board page mean nothing to a feed.
PAGING_KEYS = ("cursor", "page")


class InvalidSearch(Exception):
    """The feed's query string does not pass the board's filters."""


class FeedSearch:
    """A validated board search and the query string that reproduces it."""

    def __init__(self, data: QueryDict) -> None:
        query = data.copy()
        for key in PAGING_KEYS:
            query.pop(key, None)
        self.query = query.urlencode()
        filterset = PostingFilter(query)
        if not filterset.is_valid():
            problems = [
                f"{field}: {message}"
                for field, messages in filterset.errors.items()
                for message in messages
            ]
            raise InvalidSearch("Invalid search filters. " + " ".join(problems))
        # A feed is read in time order, whatever the search's sort.
        self.board_query = replace(filterset.query, sort="newest")
        self.keywords = self.board_query.text

    def with_query(self, path: str) -> str:
        return f"{path}?{self.query}" if self.query else path


class PostingRssFeed(Feed):
    description = "New product manager roles on pmportal that match this search."
    author_name = "pmportal"
    url_name = "jobs:feed_rss"
    # A posting's URL never changes, so it doubles as the item's unique id.
    item_guid_is_permalink = True

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidSearch as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedSearch:
        return FeedSearch(request.GET)

    def title(self, search: FeedSearch) -> str:
        if search.keywords:
            return f"pmportal jobs: {search.keywords}"
        return "pmportal: product manager jobs"

    def link(self, search: FeedSearch) -> str:
        return search.with_query(reverse("jobs:list"))

    def feed_url(self, search: FeedSearch) -> str:
        return search.with_query(reverse(self.url_name))

    def items(self, search: FeedSearch) -> list[JobPosting]:
        """The newest matches, with the descriptions the entries show."""
        with_descriptions = cards(JobPosting.objects.all()).defer(None).defer("search_vector")
        return board_page(search.board_query, size=FEED_SIZE, rows=with_descriptions).items

    def item_title(self, posting: JobPosting) -> str:
        return escape(f"{posting.title} at {posting.company.name}")

    def item_description(self, posting: JobPosting) -> str:
        """A summary line (company, place, salary) above the posting's sanitized description."""
        facts = [posting.company.name, posting.location_label, posting.salary_label]
        summary = format_html("<p>{}</p>", " · ".join(fact for fact in facts if fact))
        body = posting.description_html or render_markdown(posting.description)
        return summary + body

    def item_pubdate(self, posting: JobPosting) -> datetime | None:
        return posting.posted_at

    def item_updateddate(self, posting: JobPosting) -> datetime:
        return posting.updated_at

    def item_author_name(self, posting: JobPosting) -> str:
        return posting.company.name

    def item_categories(self, posting: JobPosting) -> list[str]:
        return [skill.name for skill in posting.skills.all()]


class PostingAtomFeed(PostingRssFeed):
    feed_type = Atom1Feed
    subtitle = PostingRssFeed.description
    url_name = "jobs:feed_atom"
