"""Writes of the gigs app, one module per part."""
