"""Every write the job board makes, one module per subdomain."""
