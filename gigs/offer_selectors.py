"""Reads of the offer pages and API: one offer for its page, a seller's offers, a buyer's view."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from accounts.models import User
from careers.models import Skill
from gigs.models import Offer, OfferExtra


def sees_offer(user: User | AnonymousUser, offer: Offer) -> bool:
    """Anyone sees a published offer staff have not hidden; its seller and staff see any."""
    if user.is_staff or (user.is_authenticated and offer.freelancer_id == user.pk):
        return True
    return offer.is_buyable


def _with_extras(offers: QuerySet) -> QuerySet:
    return offers.prefetch_related(
        Prefetch("extras", queryset=OfferExtra.objects.order_by("id")),
        Prefetch("skills", queryset=Skill.objects.order_by("name")),
    )


def offer_for_page(*, slug: str, user: User | AnonymousUser) -> Offer:
    """The offer ``user`` may see under ``slug``, with its seller, profile, extras; else 404."""
    offer = (
        _with_extras(Offer.objects.select_related("freelancer__freelancer_profile"))
        .filter(slug=slug, freelancer__is_active=True)
        .first()
    )
    if offer is None or not sees_offer(user, offer):
        raise Http404("No such offer.")
    return offer


def offer_for_sale(*, slug: str) -> Offer:
    """The offer under ``slug`` a client may buy now, with its extras; else 404."""
    offer = (
        _with_extras(Offer.objects.listed().select_related("freelancer"))
        .filter(slug=slug, freelancer__is_active=True)
        .first()
    )
    if offer is None:
        raise Http404("This offer is not for sale.")
    return offer


def own_offer(*, slug: str, user: User | AnonymousUser) -> Offer:
    """The offer under ``slug`` if ``user`` sells it; 404 for everyone else, staff too."""
    if not user.is_authenticated:
        raise Http404("No such offer.")
    offer = _with_extras(Offer.objects.filter(slug=slug, freelancer=user)).first()
    if offer is None:
        raise Http404("No such offer.")
    return offer


def offers_by(*, user: User) -> QuerySet:
    """Every offer ``user`` sells, newest first: their management page."""
    return Offer.objects.by(user).defer("description").order_by("-created_at", "-id")


def listed_offers_of(*, user_id: int) -> list[Offer]:
    """A seller's listed offers for their public profile, newest first."""
    return list(
        Offer.objects.listed()
        .filter(freelancer_id=user_id)
        .select_related("freelancer__freelancer_profile")
        .defer("description", "hidden_reason")
        .order_by("-published_at", "-id")
    )
