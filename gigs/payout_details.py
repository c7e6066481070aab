"""What each payout method needs for staff to pay to it, checked and normalised; no database.

Only what a kind needs is kept: a bank transfer is a holder, a bank country, and an IBAN or
an account number with its bank code (sort code, routing number); a wire adds the bank's name
and SWIFT/BIC; PayPal is the account's e-mail. Everything else a form sends is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core.countries import country_codes, country_name
from core.validators import validate_single_line
from gigs.domain import PayoutKind

# The values sealed at rest; the others (kind, bank country, name and BIC) name a bank, not
# a person or an account.
SEALED = ("holder_name", "iban", "account_number", "bank_code", "email")

_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
_BIC = re.compile(r"^[A-Z]{4}(?P<country>[A-Z]{2})[A-Z0-9]{2}(?:[A-Z0-9]{3})?$")
_ACCOUNT = re.compile(r"^[A-Z0-9]{4,34}$")
_BANK_CODE = re.compile(r"^[A-Z0-9]{3,15}$")
# Spaces and hyphens people type between groups ("12-34-56", "GB29 NWBK ...").
_SEPARATORS = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class PayoutDetails:
    kind: str
    holder_name: str = ""
    bank_country: str = ""
    bank_name: str = ""
    bic: str = ""
    iban: str = ""
    account_number: str = ""
    bank_code: str = ""
    email: str = ""

    def sealed(self) -> dict[str, str]:
        values = asdict(self)
        return {name: values[name] for name in SEALED}

    @property
    def account(self) -> str:
        return self.iban or self.account_number

    def lines(self) -> list[tuple[str, str]]:
        """Label and value of every detail given, in the order a payment form asks them."""
        labels = [
            ("holder_name", "Account holder"),
            ("email", "PayPal e-mail"),
            ("bank_name", "Bank"),
            ("bank_country", "Bank country"),
            ("bic", "SWIFT/BIC"),
            ("iban", "IBAN"),
            ("account_number", "Account number"),
            ("bank_code", "Bank code (sort code, routing number)"),
        ]
        values = asdict(self)
        if self.iban:
            values["iban"] = iban_grouped(self.iban)
        if self.bank_country:
            values["bank_country"] = f"{country_name(self.bank_country)} ({self.bank_country})"
        return [(label, values[name]) for name, label in labels if values[name]]


def compact(value: str) -> str:
    return _SEPARATORS.sub("", value).upper()


def iban_grouped(iban: str) -> str:
    """'GB29 NWBK 6016 1331 9268 19', as banks print it."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def iban_error(iban: str) -> str | None:
    """Why ``iban`` (compacted) is not an IBAN: its shape, country or ISO 7064 checksum."""
    if not _IBAN.match(iban):
        return "An IBAN is a country code, two check digits and up to 30 letters or digits."
    if iban[:2] not in country_codes():
        return f"{iban[:2]} is not a country code, so this is not an IBAN."
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    if int(number) % 97 != 1:
        return "This IBAN's check digits do not match: check it for a typing mistake."
    return None


def bic_error(bic: str) -> str | None:
    found = _BIC.match(bic)
    if not found:
        return "A SWIFT/BIC is 8 or 11 letters and digits, such as NWBKGB2L."
    if found["country"] not in country_codes():
        return f"Letters 5 and 6 of a SWIFT/BIC are a country code; {found['country']} is not."
    return None


def last_four(details: PayoutDetails) -> str:
    return details.account[-4:]


def clean(kind: str, raw: Mapping[str, str]) -> PayoutDetails:
    """The details ``kind`` needs from ``raw``, normalised; a ValidationError per bad field."""
    errors: dict[str, list[str]] = {}

    def text(name: str) -> str:
        value = (raw.get(name) or "").strip()
        try:
            validate_single_line(value)
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
        return value

    def need(name: str, value: str, message: str) -> str:
        if not value:
            errors.setdefault(name, []).append(message)
        return value

    if kind == PayoutKind.PAYPAL:
        email = need("email", text("email"), "Give the e-mail address of your PayPal account.")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.setdefault("email", []).append("Enter a valid e-mail address.")
        if errors:
            raise ValidationError(errors)
        return PayoutDetails(kind=kind, email=email)
    if kind not in (PayoutKind.BANK, PayoutKind.WIRE):
        raise ValidationError({"kind": ["Pick bank transfer, PayPal or wire."]})

    holder = need("holder_name", text("holder_name"), "Give the name on the account.")
    country = need(
        "bank_country", text("bank_country").upper(), "Say which country the bank is in."
    )
    if country and country not in country_codes():
        errors.setdefault("bank_country", []).append("Pick the bank's country from the list.")
    iban = compact(text("iban"))
    account = compact(text("account_number"))
    bank_code = compact(text("bank_code"))
    if iban and account:
        errors.setdefault("iban", []).append("Give an IBAN or an account number, not both.")
    elif iban:
        if message := iban_error(iban):
            errors.setdefault("iban", []).append(message)
        elif country and iban[:2] != country:
            errors.setdefault("iban", []).append(
                f"This IBAN is for a bank in {iban[:2]}, not the bank country given."
            )
    elif account:
        if not _ACCOUNT.match(account):
            errors.setdefault("account_number", []).append(
                "An account number is 4 to 34 letters and digits."
            )
    else:
        errors.setdefault("iban", []).append("Give the IBAN, or the account number.")

    bank_name = bic = ""
    if kind == PayoutKind.BANK:
        if account and not iban:
            need("bank_code", bank_code, "Give the bank code (sort code, routing number).")
            if bank_code and not _BANK_CODE.match(bank_code):
                errors.setdefault("bank_code", []).append(
                    "A bank code is 3 to 15 letters and digits."
                )
        if iban:
            bank_code = ""
    else:
        bank_name = need("bank_name", text("bank_name"), "Give the name of the bank.")
        bic = need("bic", compact(text("bic")), "Give the bank's SWIFT/BIC.")
        if bic:
            if message := bic_error(bic):
                errors.setdefault("bic", []).append(message)
            elif country and bic[4:6] != country:
                errors.setdefault("bic", []).append(
                    f"This SWIFT/BIC is for a bank in {bic[4:6]}, not the bank country given."
                )
        bank_code = ""
    if errors:
        raise ValidationError(errors)
    return PayoutDetails(
        kind=kind,
        holder_name=holder,
        bank_country=country,
        bank_name=bank_name,
        bic=bic,
        iban=iban,
        account_number="" if iban else account,
        bank_code=bank_code,
    )
