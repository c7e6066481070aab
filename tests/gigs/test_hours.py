"""The hour-log rules as plain values: typed hours, weeks, amounts, subjects, actions."""

from datetime import date

import pytest

from gigs import hours
from gigs.hours import HourLogStatus


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("7.5", 450), ("7:30", 450), ("7", 420), ("0.25", 15), ("7,75", 465), (" 40:05 ", 2405)],
)
def test_hours_are_typed_as_decimals_or_clock_time(typed, minutes):
    assert hours.parse_minutes(typed) == minutes


@pytest.mark.parametrize("typed", ["", "abc", "7:60", "7.5h", "-3", "7:5", "1.01", "7.5.5"])
def test_unreadable_hours_are_refused(typed):
    """Text, minutes past 59, a negative and a fraction that is not whole minutes."""
    with pytest.raises(ValueError):
        hours.parse_minutes(typed)


def test_a_week_holds_at_most_168_hours():
    assert hours.minutes_error(168 * 60) is None
    assert hours.minutes_error(168 * 60 + 1) == "A week has at most 168 hours."
    assert hours.minutes_error(0) == "Log at least one minute."


def test_the_clients_weekly_limit_caps_a_log():
    assert hours.minutes_error(20 * 60, limit=20 * 60) is None
    assert hours.minutes_error(20 * 60 + 1, limit=20 * 60) == (
        "The client caps this contract at 20 h a week."
    )


def test_weeks_start_on_monday_have_begun_and_follow_the_start():
    today, started = date(2026, 12, 9), date(2026, 11, 18)  # a Wednesday each
    assert hours.week_of(today) == date(2026, 12, 7)
    assert hours.week_error(date(2026, 12, 7), today=today, started=started) is None
    assert hours.week_error(date(2026, 11, 16), today=today, started=started) is None
    assert "Monday" in str(hours.week_error(date(2026, 12, 8), today=today, started=started))
    future = hours.week_error(date(2026, 12, 14), today=today, started=started)
    assert "not started" in str(future)
    assert "before" in str(hours.week_error(date(2026, 11, 9), today=today, started=started))


@pytest.mark.parametrize(
    ("minutes", "rate", "amount"),
    [
        (450, 9_000, 67_500),  # 7.5 h at 90.00
        (1, 30, 1),  # 0.5 rounds half up
        (1, 29, 0),  # 0.483 rounds down
        (7, 1_234, 144),  # 143.966...
        (10, 1_233, 206),  # 205.5 rounds half up
    ],
)
def test_amount_is_minutes_at_the_rate_rounded_half_up(minutes, rate, amount):
    assert hours.hourlog_amount(minutes, rate) == amount


def test_subjects_share_the_contracts_prefix():
    prefix = hours.pool_prefix(12)
    assert prefix == "hourly:12:"
    for subject in (
        hours.topup_subject(12, "ab12"),
        hours.hourlog_subject(12, 7),
        hours.return_subject(12),
    ):
        assert subject.startswith(prefix)
        assert not subject.startswith(hours.pool_prefix(1))
    assert hours.contract_of(hours.topup_subject(12, "ab12")) == 12
    assert hours.contract_of(hours.hourlog_subject(12, 7)) is None
    assert hours.contract_of("milestone:12") is None


def test_transitions():
    """Submitted to approved or rejected; rejected back to submitted or to a dispute."""
    assert hours.hourlog_target(HourLogStatus.SUBMITTED, "approved") == HourLogStatus.APPROVED
    assert hours.hourlog_target(HourLogStatus.REJECTED, "edited") == HourLogStatus.SUBMITTED
    assert hours.hourlog_target(HourLogStatus.REJECTED, "disputed") == HourLogStatus.DISPUTED
    assert hours.hourlog_target(HourLogStatus.APPROVED, "edited") is None
    assert hours.hourlog_target(HourLogStatus.APPROVED, "rejected") is None
    assert hours.hourlog_target(HourLogStatus.SUBMITTED, "disputed") is None


def test_actions_by_side():
    submitted = HourLogStatus.SUBMITTED
    assert hours.hourlog_actions(status=submitted, is_client=True, is_freelancer=False) == [
        "approve",
        "reject",
    ]
    assert hours.hourlog_actions(status=submitted, is_client=False, is_freelancer=True) == ["edit"]
    rejected = HourLogStatus.REJECTED
    assert hours.hourlog_actions(status=rejected, is_client=False, is_freelancer=True) == [
        "edit",
        "dispute",
    ]
    assert hours.hourlog_actions(status=rejected, is_client=True, is_freelancer=False) == []
    approved = HourLogStatus.APPROVED
    assert hours.hourlog_actions(status=approved, is_client=True, is_freelancer=True) == []


def test_recent_weeks_run_back_to_the_start():
    today = date(2026, 12, 9)
    assert hours.recent_weeks(today=today, started=date(2026, 11, 25)) == [
        date(2026, 12, 7),
        date(2026, 11, 30),
        date(2026, 11, 23),
    ]
    assert len(hours.recent_weeks(today=today, started=date(2025, 1, 1))) == 8
