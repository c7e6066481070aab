"""Payout details staff can pay to: checked per kind, sealed at rest, shown masked to
everyone but staff on a pending payout's own admin page, where each showing is recorded."""

import io
import logging

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from gigs import encryption, payout_details
from gigs.errors import LedgerError
from gigs.models import Payout, PayoutDetailsAccess, PayoutMethod
from gigs.services import payouts, profiles
from tests.gigs.factories import FreelancerProfileFactory, PayoutMethodFactory

pytestmark = pytest.mark.django_db

IBAN = "GB82WEST12345698765432"
IBAN_TYPED = "GB82 WEST 1234 5698 7654 32"
BANK = {"holder_name": "Fionn Holder", "bank_country": "GB", "iban": IBAN_TYPED}
WIRE = {
    "holder_name": "Fionn Holder",
    "bank_country": "DE",
    "bank_name": "Beispielbank",
    "bic": "DEUTDEFF500",
    "iban": "DE89 3704 0044 0532 0130 00",
}
# Values that must never be shown or stored in the clear.
SECRETS = [IBAN, "5698 7654", "Fionn Holder", "finn.paypal@example.com"]


def clean(kind, **fields):
    return payout_details.clean(kind, fields)


def errors(kind, **fields):
    with pytest.raises(ValidationError) as caught:
        payout_details.clean(kind, fields)
    return caught.value.message_dict


# --- What each kind needs ------------------------------------------------------------------


def test_bank_transfer_with_an_iban_keeps_what_it_needs_only():
    """A BIC or bank name sent with a bank transfer is dropped; the IBAN is compacted."""
    details = clean("bank", **BANK, bic="NWBKGB2L", bank_name="Any", bank_code="12-34-56")
    assert details == payout_details.PayoutDetails(
        kind="bank", holder_name="Fionn Holder", bank_country="GB", iban=IBAN
    )


def test_bank_transfer_with_an_account_number_needs_a_bank_code():
    fields = {"holder_name": "Finn", "bank_country": "US", "account_number": "000123456789"}
    assert "bank_code" in errors("bank", **fields)
    details = clean("bank", **fields, bank_code="021000021")
    assert (details.account_number, details.bank_code) == ("000123456789", "021000021")


@pytest.mark.parametrize(
    ("iban", "message"),
    [
        ("GB82 WEST 1234 5698 7654 33", "check digits do not match"),
        ("GB82WEST", "country code, two check digits"),
        ("ZZ82 WEST 1234 5698 7654 32", "not a country code"),
    ],
)
def test_bad_iban_is_refused(iban, message):
    assert message in errors("bank", **{**BANK, "iban": iban})["iban"][0]


def test_iban_from_another_country_than_the_bank_is_refused():
    assert "not the bank country" in errors("bank", **{**BANK, "bank_country": "FR"})["iban"][0]


def test_iban_and_account_number_together_are_refused():
    found = errors("bank", **BANK, account_number="12345678", bank_code="400000")
    assert "not both" in found["iban"][0]


def test_bank_transfer_needs_holder_country_and_account():
    assert set(errors("bank")) == {"holder_name", "bank_country", "iban"}


def test_wire_needs_bank_name_and_a_valid_bic():
    details = clean("wire", **WIRE)
    assert (details.bic, details.bank_name, details.iban[:4]) == (
        "DEUTDEFF500",
        "Beispielbank",
        "DE89",
    )
    assert set(errors("wire", **{**WIRE, "bank_name": "", "bic": ""})) == {"bank_name", "bic"}


@pytest.mark.parametrize(
    ("bic", "message"),
    [("DEUT", "8 or 11 letters"), ("DEUTZZFF", "not"), ("NWBKGB2L", "not the bank country")],
)
def test_bad_bic_is_refused(bic, message):
    assert message in errors("wire", **{**WIRE, "bic": bic})["bic"][0]


def test_paypal_needs_a_valid_email_and_nothing_else():
    assert "email" in errors("paypal", email="not-an-address")
    details = clean("paypal", email="finn.paypal@example.com", iban=IBAN, holder_name="Finn")
    assert details == payout_details.PayoutDetails(kind="paypal", email="finn.paypal@example.com")


