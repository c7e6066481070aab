"""The proposal form's fee preview: gigs.fees' figures for this freelancer and client."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gigs import fees
from gigs.domain import GigStatus
from gigs.models import FeeSchedule, FeeTier
from gigs.services.fees import fee_preview
from tests.gigs.factories import GigFactory, ProposalFactory

DEFAULT_TIERS_LINE = "20% up to GBP 500, 7.5% up to GBP 5,000, 3.5% above"


def preview_url(gig):
    return f"/gigs/{gig.slug}/fee-preview/"


def test_preview_is_marginal_on_what_the_pair_billed(client_user, freelancer, gig, earn):
    """GBP 450 billed before: GBP 100 more is 20% of 50 and 7.5% of 50, GBP 13.75."""
    earn(freelancer, "milestone:1", 45_000)
    preview = fee_preview(client=client_user, freelancer=freelancer, amount=10_000, currency="GBP")
    expected = fees.release_fee(
        fees.DEFAULT_TIERS,
        billed_before=45_000,
        amount=10_000,
        currency="GBP",
        schedule_currency="GBP",
    ).fee
    assert preview.fee == expected == 1_375
    assert preview.receive == 8_625
    assert preview.billed_before == 45_000


def test_preview_endpoint_shows_the_figures(client, client_user, freelancer, gig, earn):
    earn(freelancer, "milestone:1", 45_000)
    client.force_login(freelancer)
    response = client.get(preview_url(gig), {"price": "100"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-fee="1375"' in html and "GBP 13.75" in html
    assert 'data-receive="8625"' in html and "GBP 86.25" in html
    assert "You have billed this client GBP 450 so far." in html
    assert DEFAULT_TIERS_LINE in html
    assert "<html" not in html  # a partial for htmx to swap in


def test_another_freelancer_pays_the_first_tier(client, freelancer, stranger, gig, earn):
    """The billing history is the asking freelancer's with this client, no one else's."""
    earn(freelancer, "milestone:1", 45_000)
    client.force_login(stranger)
    html = client.get(preview_url(gig), {"price": "100"}).content.decode()
    assert 'data-fee="2000"' in html
    assert "You have billed" not in html


@pytest.mark.parametrize("price", ["", "abc", "-3", "0", "1e999"])
def test_unreadable_price_asks_for_one(client, freelancer, gig, price):
    client.force_login(freelancer)
    response = client.get(preview_url(gig), {"price": price})
    assert response.status_code == 200
    assert "Type your price" in response.content.decode()


def test_preview_needs_sign_in(client, gig):
    response = client.get(preview_url(gig), {"price": "100"})
    assert response.status_code == 302


def test_preview_of_a_gig_one_may_not_see_is_404(client, freelancer):
    draft = GigFactory.create(status=GigStatus.DRAFT)
    client.force_login(freelancer)
    assert client.get(preview_url(draft), {"price": "100"}).status_code == 404


def test_tiers_come_from_the_schedule_in_force(client, freelancer, gig):
    schedule = FeeSchedule.objects.create(
        effective_from=timezone.now() - timedelta(hours=1), currency="GBP"
    )
    FeeTier.objects.create(schedule=schedule, up_to=100_000, rate=Decimal("10"))
    FeeTier.objects.create(schedule=schedule, up_to=None, rate=Decimal("4.25"))
    client.force_login(freelancer)
    html = client.get(preview_url(gig), {"price": "100"}).content.decode()
    assert "10% up to GBP 1,000, 4.25% above" in html
    assert 'data-fee="1000"' in html


def test_gig_page_renders_the_preview_with_the_form(client, freelancer, gig):
    client.force_login(freelancer)
    html = client.get(gig.get_absolute_url()).content.decode()
    assert DEFAULT_TIERS_LINE in html
    assert f'hx-get="{preview_url(gig)}"' in html
    assert "Type your price" in html


def test_form_with_errors_keeps_the_preview_of_its_price(client, freelancer, gig):
    client.force_login(freelancer)
    response = client.post(f"/gigs/{gig.slug}/propose/", {"price": "100", "approach": ""})
    assert response.status_code == 400
    assert 'data-fee="2000"' in response.content.decode()


def test_edit_form_previews_the_saved_price(client, freelancer, gig):
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer, price=250_000)
    client.force_login(freelancer)
    html = client.get(f"/gigs/proposals/{proposal.pk}/edit/").content.decode()
    # 20% of 500 and 7.5% of 2,000: GBP 250.
    assert 'data-fee="25000"' in html


def test_other_currency_without_a_rate_says_when_the_fee_is_set(client, freelancer):
    euro = GigFactory.create(currency="EUR")
    client.force_login(freelancer)
    html = client.get(preview_url(euro), {"price": "100"}).content.decode()
    assert "worked out in GBP when the client releases" in html


def test_hourly_preview_says_it_is_for_one_hour(client, freelancer):
    hourly = GigFactory.create(budget_type="hourly", budget_min=6_000, budget_max=9_000)
    client.force_login(freelancer)
    html = client.get(preview_url(hourly), {"price": "80"}).content.decode()
    assert "On one hour billed at this rate" in html
