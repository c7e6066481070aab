"""Accounts: the custom user (e-mail login), roles and profiles."""