def test_control_characters_are_refused():
    assert "holder_name" in errors("bank", **{**BANK, "holder_name": "Finn\nFreelancer"})


# --- Sealed at rest ------------------------------------------------------------------------


def _raw_row(method_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM gigs_payoutmethod WHERE id = %s", [method_id])
        return " ".join(str(value) for value in cursor.fetchone())


def test_the_database_never_holds_the_plain_values(freelancer):
    """The row keeps the last four and a masked e-mail; IBAN, holder and e-mail are sealed."""
    bank = profiles.payout_method_add(user=freelancer, kind="bank", fields=BANK)
    paypal = profiles.payout_method_add(
        user=freelancer, kind="paypal", fields={"email": "finn.paypal@example.com"}
    )
    for method, plain in ((bank, [IBAN, "Fionn Holder"]), (paypal, ["finn.paypal"])):
        row = _raw_row(method.pk)
        assert all(value not in row for value in plain), row
    assert (bank.account_last4, paypal.email_masked) == ("5432", "f•••@example.com")
    assert encryption.unseal(PayoutMethod.objects.get(pk=bank.pk).sealed)["iban"] == IBAN


def test_keys_rotate(settings):
    """Sealed under the old key, details read while it is listed second and, once resealed,
    under the new key alone."""
    old, new = (encryption.Fernet.generate_key().decode() for _ in range(2))
    settings.PAYOUT_DETAILS_KEYS = [old]
    token = encryption.seal({"iban": IBAN})
    settings.PAYOUT_DETAILS_KEYS = [new]
    with pytest.raises(encryption.Unreadable):
        encryption.unseal(token)
    settings.PAYOUT_DETAILS_KEYS = [new, old]
    assert encryption.unseal(token) == {"iban": IBAN}
    resealed = encryption.reseal(token)
    settings.PAYOUT_DETAILS_KEYS = [new]
    assert encryption.unseal(resealed) == {"iban": IBAN}


def test_without_keys_the_secret_key_derives_one(settings):
    """The embedded profile seals with a key from SECRET_KEY; another SECRET_KEY cannot read."""
    settings.PAYOUT_DETAILS_KEYS = []
    token = encryption.seal({"iban": IBAN})
    assert encryption.unseal(token) == {"iban": IBAN}
    settings.SECRET_KEY = "another-secret-key-entirely"
    with pytest.raises(encryption.Unreadable):
        encryption.unseal(token)


def test_rotate_command_reseals_every_row(settings, freelancer, earn):
    old, new = (encryption.Fernet.generate_key().decode() for _ in range(2))
    settings.PAYOUT_DETAILS_KEYS = [old]
    method = profiles.payout_method_add(user=freelancer, kind="bank", fields=BANK)
    earn(freelancer, "milestone:1", 6_000)
    payout = payouts.payout_create(
        freelancer=freelancer, method_id=method.pk, amount=1_000, currency="GBP"
    )
    settings.PAYOUT_DETAILS_KEYS = [new, old]
    out = io.StringIO()
    call_command("payout_details_rotate", stdout=out)
    assert "resealed 1 payout methods, 1 pending payouts" in out.getvalue()
    settings.PAYOUT_DETAILS_KEYS = [new]
    method.refresh_from_db()
    payout.refresh_from_db()
    assert encryption.unseal(method.sealed)["iban"] == IBAN
    assert encryption.unseal(payout.sealed_details)["iban"] == IBAN


def test_values_never_reach_the_logs(client, freelancer, staff_user, earn, caplog):
    caplog.set_level(logging.DEBUG)
    client.force_login(freelancer)
    client.post(reverse("freelancers:payout_add"), {"kind": "bank", **BANK})
    client.post(reverse("freelancers:payout_add"), {"kind": "bank", **BANK, "iban": "GB00 1"})
    earn(freelancer, "milestone:1", 6_000)
    payout = payouts.payout_create(
        freelancer=freelancer,
        method_id=PayoutMethod.objects.get().pk,
        amount=1_000,
        currency="GBP",
    )
    client.force_login(staff_user)
    client.get(reverse("admin:gigs_payout_change", args=[payout.pk]))
    assert IBAN not in caplog.text
    assert "Fionn Holder" not in caplog.text


# --- Forms, ownership and old methods -------------------------------------------------------


def test_form_shows_the_field_error(client, freelancer):
    client.force_login(freelancer)
    response = client.post(
        reverse("freelancers:payout_add"), {"kind": "bank", **BANK, "iban": "GB82 WEST 0"}
    )
    assert response.status_code == 400
    assert "An IBAN is a country code" in response.text
    assert not PayoutMethod.objects.exists()


def test_someone_elses_method_cannot_be_rewritten(client, freelancer, stranger):
    theirs = PayoutMethodFactory.create(profile=FreelancerProfileFactory.create(user=stranger))
    before = theirs.sealed
    client.force_login(freelancer)
    url = reverse("freelancers:payout_edit", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "bank", **BANK}).status_code == 404
    with pytest.raises(Exception, match="No such payout method"):
        profiles.payout_method_update(user=freelancer, method_id=theirs.pk, fields=BANK)
    theirs.refresh_from_db()
    assert theirs.sealed == before


