"""Keyword search for gigs on SQLite: every word in the title or the description.

The job board's word search (``jobs.search.sqlite.WordSearch``) over the gig's fields,
weighted as PostgreSQL's search vector weighs them (title A, description D).
"""

from jobs.search.sqlite import WordSearch

_GIGS = WordSearch((("title", 1.0), ("description", 0.1)))
matches = _GIGS.matches
score = _GIGS.score
