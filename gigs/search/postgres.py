"""Keyword search for gigs on PostgreSQL: the stored, GIN-indexed ``search_vector``.

A database trigger keeps each gig's vector (weights: title A, description D; gigs migration
0006), so a search reads the column and its index instead of computing vectors per row.
Matching and ranking are the job board's: ``jobs.search.postgres`` reads the
``search_vector`` column of whatever model it is given, as a web search reads keywords.
"""

from jobs.search.postgres import matches, score

__all__ = ["matches", "score"]