def test_method_without_details_is_refused_until_they_are_entered(client, freelancer, earn):
    """An account recorded with only its last four characters cannot be paid to; once the
    freelancer enters the details again, it can."""
    legacy = PayoutMethodFactory.create(profile=freelancer.freelancer_profile, legacy=True)
    earn(freelancer, "milestone:1", 6_000)
    with pytest.raises(LedgerError) as refused:
        payouts.payout_create(
            freelancer=freelancer, method_id=legacy.pk, amount=1_000, currency="GBP"
        )
    assert "enter its full details again" in refused.value.message_dict["method"][0]
    assert not Payout.objects.exists()
    client.force_login(freelancer)
    page = client.get(reverse("freelancers:edit")).text
    assert "Details needed" in page
    assert "(details needed)" in client.get(reverse("balance:overview")).text
    response = client.post(reverse("freelancers:payout_edit", args=[legacy.pk]), BANK)
    assert response.status_code == 302
    legacy.refresh_from_db()
    assert not legacy.details_needed
    assert (
        payouts.payout_create(
            freelancer=freelancer, method_id=legacy.pk, amount=1_000, currency="GBP"
        ).method_label
        == "Bank transfer •••• 5432"
    )


def test_a_wire_method_is_added_through_the_form(client, freelancer):
    client.force_login(freelancer)
    response = client.post(reverse("freelancers:payout_add"), {"kind": "wire", **WIRE})
    assert response.status_code == 302
    method = PayoutMethod.objects.get()
    assert (method.kind, method.bic, method.bank_country, method.account_last4) == (
        "wire",
        "DEUTDEFF500",
        "DE",
        "3000",
    )


# --- Masked for users, full for staff on a pending payout ----------------------------------


@pytest.fixture
def pending(freelancer, earn):
    method = profiles.payout_method_add(user=freelancer, kind="bank", fields=BANK)
    profiles.payout_method_add(
        user=freelancer, kind="paypal", fields={"email": "finn.paypal@example.com"}
    )
    earn(freelancer, "milestone:1", 6_000)
    return payouts.payout_create(
        freelancer=freelancer, method_id=method.pk, amount=1_000, currency="GBP"
    )


def _shows_no_secret(text):
    leaked = [value for value in SECRETS if value in text]
    assert not leaked, leaked


def test_every_page_and_answer_shows_methods_masked(
    client, freelancer, staff_user, pending, django_capture_on_commit_callbacks
):
    """Profile editor, public page, balance, API, the paid e-mail and the admin's lists show
    '•••• 5432' and 'f•••@example.com', never the account, holder or address."""
    client.force_login(freelancer)
    profile = freelancer.freelancer_profile
    pages = [
        client.get(reverse("freelancers:edit")).text,
        client.get(profile.get_absolute_url()).text,
        client.get(reverse("balance:overview")).text,
        client.get(reverse("freelancers:payout_edit", args=[pending.method_id])).text,
    ]
    api = APIClient()
    api.force_authenticate(freelancer)
    pages.append(api.get("/api/v1/balance/").content.decode())
    pages.append(api.get("/api/v1/balance/entries/").content.decode())
    client.force_login(staff_user)
    pages.append(client.get(reverse("admin:gigs_payout_changelist")).text)
    pages.append(client.get(reverse("admin:gigs_freelancerprofile_change", args=[profile.pk])).text)
    with django_capture_on_commit_callbacks(execute=True):
        payouts.payout_mark_paid(actor=staff_user, payout_id=pending.pk)
    pages.append(mail.outbox[-1].body)
    for text in pages:
        _shows_no_secret(text)
    assert "•••• 5432" in pages[0] and "f•••@example.com" in pages[0]
    assert "•••• 5432" in pages[2] and "•••• 5432" in pages[4]


