"""A posting's rules as plain values, without the database."""

from datetime import UTC, datetime, timedelta

import pytest

from jobs import domain
from jobs.domain import PostingStatus as Status

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
VALIDITY = timedelta(days=60)


def _key(**changes: object) -> str:
    fields: dict = {
        "company_name": "Northwind Analytics",
        "title": "Senior Product Manager",
        "country": "gb",
        "city": "London",
        "salary_min": 6_000_000,
        "salary_max": 8_000_000,
        "salary_currency": "gbp",
        "salary_period": "year",
    }
    return domain.dedupe_key(**(fields | changes))


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("edited", {"draft", "pending", "rejected", "published"}),
        ("submitted", {"draft", "rejected"}),
        ("approved", {"pending"}),
        ("rejected", {"pending"}),
        ("marked filled", {"published"}),
        ("archived", {"draft", "pending", "rejected", "published"}),
        ("reposted", {"expired", "filled", "archived"}),
    ],
)
def test_each_action_starts_only_from_its_statuses(action, allowed):
    """The status machine allows an action from exactly the statuses DESIGN.md names."""
    assert {status for status in Status.values if domain.allows(status, action)} == allowed


def test_people_start_postings_as_drafts():
    """A posting a recruiter writes is a draft until it is submitted."""
    assert domain.STARTING_STATUS == Status.DRAFT


def test_submitted_postings_skip_review_only_for_verified_companies():
    """Verified companies publish at once; others wait for a moderator."""
    assert domain.submitted_status(verified=True) == Status.PUBLISHED
    assert domain.submitted_status(verified=False) == Status.PENDING


def test_editing_a_live_posting_of_an_unverified_company_sends_it_back_to_review():
    """Only a published posting of an unverified company changes status when edited."""
    assert domain.edited_status(Status.PUBLISHED, verified=False) == Status.PENDING
    assert domain.edited_status(Status.PUBLISHED, verified=True) == Status.PUBLISHED
    assert domain.edited_status(Status.DRAFT, verified=False) == Status.DRAFT


def test_publishing_keeps_a_closing_date_ahead_and_replaces_a_past_one():
    """A published posting is dated now and stays open until a future closing date, or
    for the board's validity when it has none or it has passed."""
    ahead = NOW + timedelta(days=5)
    assert domain.publication_dates(now=NOW, valid_through=ahead, validity=VALIDITY) == (
        NOW,
        ahead,
    )
    for closing in (None, NOW, NOW - timedelta(days=1)):
        assert domain.publication_dates(now=NOW, valid_through=closing, validity=VALIDITY) == (
            NOW,
            NOW + VALIDITY,
        )


def test_untrusted_feeds_postings_wait_for_review_undated():
    """A posting from a feed that is not trusted is pending with the feed's own dates."""
    state = domain.ingested_state(
        trusted=False, posted_at=None, valid_through=None, now=NOW, validity=VALIDITY
    )
    assert state == (Status.PENDING, None, None)


def test_trusted_feeds_postings_are_live_until_they_close():
    """A trusted feed's posting is live from its date posted (or now) for the validity,
    and expired when its closing date has passed."""
    live = domain.ingested_state(
        trusted=True, posted_at=None, valid_through=None, now=NOW, validity=VALIDITY
    )
    assert live == (Status.PUBLISHED, NOW, NOW + VALIDITY)
    posted = NOW - timedelta(days=90)
    expired = domain.ingested_state(
        trusted=True, posted_at=posted, valid_through=None, now=NOW, validity=VALIDITY
    )
    assert expired == (Status.EXPIRED, posted, posted + VALIDITY)


def test_a_feed_update_keeps_the_status_people_chose():
    """Filled and archived postings stay so when their feed updates them; others follow it."""
    assert domain.status_after_feed_update(Status.FILLED, Status.PUBLISHED) == Status.FILLED
    assert domain.status_after_feed_update(Status.ARCHIVED, Status.PENDING) == Status.ARCHIVED
    assert domain.status_after_feed_update(Status.EXPIRED, Status.PUBLISHED) == Status.PUBLISHED


def test_level_and_technical_flag_come_from_the_title_unless_given():
    """A level or technical flag given wins; otherwise the title decides."""
    assert domain.level_for("Senior Platform Product Manager") == "senior"
    assert domain.level_for("Senior Platform Product Manager", "lead") == "lead"
    assert domain.technical_for("Senior Platform Product Manager") is True
    assert domain.technical_for("Senior Platform Product Manager", False) is False


def test_salary_fields_store_the_currency_upper_case_and_bounds_per_year():
    """Bounds are annualized by period in minor units; a missing bound stays missing."""
    assert domain.salary_fields(
        salary_min=5_000, salary_max=None, salary_currency="usd", salary_period="hour"
    ) == {"salary_currency": "USD", "salary_min_annual": 10_400_000, "salary_max_annual": None}


def test_skills_text_lists_names_alphabetically():
    """The order skills were given in does not change the stored text."""
    assert domain.skills_text(["SQL", "A/B testing", "Roadmapping"]) == (
        "A/B testing, Roadmapping, SQL"
    )


