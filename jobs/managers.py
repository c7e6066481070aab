"""Posting querysets named after what the board does with them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from jobs import domain

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class PostingQuerySet(models.QuerySet):
    def published(self) -> PostingQuerySet:
        return self.filter(status="published")

    def originals(self) -> PostingQuerySet:
        """Postings that are not a detected duplicate of another."""
        return self.filter(duplicate_of__isnull=True)

    def on_board(self) -> PostingQuerySet:
        """Live postings: published originals, what lists, feeds, search and skill demand read."""
        return self.published().originals()

    def went_live(self) -> PostingQuerySet:
        """Originals that are live or were before they closed: the market insights' demand."""
        return self.originals().filter(status__in=domain.WENT_LIVE)

    def by(self, user: User) -> PostingQuerySet:
        """Postings of every company the user recruits for."""
        return self.filter(company__recruiters=user)

    def visible_to(self, user: User | AnonymousUser) -> PostingQuerySet:
        """Postings whose page ``user`` may open: public ones, plus their own, or all for staff."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        public = models.Q(status__in=domain.PUBLIC)
        if user.is_authenticated:
            return self.filter(public | models.Q(company__recruiters=user)).distinct()
        return self.filter(public)
