"""How allauth names the client and words its e-mails, by the portal's own rules."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from core.http import client_address
from outbox.mail import email_subject


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        return email_subject(super().format_email_subject(subject))

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's own reading of X-Forwarded-For raises a server error on a request with
        # fewer entries than trusted proxies; the throttles' and the lockout's rule does not.
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address
