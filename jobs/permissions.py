"""Who may see or change which posting and its applicants, for selectors, services and views."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from jobs.models import Company, JobPosting


def can_manage(user: User | AnonymousUser, posting: JobPosting) -> bool:
    """Whether ``user`` sees the applicants of ``posting``: its company's recruiters and staff."""
    return user.is_authenticated and user.can_recruit_for(posting.company)


def can_write(user: User | AnonymousUser, company: Company) -> bool:
    """Whether ``user`` creates and edits ``company``'s postings: its recruiters; staff moderate."""
    return user.is_authenticated and user.recruits_for(company)
