"""Validators for text people and feeds send: no control characters where text is kept."""

import re

from django.core.validators import RegexValidator

# What a URL's slug may hold (Django's slug path converter): a lookup of anything else
# answers 404 before it reaches the database, which may refuse it (NUL on PostgreSQL).
SLUG_PATTERN = "[-a-zA-Z0-9_]+"

# C0 controls (NUL, CR, LF, tab...), DEL and the C1 controls. PostgreSQL text cannot hold
# NUL at all; the rest break one-line displays, e-mail headers, CSV exports and feeds.
_CONTROL = r"\x00-\x1f\x7f-\x9f"
# Multi-line text keeps tabs and line breaks; browsers send a textarea's breaks as CRLF.
_CONTROL_BUT_BREAKS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"

validate_single_line = RegexValidator(
    re.compile(f"[{_CONTROL}]"),
    inverse_match=True,
    message="Write this on one line, without control characters.",
    code="control_characters",
)
validate_multi_line = RegexValidator(
    re.compile(f"[{_CONTROL_BUT_BREAKS}]"),
    inverse_match=True,
    message="Remove the control characters; line breaks and tabs are fine.",
    code="control_characters",
)
