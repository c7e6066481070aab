"""The gig board's search, the job board's pattern: a query value, one page function, one
strategy per database.

- ``query.GigQuery``: what a gig search asks for, built from the search form's cleaned data.
- ``page.gig_page``: one page of listed gigs for a query; /gigs/ and the API's list use it.
- ``page.gig_count``: how many listed gigs a query finds, counted up to a bound.
- ``for_you.for_you_page``: listed gigs ranked by how many of a freelancer's skills they ask for.
- ``engine.engine()``: ``postgres`` or ``sqlite``, the keyword matching of the database.
"""

from gigs.search.for_you import for_you_page
from gigs.search.page import PAGE_SIZE, cards, gig_count, gig_page
from gigs.search.query import GigQuery

__all__ = ["PAGE_SIZE", "GigQuery", "cards", "for_you_page", "gig_count", "gig_page"]
