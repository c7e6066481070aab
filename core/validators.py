"""Validators for text people and feeds send: no control characters where text is kept."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# What a URL's slug may hold (Django's slug path converter): a lookup of anything else
# answers 404 before it reaches the database, which may refuse it (NUL on PostgreSQL).
SLUG_PATTERN = "[-a-zA-Z0-9_]+"

# C0 controls (NUL, CR, LF, tab...), DEL and the C1 controls. PostgreSQL text cannot hold
# NUL at all; the rest break one-line displays, e-mail headers, CSV exports and feeds.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Multi-line text keeps tabs and line breaks; browsers send a textarea's breaks as CRLF.
_CONTROL_BUT_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@deconstructible
class NoControlCharacters:
    """Refuse text that holds a control character; ``line_breaks`` keeps tab, CR and LF.

    Not a RegexValidator: the API schema turns those into a pattern the text must match,
    and this rule names characters the text must not hold.
    """

    code = "control_characters"

    def __init__(self, *, line_breaks: bool = False) -> None:
        self.line_breaks = line_breaks

    def __call__(self, value: Any) -> None:
        if self.line_breaks:
            pattern = _CONTROL_BUT_BREAKS
            message = "Remove the control characters; line breaks and tabs are fine."
        else:
            pattern = _CONTROL
            message = "Write this on one line, without control characters."
        if pattern.search(str(value)):
            raise ValidationError(message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoControlCharacters) and other.line_breaks == self.line_breaks

    def __hash__(self) -> int:
        return hash(self.line_breaks)


validate_single_line = NoControlCharacters()
validate_multi_line = NoControlCharacters(line_breaks=True)