def test_staff_see_full_details_on_a_pending_payout_and_it_is_recorded(client, staff_user, pending):
    client.force_login(staff_user)
    page = client.get(reverse("admin:gigs_payout_change", args=[pending.pk])).text
    assert "GB82 WEST 1234 5698 7654 32" in page
    assert "Fionn Holder" in page
    access = PayoutDetailsAccess.objects.get()
    assert (access.payout_id, access.viewer_id) == (pending.pk, staff_user.pk)
    # The page lists this very view among those who saw the details.
    assert str(staff_user) in page.split("Full details seen by")[1]


def test_details_are_gone_once_paid(client, staff_user, pending):
    payouts.payout_mark_paid(actor=staff_user, payout_id=pending.pk)
    pending.refresh_from_db()
    assert pending.sealed_details == ""
    client.force_login(staff_user)
    page = client.get(reverse("admin:gigs_payout_change", args=[pending.pk])).text
    _shows_no_secret(page)
    with pytest.raises(LedgerError, match="paid"):
        payouts.payout_details_reveal(actor=staff_user, payout_id=pending.pk)
    assert not PayoutDetailsAccess.objects.exists()


def test_only_staff_reveal_details(client, freelancer, pending):
    with pytest.raises(PermissionDenied):
        payouts.payout_details_reveal(actor=freelancer, payout_id=pending.pk)
    client.force_login(freelancer)
    response = client.get(reverse("admin:gigs_payout_change", args=[pending.pk]))
    assert response.status_code == 302
    _shows_no_secret(response.text)
    assert not PayoutDetailsAccess.objects.exists()


def test_payout_keeps_the_details_it_was_requested_with(freelancer, staff_user, pending):
    """Deleting the method afterwards leaves staff what they need to pay."""
    profiles.payout_method_delete(user=freelancer, method_id=pending.method_id)
    details = payouts.payout_details_reveal(actor=staff_user, payout_id=pending.pk)
    assert (details.iban, details.holder_name) == (IBAN, "Fionn Holder")


@pytest.mark.django_db(transaction=True)
def test_migration_seals_existing_rows_and_marks_accounts_as_needing_details():
    """Rows from before 0007 keep working: a PayPal address is sealed and masked, a bank
    account with only its last four needs its details, and both come back on the way down."""
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("gigs", "0006_gig_search_vector")], [("gigs", "0007_payout_details")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    User = apps.get_model("accounts", "User")
    Profile = apps.get_model("gigs", "FreelancerProfile")
    Method = apps.get_model("gigs", "PayoutMethod")
    user = User.objects.create(email="old@example.com")
    profile = Profile.objects.create(user=user, slug="old", headline="Old hand")
    paypal = Method.objects.create(profile=profile, kind="paypal", email="old.pp@example.com")
    bank = Method.objects.create(
        profile=profile, kind="bank", holder_name="Olga Old", account_last4="6819"
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    paypal_now, bank_now = (
        PayoutMethod.objects.get(pk=paypal.pk),
        PayoutMethod.objects.get(pk=bank.pk),
    )
    assert (paypal_now.masked, paypal_now.details_needed) == ("o•••@example.com", False)
    assert encryption.unseal(paypal_now.sealed) == {"email": "old.pp@example.com"}
    assert (bank_now.masked, bank_now.details_needed) == ("•••• 6819", True)
    assert "Olga" not in _raw_row(bank.pk)
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    restored = apps.get_model("gigs", "PayoutMethod").objects.get(pk=bank.pk)
    assert restored.holder_name == "Olga Old"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
