"""Dates in templates: when something was posted, as a person would say it."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import dateformat, timezone

register = template.Library()

DAYS_PER_WEEK = 7
# From four weeks on, a count of weeks is vaguer than the date itself.
WEEKS_SHOWN = 4


def relative_day(moment: datetime, *, today: date) -> str:
    """'today', 'yesterday', '3 days ago', '2 weeks ago', else 'on 3 Nov' ('on 3 Nov 2025'
    in another year), counting calendar days in the current time zone."""
    day = timezone.localtime(moment).date()
    days = (today - day).days
    if days <= 0:
        # A moment a little ahead of this server's clock is still today.
        return "today"
    if days == 1:
        return "yesterday"
    if days < DAYS_PER_WEEK:
        return f"{days} days ago"
    weeks = days // DAYS_PER_WEEK
    if weeks < WEEKS_SHOWN:
        return "1 week ago" if weeks == 1 else f"{weeks} weeks ago"
    return "on " + dateformat.format(day, "j M" if day.year == today.year else "j M Y")


@register.filter
def posted_when(moment: datetime | None) -> str:
    """``Posted {{ posting.posted_at|posted_when }}``: 'Posted 3 days ago', 'Posted on 3 Nov'."""
    if moment is None:
        return ""
    return relative_day(moment, today=timezone.localdate())
