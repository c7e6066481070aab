"""A person's balance page, statement and CSV: derived from their own ledger entries only."""

import csv
import io

import pytest
from django.urls import reverse

from gigs import selectors
from gigs.models import LedgerEntry
from gigs.services import ledger

URL = "/account/balance/"


def test_balances_are_per_currency_and_kind(client_user, freelancer, fund, earn):
    """Client funds, escrow and the freelancer's available money come from the entries."""
    fund(client_user, "milestone:1", 10_000)
    earn(freelancer, "milestone:2", 6_000)
    fund(client_user, "milestone:3", 500, currency="EUR")

    client_rows = {row.currency: row for row in selectors.own_balances(user=client_user)}
    assert set(client_rows) == {"EUR", "GBP"}
    assert client_rows["GBP"].escrow == 10_000
    assert client_rows["GBP"].client_funds == 0
    assert client_rows["EUR"].escrow == 500
    (row,) = selectors.own_balances(user=freelancer)
    # 20% of the first GBP 500 billed to this client.
    assert (row.currency, row.available, row.payout_pending, row.paid_out) == ("GBP", 4_800, 0, 0)


def test_statement_holds_only_the_users_entries(client_user, freelancer, stranger, fund, earn):
    """Another person's money never appears in a statement."""
    earn(freelancer, "milestone:1", 6_000)
    fund(stranger, "milestone:9", 7_777)
    page = selectors.statement_page(user=freelancer, cursor=None, size=50)
    assert [entry.amount for entry in page.items] == [4_800]
    owners = {entry.account.owner_id for entry in page.items}
    assert owners == {freelancer.pk}


def test_page_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_page_shows_own_balances_not_anothers(client, freelancer, stranger, fund, earn):
    earn(freelancer, "milestone:1", 6_000)
    fund(stranger, "milestone:9", 777_700)
    client.force_login(freelancer)
    page = client.get(URL).content.decode()
    assert "GBP 48" in page
    assert "7,777" not in page
    assert "milestone:9" not in page


def test_empty_page_explains(client, stranger):
    client.force_login(stranger)
    response = client.get(URL)
    assert response.status_code == 200
    assert "No money has moved through your account yet" in response.content.decode()


def test_header_links_the_page(client, stranger):
    client.force_login(stranger)
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_statement_pages_walk_every_entry_once(
    client, client_user, staff_user, django_assert_max_num_queries
):
    """Keyset pages, newest first, in a constant number of queries per page."""
    for number in range(30):
        ledger.deposit_record(
            actor=staff_user,
            client=client_user,
            amount=100 + number,
            currency="GBP",
            reference=f"r{number}",
        )
    client.force_login(client_user)
    with django_assert_max_num_queries(12):
        first = client.get(URL)
    cursor = first.context["page"].next_cursor
    assert cursor
    with django_assert_max_num_queries(12):
        second = client.get(URL, {"cursor": cursor})
    seen = [e.pk for e in first.context["page"].items + second.context["page"].items]
    assert len(seen) == len(set(seen)) == 30
    assert seen == sorted(seen, reverse=True)
    assert second.context["page"].next_cursor is None


def test_bad_cursor_starts_from_the_top(client, client_user, fund):
    fund(client_user, "milestone:1", 1_000)
    client.force_login(client_user)
    assert client.get(URL, {"cursor": "%%%not-a-cursor"}).status_code == 200


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_holds_own_rows_only(client, client_user, stranger, fund):
    fund(client_user, "milestone:1", 10_050)
    fund(stranger, "milestone:9", 7_777)
    client.force_login(client_user)
    response = client.get(URL + "statement.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header == ["date", "transaction", "what", "subject", "account", "currency", "amount"]
    assert len(rows) == LedgerEntry.objects.filter(account__owner=client_user).count() == 3
    assert "milestone:9" not in response.content.decode()
    # Newest first; the deposit's amounts stay numbers a spreadsheet can add up.
    assert [row[6] for row in rows] == ["100.50", "-100.50", "100.50"]


def test_csv_cells_never_start_a_formula(client, client_user, fund):
    """A subject that reads as a formula is written behind an apostrophe."""
    fund(client_user, '=HYPERLINK("http://evil.example","x")', 1_000)
    client.force_login(client_user)
    rows = _csv_rows(client.get(URL + "statement.csv"))[1:]
    subjects = {row[3] for row in rows}
    assert '\'=HYPERLINK("http://evil.example","x")' in subjects
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_csv_needs_sign_in(client):
    response = client.get(URL + "statement.csv")
    assert response.status_code == 302


@pytest.mark.parametrize("method", ["post", "put"])
def test_page_and_csv_are_read_only(client, stranger, method):
    client.force_login(stranger)
    assert getattr(client, method)(URL).status_code == 405


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/accounts/balance/", "/account/balance/"),
        ("/accounts/balance/statement.csv", "/account/balance/statement.csv"),
        ("/accounts/balance/?cursor=abc", "/account/balance/?cursor=abc"),
    ],
)
def test_old_addresses_redirect_permanently(client, old, new):
    """The first /accounts/balance/ addresses answer 301 to the same page and query."""
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_old_payout_address_keeps_the_post(client, freelancer):
    """A payout form posted to the old address answers 308, which resends the body."""
    client.force_login(freelancer)
    response = client.post("/accounts/balance/payout/", {"amount": "10"})
    assert response.status_code == 308
    assert response["Location"] == "/account/balance/payout/"
