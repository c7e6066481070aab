"""Every write of the gigs app, one function per use case, one module per part."""
