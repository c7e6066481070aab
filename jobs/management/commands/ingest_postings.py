"""Ingest a feed file of postings and say what became of every record."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from jobs.ingestion.formats import AUTO, PARSERS
from jobs.ingestion.records import FeedError, Report
from jobs.services.ingestion import UnregisteredSource, postings_ingest

SOURCE_MAX = 60
# A progress line at most this often (in records): a few dozen lines for a million.
PROGRESS_EVERY = 50_000


class Command(BaseCommand):
    help = (
        "Ingest postings from a feed file. Prints 'created N, updated N, unchanged N, "
        "duplicates N, rejected N, closed N', then one line per rejected record; progress goes to "
        "stderr. Exits 0 unless the file cannot be read at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The feed file.")
        parser.add_argument("--format", default=AUTO, choices=[AUTO, *PARSERS])
        parser.add_argument(
            "--source",
            help="Whose postings these are: a registered feed's name, or any name up to "
            f"{SOURCE_MAX} characters (default: the file's name).",
        )
        parser.add_argument(
            "--company",
            default="",
            help="The employer, for Greenhouse and Lever files, which do not name it.",
        )
        snapshot = parser.add_mutually_exclusive_group()
        snapshot.add_argument(
            "--snapshot",
            action="store_const",
            const=True,
            dest="snapshot",
            help="The file lists every open job of the registered --source: close the "
            "source's postings it leaves out (default: as the feed is registered).",
        )
        snapshot.add_argument(
            "--no-snapshot",
            action="store_const",
            const=False,
            dest="snapshot",
            help="The file lists changes only: close nothing, even for a snapshot feed.",
        )

    def handle(
        self,
        *args,
        path: str,
        format: str,
        source: str | None,
        company: str,
        snapshot: bool | None,
        **options,
    ):
        source = source if source is not None else slugify(Path(path).stem)[:SOURCE_MAX] or "feed"
        if not source or len(source) > SOURCE_MAX:
            raise CommandError(f"--source must be 1 to {SOURCE_MAX} characters.")
        started = time.monotonic()
        shown = 0

        def progress(read: int, report: Report) -> None:
            nonlocal shown
            if read - shown < PROGRESS_EVERY:
                return
            shown = read
            rate = read / max(time.monotonic() - started, 1e-9)
            self.stderr.write(f"  {read:,} records read ({rate:,.0f}/s): {report.summary()}")

        try:
            with open(path, "rb") as stream:
                report = postings_ingest(
                    stream=stream,
                    source=source,
                    format_name=format,
                    filename=path,
                    company=company,
                    progress=progress,
                    snapshot=snapshot,
                )
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from None
        except FeedError as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        except UnregisteredSource:
            raise CommandError(
                f"--snapshot and --no-snapshot need --source to name a registered feed; "
                f"no feed is registered as {source!r}."
            ) from None
        for line in report.lines():
            self.stdout.write(line)
