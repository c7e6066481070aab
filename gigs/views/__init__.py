"""Gig pages: the list, a gig, clients' gigs, proposals and freelancer profiles."""
