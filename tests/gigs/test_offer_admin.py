"""Offers in admin: staff hide them with a reason and show them again, through the service."""

import pytest
from django.urls import reverse

from gigs.models import OfferOrder
from gigs.services import offers as services
from tests.gigs.factories import OfferFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:gigs_offer_changelist")


def test_staff_hide_an_offer_after_giving_a_reason(client, staff_user, freelancer):
    """The action first asks why; with a reason the offer is hidden and the seller reads it."""
    offer = OfferFactory.create(freelancer=freelancer)
    client.force_login(staff_user)
    picked = {"action": "hide_offers", "_selected_action": [offer.pk], "index": 0}
    asked = client.post(CHANGELIST, picked)
    assert asked.status_code == 200 and b"Why these offers are hidden" in asked.content
    offer.refresh_from_db()
    assert not offer.is_hidden
    data = {"action": "hide_offers", "_selected_action": [offer.pk], "confirm": "yes",
            "reason": "Misleading delivery time"}  # fmt: skip
    client.post(CHANGELIST, data, follow=True)
    offer.refresh_from_db()
    assert offer.is_hidden and offer.hidden_reason == "Misleading delivery time"
    client.post(CHANGELIST, {"action": "unhide_offers", "_selected_action": [offer.pk]})
    offer.refresh_from_db()
    assert not offer.is_hidden


def test_a_freelancer_cannot_hide_through_admin(client, freelancer):
    offer = OfferFactory.create(freelancer=freelancer)
    client.force_login(freelancer)
    data = {"action": "hide_offers", "_selected_action": [offer.pk], "confirm": "yes",
            "reason": "Mine"}  # fmt: skip
    response = client.post(CHANGELIST, data)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    offer.refresh_from_db()
    assert not offer.is_hidden


def test_orders_are_read_only_in_admin(client, staff_user, freelancer, client_user):
    order = services.offer_buy(offer=OfferFactory.create(freelancer=freelancer), buyer=client_user)
    client.force_login(staff_user)
    assert client.get(reverse("admin:gigs_offerorder_changelist")).status_code == 200
    change = reverse("admin:gigs_offerorder_change", args=[order.order.pk])
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:gigs_offerorder_add")).status_code == 403
    assert OfferOrder.objects.count() == 1
