"""Rebuild the salary benchmark table now, in this process."""

from django.core.management.base import BaseCommand

from salaries.services import benchmarks_refresh


class Command(BaseCommand):
    help = "Rebuild salary benchmark cells and market insights; print the counts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="First re-derive the observation and demand tables from the postings "
            "(on PostgreSQL triggers keep them current; use after restoring data with "
            "triggers disabled).",
        )

    def handle(self, *args, rebuild: bool = False, **options):
        self.stdout.write("Refreshing salary benchmarks...")
        refresh = benchmarks_refresh(rebuild_observations=rebuild)
        self.stdout.write(
            f"{refresh.cells} cells ({refresh.published_cells} published) from "
            f"{refresh.observations} observations in {refresh.duration_ms / 1000:.2f} s"
        )