def test_dedupe_key_ignores_case_accents_and_punctuation():
    """The same role spelled differently has one key; a different salary does not."""
    assert _key() == _key(
        company_name="NORTHWIND analytics!", title="Sénior  product-manager", city="london"
    )
    assert _key() != _key(salary_max=8_500_000)


def test_original_is_the_oldest_other_candidate_within_the_window():
    """Candidates are oldest first; the posting itself and those more than the window
    away are skipped, and the window's edges count."""
    edge = NOW - domain.DUPLICATE_WINDOW
    candidates = [(1, edge - timedelta(seconds=1)), (2, NOW), (3, edge), (4, NOW)]
    assert domain.original_among(candidates, pk=2, moment=NOW) == 3
    assert domain.original_among(candidates[:2], pk=2, moment=NOW) is None
    assert domain.original_among(candidates, pk=None, moment=NOW) == 2


@pytest.mark.parametrize(
    ("title", "company", "suffix", "expected"),
    [
        ("Senior PM, Payments", "Acme & Co", 7, "senior-pm-payments-acme-co-7"),
        ("产品经理", "株式会社", "ab12cd", "posting-company-ab12cd"),
        ("x" * 300, "y" * 300, "feed-3", f"{'x' * 100}-{'y' * 80}-feed-3"),
    ],
)
def test_a_posting_slug_names_title_company_and_suffix(title, company, suffix, expected):
    """Every writer (editor, API, ingestion, generator) makes a posting's slug this one way."""
    assert domain.posting_slug(title, company, suffix) == expected


def test_a_listed_posting_stays_open_for_the_validity_from_now_whatever_its_age():
    """In a snapshot an old posting without a closing date is live until now + validity."""
    posted = NOW - timedelta(days=200)
    state = domain.ingested_state(
        trusted=True, posted_at=posted, valid_through=None, now=NOW, validity=VALIDITY, listed=True
    )
    assert state == (Status.PUBLISHED, posted, NOW + VALIDITY)


def test_a_listed_posting_keeps_the_sources_closing_date():
    """A closing date the source gives wins, and a past one still closes the posting."""
    ahead, past = NOW + timedelta(days=5), NOW - timedelta(days=5)
    for closing, status in ((ahead, Status.PUBLISHED), (past, Status.EXPIRED)):
        state = domain.ingested_state(
            trusted=True, posted_at=None, valid_through=closing, now=NOW, validity=VALIDITY,
            listed=True,
        )  # fmt: skip
        assert (state[0], state[2]) == (status, closing)


def test_an_untrusted_listed_posting_waits_for_review_with_its_closing_date_moved_on():
    state = domain.ingested_state(
        trusted=False, posted_at=None, valid_through=None, now=NOW, validity=VALIDITY, listed=True
    )
    assert state == (Status.PENDING, None, NOW + VALIDITY)


@pytest.mark.parametrize(
    ("stored", "incoming", "status"),
    [
        (Status.EXPIRED, Status.PUBLISHED, Status.PUBLISHED),
        (Status.EXPIRED, Status.PENDING, Status.PENDING),
        (Status.PUBLISHED, Status.PENDING, Status.PUBLISHED),
        (Status.PUBLISHED, Status.EXPIRED, Status.EXPIRED),
        (Status.PENDING, Status.PUBLISHED, Status.PENDING),
        (Status.REJECTED, Status.PUBLISHED, Status.REJECTED),
        (Status.FILLED, Status.PUBLISHED, Status.FILLED),
        (Status.ARCHIVED, Status.PUBLISHED, Status.ARCHIVED),
    ],
)
def test_a_posting_listed_again_unchanged_reopens_only_when_it_had_expired(
    stored, incoming, status
):
    """Expired postings open as the feed would bring them; live ones stay live unless the
    source's closing date passed; review, rejection and people's closings stay."""
    assert domain.status_when_relisted(stored, incoming) == status


@pytest.mark.parametrize(
    ("moved_to", "cleared"),
    [
        (NOW + timedelta(days=30), True),
        (NOW + timedelta(days=2, seconds=1), True),
        (NOW + timedelta(days=2), False),
        (NOW + timedelta(days=1), False),
        (None, False),
    ],
)
def test_only_a_later_closing_date_clears_the_expiry_warning(moved_to, cleared):
    """The warning was for the old date: a later one needs its own, the same or an earlier
    one does not."""
    warned_at = NOW - timedelta(hours=1)
    after = domain.expiry_warned_after(
        warned_at=warned_at, valid_through=NOW + timedelta(days=2), moved_to=moved_to
    )
    assert after == (None if cleared else warned_at)


def test_a_posting_without_a_closing_date_keeps_its_warning():
    warned_at = NOW - timedelta(hours=1)
    after = domain.expiry_warned_after(
        warned_at=warned_at, valid_through=None, moved_to=NOW + timedelta(days=30)
    )
    assert after == warned_at


@pytest.mark.parametrize(
    ("open_count", "unlisted", "needs_review"),
    [(10, 0, False), (10, 3, False), (10, 5, False), (10, 6, True), (2, 2, True), (1, 1, True)],
)
def test_closing_more_than_half_or_all_of_a_sources_postings_needs_review(
    open_count, unlisted, needs_review
):
    assert domain.unlisted_needs_review(open_count=open_count, unlisted=unlisted) is needs_review
