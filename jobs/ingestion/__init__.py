"""Postings from outside feeds: read a feed, validate every record, store what is new or changed.

``run.ingest`` is the entry point; ``formats`` holds one parser per feed format,
``validate`` turns a parsed record into a posting or a rejection, and ``store`` writes
batches of postings in bulk.
"""
