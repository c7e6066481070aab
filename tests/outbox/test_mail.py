"""E-mail building: whatever text a subject is made from, the header stays one line."""

import pytest
from allauth.account.adapter import get_adapter
from django.core import mail

from outbox.mail import email_build, email_subject, emails_send


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Product Manager", "Product Manager"),
        ("Product\nManager", "Product Manager"),
        ("Product\r\nManager", "Product Manager"),
        ("Product\rManager", "Product Manager"),
        ("  Product \n\n Manager  ", "Product Manager"),
        ("Product\x00Manager\x1b", "Product Manager"),
        ("Product\x7fManager\x85", "Product Manager"),
        ("Product\u2028Manager\u2029", "Product Manager"),
        ("Product\tManager\x0b\x0c", "Product Manager"),
        ("Produktmanager:in für Zahlungen", "Produktmanager:in für Zahlungen"),
    ],
)
def test_email_subject_is_one_line_without_control_characters(text, expected):
    """Line breaks, tabs and control characters become single spaces; other text is kept."""
    assert email_subject(text) == expected


@pytest.mark.parametrize("text", ["Hi\nBcc: victim@example.com", "Hi\r\nX-Injected: 1", "Hi\x00"])
def test_a_built_message_with_a_broken_subject_is_sent(text):
    """A subject from stored text never raises BadHeaderError: the message goes out."""
    sent = emails_send([email_build(subject=text, body="Body", to=["ada@example.com"])])
    assert sent == 1
    [message] = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.message()["Bcc"] is None
    assert message.to == ["ada@example.com"]


def test_sending_nothing_opens_no_connection():
    """An empty list sends nothing and reports zero."""
    assert emails_send([]) == 0
    assert mail.outbox == []


def test_allauth_subjects_are_one_line_with_the_prefix():
    """Sign-up and password e-mails from allauth keep their prefix and lose line breaks."""
    assert get_adapter().format_email_subject("Confirm\r\nyour\x00address") == (
        "[pmportal] Confirm your address"
    )
