"""Every write of the marketplace, one function per use case, split by subdomain."""
