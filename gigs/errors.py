"""What the ledger refuses, as validation errors a form or the API shows as they are."""

from django.core.exceptions import ValidationError


class LedgerError(ValidationError):
    """A request that would move money wrongly; nothing was written."""


class InvalidAmount(LedgerError):
    pass


class CurrencyMismatch(LedgerError):
    pass


class InsufficientFunds(LedgerError):
    pass


class AlreadySettled(LedgerError):
    """The subject already had this kind of settlement; the database allows one."""


class IdempotencyConflict(LedgerError):
    """The idempotency key was used before for a different request."""


class UnknownCurrency(LedgerError):
    pass


class NoRate(LedgerError):
    """No admin FX rate converts between the release's and the fee schedule's currencies."""
