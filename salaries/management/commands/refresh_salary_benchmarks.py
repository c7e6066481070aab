"""Rebuild the salary benchmark table now, in this process."""

from django.core.management.base import BaseCommand

from salaries.services import benchmarks_refresh


class Command(BaseCommand):
    help = "Rebuild salary observations, benchmark cells and market insights; print the counts."

    def handle(self, *args, **options):
        self.stdout.write("Refreshing salary benchmarks...")
        refresh = benchmarks_refresh()
        self.stdout.write(
            f"{refresh.cells} cells ({refresh.published_cells} published) from "
            f"{refresh.observations} observations in {refresh.duration_ms / 1000:.2f} s"
        )
