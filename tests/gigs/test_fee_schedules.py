"""Fee schedules are history once a payment uses them: every change is refused, everywhere."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gigs.fees import Tier
from gigs.models import FeeSchedule, FeeTier
from gigs.services import fees as services
from gigs.services.fees import ScheduleFrozen, fee_schedule_default

pytestmark = pytest.mark.django_db

TIERS = [Tier(up_to=100_000, rate=Decimal("10")), Tier(up_to=None, rate=Decimal("5"))]


@pytest.fixture
def used(earn, freelancer):
    """The default schedule, recorded on a release."""
    earn(freelancer, "milestone:1", 10_000)
    return fee_schedule_default()


@pytest.fixture
def later(staff_user):
    """An unused schedule that starts next month."""
    schedule = FeeSchedule(effective_from=timezone.now() + timedelta(days=30), currency="GBP")
    services.fee_schedule_save(actor=staff_user, schedule=schedule)
    services.fee_tiers_set(actor=staff_user, schedule_id=schedule.pk, tiers=TIERS)
    return schedule


def _snapshot(schedule):
    schedule.refresh_from_db()
    tiers = list(schedule.tiers.values_list("up_to", "rate"))
    return (schedule.effective_from, schedule.currency, schedule.conversion_fee_percent, tiers)


def test_used_schedule_fields_cannot_change(staff_user, used):
    """Saving a used schedule with a new conversion fee is refused and nothing changes."""
    before = _snapshot(used)
    used.conversion_fee_percent = Decimal("2")
    with pytest.raises(ScheduleFrozen, match="used for payments"):
        services.fee_schedule_save(actor=staff_user, schedule=used)
    assert _snapshot(used) == before


def test_used_schedule_tiers_cannot_change(staff_user, used):
    """Replacing a used schedule's tiers is refused and its tiers stay."""
    before = _snapshot(used)
    with pytest.raises(ScheduleFrozen):
        services.fee_tiers_set(actor=staff_user, schedule_id=used.pk, tiers=TIERS)
    assert _snapshot(used) == before


def test_used_schedule_cannot_be_deleted(staff_user, used):
    with pytest.raises(ScheduleFrozen):
        services.fee_schedule_delete(actor=staff_user, schedule_id=used.pk)
    assert FeeSchedule.objects.filter(pk=used.pk).exists()
    assert FeeTier.objects.filter(schedule=used).count() == 3


def test_schedule_in_force_is_frozen_before_any_payment_uses_it(staff_user, later):
    """Once in force a schedule may be recording a release right now: edits are refused."""
    FeeSchedule.objects.filter(pk=later.pk).update(
        effective_from=timezone.now() - timedelta(minutes=1)
    )
    before = _snapshot(later)
    later.conversion_fee_percent = Decimal("2")
    with pytest.raises(ScheduleFrozen, match="in force"):
        services.fee_schedule_save(actor=staff_user, schedule=later)
    with pytest.raises(ScheduleFrozen):
        services.fee_tiers_set(actor=staff_user, schedule_id=later.pk, tiers=TIERS[1:])
    assert _snapshot(later) == before


def test_schedule_cannot_start_in_the_past(staff_user):
    """A new schedule from yesterday would rewrite which fees were in force: refused."""
    schedule = FeeSchedule(effective_from=timezone.now() - timedelta(days=1), currency="GBP")
    with pytest.raises(ScheduleFrozen) as caught:
        services.fee_schedule_save(actor=staff_user, schedule=schedule)
    assert "effective_from" in caught.value.message_dict
    assert not FeeSchedule.objects.exists()


def test_unused_schedule_cannot_move_into_the_past(staff_user, later):
    later.effective_from = timezone.now() - timedelta(hours=1)
    with pytest.raises(ScheduleFrozen):
        services.fee_schedule_save(actor=staff_user, schedule=later)


def test_unused_schedule_can_change_and_be_deleted(staff_user, later):
    """Until a payment uses it, a future version is staff's to edit or drop."""
    later.conversion_fee_percent = Decimal("1.5")
    services.fee_schedule_save(actor=staff_user, schedule=later)
    services.fee_tiers_set(actor=staff_user, schedule_id=later.pk, tiers=TIERS[1:])
    assert _snapshot(later)[2:] == (Decimal("1.5"), [(None, Decimal("5.00"))])
    services.fee_schedule_delete(actor=staff_user, schedule_id=later.pk)
    assert not FeeSchedule.objects.filter(pk=later.pk).exists()


def test_tiers_need_one_open_tier(staff_user, later):
    with pytest.raises(ValidationError, match="exactly one tier"):
        services.fee_tiers_set(actor=staff_user, schedule_id=later.pk, tiers=TIERS[:1])


