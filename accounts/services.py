"""Every write to accounts: profile edits, API tokens, clean-up of abandoned sign-ups."""

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.forms import BaseInlineFormSet
from django.utils import timezone
from rest_framework.authtoken.models import Token

from .forms import ProfileForm
from .models import User


@transaction.atomic
def profile_update(*, form: ProfileForm, links: BaseInlineFormSet) -> User:
    """Save a validated profile form and its links together, or neither."""
    user = form.save()
    user.profile_skills.set(form.cleaned_data["profile_skills"])
    links.instance = user
    links.save()
    return user


@transaction.atomic
def user_update(*, user: User, fields: dict[str, Any]) -> User:
    """Set profile fields from serializer-validated input (model validators already ran)."""
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    return user


def token_issue(*, user: User) -> Token:
    """Return the user's API token, creating it on first use."""
    token, _ = Token.objects.get_or_create(user=user)
    return token


def token_revoke(*, user: User) -> None:
    Token.objects.filter(user=user).delete()


@transaction.atomic
def accounts_purge_unverified(*, older_than: timedelta) -> int:
    """Delete sign-ups that never verified an address within ``older_than``; return how many.

    Staff and accounts with any verified address are kept whatever their age, so
    running this twice removes nothing more the second time.
    """
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    stale = User.objects.filter(
        date_joined__lt=timezone.now() - older_than, is_staff=False, is_superuser=False
    ).exclude(Exists(verified))
    _, per_model = stale.delete()
    return per_model.get(User._meta.label, 0)
