"""RSS and Atom feeds of the gigs that fit one freelancer, at a private token link.

The token in the URL is the only credential, so feed readers need no sign-in; the feed shows
what anyone can read on a listed gig, never the freelancer's own details. An unknown or
replaced token is a 404.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html

from core.markdown import render_markdown
from gigs.models import Gig, GigFeedSubscription
from gigs.search import cards, for_you_page
from gigs.search.for_you import matched_skills, skill_ids_of
from gigs.services.feeds import gig_feed_for_token

# Feed readers poll often; a short feed keeps each poll cheap and holds the best fits.
FEED_SIZE = 50


class ForYouRssFeed(Feed):
    title = "pmportal: gigs that fit your skills"
    description = "Open gigs on pmportal that ask for skills on your freelancer profile."
    author_name = "pmportal"
    url_name = "gigs:for_you_rss"
    # A gig's URL never changes, so it doubles as the item's unique id.
    item_guid_is_permalink = True

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        # The link is private: keep it out of search engines and shared caches.
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private"
        return response

    def get_object(self, request: HttpRequest, token: str) -> GigFeedSubscription:
        subscription = gig_feed_for_token(token)
        if subscription is None or not subscription.user.is_active:
            raise Http404("No such feed.")
        return subscription

    def link(self, subscription: GigFeedSubscription) -> str:
        return reverse("gigs:for_you")

    def feed_url(self, subscription: GigFeedSubscription) -> str:
        return reverse(self.url_name, args=[subscription.token])

    def items(self, subscription: GigFeedSubscription) -> list[Gig]:
        """The best-fitting gigs, with the descriptions the entries show."""
        with_descriptions = (
            cards(Gig.objects.all()).defer(None).defer("search_vector", "hidden_reason")
        )
        skill_ids = skill_ids_of(subscription.user_id)
        rows = with_descriptions.prefetch_related(matched_skills(skill_ids))
        return for_you_page(skill_ids, size=FEED_SIZE, rows=rows).items

    def item_title(self, gig: Gig) -> str:
        return escape(gig.title)

    def item_description(self, gig: Gig) -> str:
        """A summary line (category, budget, fit) above the gig's sanitized description."""
        matched = ", ".join(skill.name for skill in getattr(gig, "matched_skills", ()))
        facts = [gig.get_category_display(), gig.budget_label, f"Your skills: {matched}"]
        return format_html("<p>{}</p>", " · ".join(facts)) + render_markdown(gig.description)

    def item_pubdate(self, gig: Gig) -> datetime | None:
        return gig.posted_at

    def item_updateddate(self, gig: Gig) -> datetime:
        return gig.updated_at

    def item_categories(self, gig: Gig) -> list[str]:
        return [skill.name for skill in gig.skills.all()]


class ForYouAtomFeed(ForYouRssFeed):
    feed_type = Atom1Feed
    subtitle = ForYouRssFeed.description
    url_name = "gigs:for_you_atom"
