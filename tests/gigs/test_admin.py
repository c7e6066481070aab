"""The ledger in admin: staff read it, nobody writes it there; fee schedules are editable."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gigs.models import FeeSchedule, LedgerTransaction
from gigs.services.fees import fee_schedule_default

pytestmark = pytest.mark.django_db


def test_staff_read_transactions_with_entries(client, staff_user, fund, client_user):
    """The change page shows the entries, read-only, and there is no add or delete."""
    fund(client_user, "milestone:1", 1_000)
    posted = LedgerTransaction.objects.filter(kind="fund").get()
    client.force_login(staff_user)
    assert client.get(reverse("admin:gigs_ledgertransaction_changelist")).status_code == 200
    page = client.get(reverse("admin:gigs_ledgertransaction_change", args=[posted.pk]))
    assert page.status_code == 200
    assert b"1000" in page.content
    assert client.get(reverse("admin:gigs_ledgertransaction_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:gigs_ledgertransaction_delete", args=[posted.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert LedgerTransaction.objects.filter(pk=posted.pk).exists()


def test_staff_edit_fee_schedules(client, staff_user):
    schedule = fee_schedule_default()
    client.force_login(staff_user)
    page = client.get(reverse("admin:gigs_feeschedule_change", args=[schedule.pk]))
    assert page.status_code == 200
    assert b"tiers-TOTAL_FORMS" in page.content


def test_fee_schedule_needs_one_open_tier(client, staff_user):
    """A schedule whose tiers all have bounds would leave large totals without a rate."""
    client.force_login(staff_user)
    starts = timezone.now() + timedelta(days=30)
    response = client.post(
        reverse("admin:gigs_feeschedule_add"),
        {
            "effective_from_0": f"{starts:%Y-%m-%d}",
            "effective_from_1": "00:00:00",
            "currency": "GBP",
            "conversion_fee_percent": "0",
            "tiers-TOTAL_FORMS": "1",
            "tiers-INITIAL_FORMS": "0",
            "tiers-0-up_to": "50000",
            "tiers-0-rate": "20",
        },
    )
    assert response.status_code == 200
    assert b"Exactly one tier" in response.content
    assert not FeeSchedule.objects.exists()
