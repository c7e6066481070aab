"""Payout details sealed at rest with Fernet, under keys that can rotate.

PAYOUT_DETAILS_KEYS lists Fernet keys, newest first: the first seals, every one unseals, so
a new key goes in front and the old ones stay until `manage.py payout_details_rotate` has
resealed every row. Without the setting one key is derived from SECRET_KEY, so the embedded
profile and CI need nothing new; changing SECRET_KEY then makes sealed details unreadable.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Binds the derived key to this one use, so it never equals a key derived elsewhere.
DERIVATION_INFO = b"pmportal payout details v1"


class Unreadable(Exception):
    """Sealed with a key the settings no longer list, or not a sealed value at all."""


def _derived_key() -> bytes:
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=DERIVATION_INFO).derive(
        settings.SECRET_KEY.encode()
    )
    return base64.urlsafe_b64encode(raw)


def _fernet() -> MultiFernet:
    keys = [key.encode() for key in settings.PAYOUT_DETAILS_KEYS] or [_derived_key()]
    return MultiFernet([Fernet(key) for key in keys])


def seal(values: Mapping[str, str]) -> str:
    """The values as one token; empty values are left out, no values seal to ''."""
    kept = {name: value for name, value in values.items() if value}
    if not kept:
        return ""
    return _fernet().encrypt(json.dumps(kept, sort_keys=True).encode()).decode()


def unseal(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        return dict(json.loads(_fernet().decrypt(token.encode())))
    except (InvalidToken, ValueError) as error:
        raise Unreadable(
            "The sealed payout details cannot be read with the current keys."
        ) from error


def reseal(token: str) -> str:
    """The token sealed again under the first key, for rotation; '' stays ''."""
    if not token:
        return ""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise Unreadable(
            "The sealed payout details cannot be read with the current keys."
        ) from error
