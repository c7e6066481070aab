"""A freelancer's gig feed: the private token of its RSS and Atom links, and the daily e-mail."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class GigFeedSubscription(models.Model):
    """One per user: the token that opens their feed links, and whether they get the digest.

    The token is the only credential of the feed links, so it is random, unique and replaced
    whenever its owner asks. ``digest_since`` is when the user last opted in to the daily
    e-mail: the first digest lists gigs posted after it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gig_feed"
    )
    token = models.CharField(max_length=43, unique=True, default=new_feed_token, editable=False)
    digest = models.BooleanField(default=False)
    digest_since = models.DateTimeField(null=True, blank=True, editable=False)
    last_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # The daily digest walks the subscribers who opted in, by user.
            models.Index(fields=["user"], condition=models.Q(digest=True), name="gigs_feed_digest"),
        ]

    def __str__(self) -> str:
        return f"Gig feed of {self.user_id}"