def test_copy_makes_a_later_version_with_the_same_tiers(staff_user, used):
    start = timezone.now() + timedelta(days=7)
    copy = services.fee_schedule_copy(actor=staff_user, schedule_id=used.pk, effective_from=start)
    assert copy.pk != used.pk
    assert copy.effective_from == start
    assert _snapshot(copy)[1:] == _snapshot(used)[1:]


def test_copy_cannot_start_in_the_past(staff_user, used):
    with pytest.raises(ScheduleFrozen):
        services.fee_schedule_copy(
            actor=staff_user, schedule_id=used.pk, effective_from=timezone.now() - timedelta(1)
        )
    assert FeeSchedule.objects.count() == 1


def test_only_staff_change_schedules(freelancer, later):
    with pytest.raises(PermissionDenied):
        services.fee_schedule_delete(actor=freelancer, schedule_id=later.pk)
    assert FeeSchedule.objects.filter(pk=later.pk).exists()


def test_admin_shows_a_used_schedule_read_only(client, staff_user, used):
    """No save, no delete, no tier forms: the change page only shows a used schedule."""
    client.force_login(staff_user)
    url = reverse("admin:gigs_feeschedule_change", args=[used.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert 'name="tiers-0-rate"' not in html
    assert "copy it as a new version" in html
    before = _snapshot(used)
    response = client.post(
        url,
        {
            "effective_from_0": "2026-01-01",
            "effective_from_1": "00:00:00",
            "currency": "EUR",
            "conversion_fee_percent": "9",
        },
    )
    assert response.status_code == 403
    delete = client.post(reverse("admin:gigs_feeschedule_delete", args=[used.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert _snapshot(used) == before


def test_admin_refuses_a_start_in_the_past(client, staff_user):
    client.force_login(staff_user)
    yesterday = timezone.localtime() - timedelta(days=1)
    response = client.post(
        reverse("admin:gigs_feeschedule_add"),
        {
            "effective_from_0": yesterday.strftime("%Y-%m-%d"),
            "effective_from_1": "00:00:00",
            "currency": "GBP",
            "conversion_fee_percent": "0",
            "tiers-TOTAL_FORMS": "1",
            "tiers-INITIAL_FORMS": "0",
            "tiers-0-rate": "20",
        },
    )
    assert response.status_code == 200
    assert "cannot start in the past" in response.content.decode()
    assert not FeeSchedule.objects.exists()


def test_admin_adds_a_future_version_through_the_service(client, staff_user):
    client.force_login(staff_user)
    start = timezone.localtime() + timedelta(days=10)
    response = client.post(
        reverse("admin:gigs_feeschedule_add"),
        {
            "effective_from_0": start.strftime("%Y-%m-%d"),
            "effective_from_1": "00:00:00",
            "currency": "gbp",
            "conversion_fee_percent": "1",
            "tiers-TOTAL_FORMS": "2",
            "tiers-INITIAL_FORMS": "0",
            "tiers-0-up_to": "50000",
            "tiers-0-rate": "15",
            "tiers-1-rate": "4",
        },
    )
    assert response.status_code == 302
    (schedule,) = FeeSchedule.objects.all()
    assert schedule.currency == "GBP"
    assert list(schedule.tiers.values_list("up_to", "rate")) == [
        (50_000, Decimal("15.00")),
        (None, Decimal("4.00")),
    ]


def test_admin_copies_as_a_new_version(client, staff_user, used):
    client.force_login(staff_user)
    start = timezone.localtime() + timedelta(days=3)
    response = client.post(
        reverse("admin:gigs_feeschedule_changelist"),
        {
            "action": "copy_as_new_version",
            "_selected_action": [used.pk],
            "confirm": "yes",
            "effective_from_0": start.strftime("%Y-%m-%d"),
            "effective_from_1": "09:00:00",
        },
    )
    assert response.status_code == 302
    copy = FeeSchedule.objects.exclude(pk=used.pk).get()
    assert copy.tiers.count() == 3


def test_admin_copy_refuses_a_past_date(client, staff_user, used):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:gigs_feeschedule_changelist"),
        {
            "action": "copy_as_new_version",
            "_selected_action": [used.pk],
            "confirm": "yes",
            "effective_from_0": "2020-01-01",
            "effective_from_1": "09:00:00",
        },
    )
    assert response.status_code == 400
    assert "cannot start in the past" in response.content.decode()
    assert FeeSchedule.objects.count() == 1


def test_admin_bulk_delete_leaves_a_used_schedule(client, staff_user, used):
    """The list's delete action refuses a schedule a payment recorded, without an error."""
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:gigs_feeschedule_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "Cannot delete fee schedule" in response.content.decode()
    assert FeeSchedule.objects.filter(pk=used.pk).exists()
