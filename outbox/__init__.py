"""Notifications recorded with the change that causes them and delivered after commit."""
