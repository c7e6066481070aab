"""Reseal every stored payout detail under the first of PAYOUT_DETAILS_KEYS."""

from typing import Any

from django.core.management.base import BaseCommand

from gigs.services.payouts import payout_details_reseal


class Command(BaseCommand):
    help = (
        "Reseal payout methods' and pending payouts' details under the first key of "
        "PAYOUT_DETAILS_KEYS; afterwards the older keys can be removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        methods, payouts = payout_details_reseal()
        self.stdout.write(f"resealed {methods} payout methods, {payouts} pending payouts")
