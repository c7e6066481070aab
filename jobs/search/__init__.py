"""The job board's search: a query value, one page function, one strategy per database.

- ``query.BoardQuery``: what a search asks for, built from the search form's cleaned data.
- ``board.board_page``: one page of live postings for a query; every list uses it.
- ``board.board_count``: how many live postings a query finds, counted up to a bound.
- ``engine.engine()``: ``postgres`` or ``sqlite``, the keyword matching of the database.
"""

from jobs.search.board import PAGE_SIZE, board_count, board_page, cards
from jobs.search.query import BoardQuery

__all__ = ["PAGE_SIZE", "BoardQuery", "board_count", "board_page", "cards"]
