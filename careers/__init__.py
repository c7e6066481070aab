"""Careers: the skill taxonomy, career paths and guides for aspiring product managers."""
