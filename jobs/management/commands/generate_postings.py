"""Load N synthetic postings quickly, for benchmarks and load tests."""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.text import slugify

from careers.demo import seed_skills
from jobs.generator import company_pool, posting_rows
from jobs.models import Company, JobPosting
from jobs.services.bulk import BATCH_SIZE, LOAD_BATCH_SIZE, LOAD_CONNECTIONS, postings_load

# One company per this many postings, as on a board with many small employers.
POSTINGS_PER_COMPANY = 200


class Command(BaseCommand):
    help = "Generate realistic synthetic postings in bulk (source 'synthetic-<seed>')."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--connections",
            type=int,
            default=LOAD_CONNECTIONS,
            help="PostgreSQL connections copying at once; about one per database core.",
        )

    def handle(self, *args, count: int, seed: int, connections: int, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        if connections < 1:
            raise CommandError("--connections must be at least 1.")
        source = f"synthetic-{seed}"
        if JobPosting.objects.filter(source=source).exists():
            raise CommandError(f"Postings from {source} exist already; pick another --seed.")
        started = time.monotonic()
        skill_ids = [skill.pk for skill in seed_skills()]
        companies = self._companies(seed, max(1, count // POSTINGS_PER_COMPANY))
        rows = posting_rows(
            count=count,
            seed=seed,
            companies=companies,
            skill_ids=skill_ids,
            now=timezone.now(),
            source=source,
        )
        inserted = postings_load(self._progress(rows, count), connections=connections)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"generated {inserted} postings in {elapsed:.1f} s ({inserted / elapsed:,.0f}/s)"
        )

    def _companies(self, seed: int, count: int) -> list[Company]:
        rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data
        companies = [
            Company(
                name=spec.name,
                slug=f"{slugify(spec.name)}-s{seed}-{n}",
                industry=spec.industry,
                size=spec.size,
                country=spec.country,
            )
            for n, spec in enumerate(company_pool(rng, count))
        ]
        return Company.objects.bulk_create(companies, batch_size=BATCH_SIZE)

    def _progress(self, rows, total: int):
        step = max(total // 20, LOAD_BATCH_SIZE)
        for n, row in enumerate(rows, start=1):
            yield row
            if n % step == 0:
                self.stdout.write(f"  {n:,} / {total:,}")
