"""allauth's e-mails (sign-up confirmation, password reset) get their subjects made safe too."""

from allauth.account.adapter import DefaultAccountAdapter

from outbox.mail import email_subject


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        return email_subject(super().format_email_subject(subject))
