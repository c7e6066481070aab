"""The gigs app's models, one module per part of the marketplace."""
