"""The one place the portal builds and sends e-mail: subjects are made safe here."""

import unicodedata
from collections.abc import Mapping, Sequence

from django.core.mail import EmailMessage, get_connection


def email_subject(text: str) -> str:
    """Return ``text`` on one line: line breaks and control characters become single spaces.

    A subject comes from stored text (a posting title, a search name) that may hold line
    breaks; Django refuses such a header with BadHeaderError, which would lose the e-mail.
    """
    spaced = "".join(
        " " if char.isspace() or unicodedata.category(char) == "Cc" else char for char in text
    )
    return " ".join(spaced.split())


def email_build(
    *,
    subject: str,
    body: str,
    to: Sequence[str],
    from_email: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    return EmailMessage(
        subject=email_subject(subject),
        body=body,
        from_email=from_email,
        to=list(to),
        headers=dict(headers or {}),
    )


def emails_send(messages: Sequence[EmailMessage]) -> int:
    """Send ``messages`` over one connection; return how many went out."""
    if not messages:
        return 0
    return get_connection().send_messages(list(messages)) or 0
