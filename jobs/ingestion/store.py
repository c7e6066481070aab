"""Writing validated postings, a batch per transaction.

For each batch: find the postings the source sent before by (source, external id);
an equal content digest means unchanged, a different one means updated, no match means
new. New postings get their company (matched by normalized name, created when
unknown), their skills, and duplicate detection against the board and the earlier
postings of the run, then go in with one bulk insert (COPY on PostgreSQL, where the
database trigger sets the search vector). Changed postings are updated in bulk. A batch
the database refuses is rolled back whole and its postings are tried one by one, so
one bad row costs only itself.

Every posting a batch names is marked seen by the run (``last_seen_at``); ``seen``
writes that for the unchanged ones and for the ids of records the run rejected.

On PostgreSQL outside a transaction, new and changed postings are written after the
batch's lookups commit, in parts over several connections: the search-vector trigger
and the indexes are most of a write's cost, and each connection has a core to run them.
"""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from functools import lru_cache

from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from careers.models import Skill
from careers.taxonomy import skill_lookup
from jobs import domain
from jobs.models import ApplyMethod, BoardSettings, Company, JobPosting
from jobs.services import dedupe
from jobs.services.bulk import (
    LOAD_CONNECTIONS,
    CopyRow,
    posting_ids,
    postings_copy,
    postings_update,
)

from . import seen
from .lookups import LOOKUP_CACHE_SIZE, normalize
from .records import Posting, Rejection, Report
from .stored import Stored, stored_postings

_slug = lru_cache(maxsize=LOOKUP_CACHE_SIZE)(slugify)

# Columns an update from the feed rewrites.
UPDATED_FIELDS = [
    "title", "description", "description_html", "company_id", "level", "technical",
    "employment_type", "remote_policy", "applicant_countries", "city", "region", "country",
    "salary_min", "salary_max", "salary_currency", "salary_period", "salary_min_annual",
    "salary_max_annual", "skills_text", "apply_method", "apply_url", "status",
    "rejection_reason", "posted_at", "valid_through", "expiry_warned_at", "duplicate_of_id",
    "dedupe_key", "content_hash", "updated_at", "last_seen_at", "unlisted_at",
]  # fmt: skip


# A changed posting's new column values (its id included), its skill ids, and the posting.
Update = tuple[dict, set[int], Posting]


class Store:
    """Writes one source's postings; keeps companies and skills in memory for the run.

    In a ``snapshot`` every posting the feed names is open now (jobs.domain.ingested_state).
    """

    def __init__(
        self, *, source: str, trusted: bool, snapshot: bool = False, now: datetime | None = None
    ) -> None:
        self.source = source
        self.trusted = trusted
        self.snapshot = snapshot
        self.now = now or timezone.now()
        self.validity = BoardSettings.load().validity
        self.skills = skill_lookup(Skill.objects.all())
        # Feeds name the same few hundred skills over and over: each name is looked up once.
        self.skill_names: dict[str, Skill | None] = {}
        self._load_companies()

    def write(self, postings: list[Posting]) -> Report:
        """Store a batch; where the database refuses it, posting by posting.

        Lookups, new companies and (inside a transaction, or on SQLite) the new and
        changed postings commit together. Otherwise the new postings are copied right
        after, then the changed ones updated, each in parts over several connections,
        and the postings of any part that fails are retried one by one.
        """
        in_parts = connection.vendor == "postgresql" and not connection.in_atomic_block
        try:
            with transaction.atomic():
                report, new_rows, updates = self._write(postings, copy=not in_parts)
        except (IntegrityError, DataError):
            # Companies created by the rolled-back transaction are gone again.
            self._load_companies()
            return self._one_by_one(postings)
        if new_rows:
            try:
                postings_copy([row for _, row in new_rows], connections=LOAD_CONNECTIONS)
            except (IntegrityError, DataError):
                report.add(self._retry_missing(report, new_rows))
        if updates:
            report.add(self._update_in_parts(updates))
        return report

    def seen(self, external_ids: list[str]) -> None:
        """Mark the stored postings with these ids seen by the run (records it rejected)."""
        seen.named_seen(source=self.source, external_ids=external_ids, now=self.now)

    def _one_by_one(self, postings: list[Posting]) -> Report:
        report = Report()
        for posting in postings:
            try:
                with transaction.atomic():
                    report.add(self._write([posting], copy=True)[0])
            except (IntegrityError, DataError) as error:
                self._load_companies()
                reason = f"could not be stored: {str(error).strip().splitlines()[0]}"
                report.rejections.append(Rejection(posting.number, reason))
        return report

    def _retry_missing(self, report: Report, new_rows: list[tuple[Posting, CopyRow]]) -> Report:
        """Take the postings of failed parts out of ``report`` and store them one by one."""
        ids = [fields["id"] for _, (fields, _) in new_rows]
        stored = set(JobPosting.objects.filter(pk__in=ids).values_list("pk", flat=True))
        missing = [
            (posting, fields) for posting, (fields, _) in new_rows if fields["id"] not in stored
        ]
        for _, fields in missing:
            if fields["duplicate_of_id"]:
                report.duplicates -= 1
            else:
                report.created -= 1
        return self._one_by_one([posting for posting, _ in missing])

    def _update_in_parts(self, updates: list[Update]) -> Report:
        """Apply updates over several connections, each part committed on its own; the
        postings of a part the database refuses are taken out of the count and stored
        one by one."""
        parts = [part for n in range(LOAD_CONNECTIONS) if (part := updates[n::LOAD_CONNECTIONS])]
        with ThreadPoolExecutor(max_workers=len(parts), thread_name_prefix="update") as pool:
            applied = [pool.submit(self._apply_on_own_connection, part) for part in parts]
        report = Report()
        for part, done in zip(parts, applied, strict=True):
            error = done.exception()
            if error is None:
                continue
            if not isinstance(error, IntegrityError | DataError):
                raise error
            report.updated -= len(part)
            report.add(self._one_by_one([posting for _, _, posting in part]))
        return report

    def _apply_on_own_connection(self, updates: list[Update]) -> None:
        """``_apply`` in a transaction of a worker thread's own connection, closed after."""
        try:
            with transaction.atomic():
                self._apply(updates)
        finally:
            connection.close()

    def _load_companies(self) -> None:
        self.companies: dict[str, tuple[int, str]] = {}
        self.company_slugs: set[str] = set()
        for pk, name, slug in Company.objects.order_by("pk").values_list("pk", "name", "slug"):
            self.companies.setdefault(normalize(name), (pk, name))
            self.company_slugs.add(slug)

    def _write(
        self, postings: list[Posting], *, copy: bool
    ) -> tuple[Report, list[tuple[Posting, CopyRow]], list[Update]]:
        """Classify and resolve; write the new and changed postings too, or return them
        to write."""
        report = Report()
        stored = stored_postings(
            source=self.source, external_ids={posting.external_id for posting in postings}
        )
        new: dict[str, Posting] = {}
        changed: dict[str, Posting] = {}
        unchanged: list[seen.Unchanged] = []
        for posting in postings:
            key = posting.external_id
            # The same id twice in one batch: the later record is an update of the earlier.
            pending = new if key in new else changed if key in changed else None
            if pending is not None:
                if pending[key].content_hash == posting.content_hash:
                    report.unchanged += 1
                else:
                    pending[key] = posting
                    report.updated += 1
            elif key not in stored:
                new[key] = posting
            elif stored[key].content_hash == posting.content_hash:
                unchanged.append((stored[key], posting))
                report.unchanged += 1
            else:
                changed[key] = posting
                report.updated += 1
        seen.unchanged_seen(
            unchanged,
            now=self.now,
            snapshot=self.snapshot,
            trusted=self.trusted,
            validity=self.validity,
        )
        if not (new or changed):
            return report, [], []
        companies = self._companies([*new.values(), *changed.values()])
        originals = dedupe.original_candidates(posting.dedupe_key for posting in new.values())
        new_rows = self._new_rows(list(new.values()), companies, originals)
        report.duplicates = sum(1 for _, (fields, _) in new_rows if fields["duplicate_of_id"])
        report.created = len(new_rows) - report.duplicates
        updates = self._updates([(stored[key], posting) for key, posting in changed.items()])
        if copy:
            postings_copy([row for _, row in new_rows])
            self._apply(updates)
            return report, [], []
        return report, new_rows, updates

    def _companies(self, postings: list[Posting]) -> dict[str, tuple[int, str]]:
        """Normalized company name -> (id, name), creating the companies not seen before."""
        unknown: dict[str, Company] = {}
        for posting in postings:
            key = posting.company_key
            if key not in self.companies and key not in unknown:
                unknown[key] = Company(
                    name=posting.company_name,
                    slug=self._free_slug(posting.company_name),
                    website=posting.company_website,
                    industry=posting.company_industry,
                    size=posting.company_size,
                    country=posting.country,
                )
        for key, company in zip(
            unknown, Company.objects.bulk_create(unknown.values()), strict=True
        ):
            self.companies[key] = (company.pk, company.name)
        return self.companies

    def _free_slug(self, name: str) -> str:
        base = slugify(name)[:180] or "company"
        slug, suffix = base, 2
        while slug in self.company_slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        self.company_slugs.add(slug)
        return slug

    def _new_rows(
        self,
        postings: list[Posting],
        companies: dict[str, tuple[int, str]],
        originals: dict[str, list[tuple[int, datetime]]],
    ) -> list[tuple[Posting, CopyRow]]:
        rows = []
        for posting, pk in zip(postings, posting_ids(len(postings)), strict=True):
            company_id, company_name = companies[posting.company_key]
            skill_ids, skills_text = self._skills(posting)
            fields = self._fields(posting, company_id, skills_text)
            moment = fields["posted_at"] or self.now
            original = domain.original_among(
                originals.get(fields["dedupe_key"], []), pk=pk, moment=moment
            )
            if original is None:
                # Later postings of the run may be re-posts of this one.
                originals.setdefault(fields["dedupe_key"], []).append((pk, moment))
            fields.update(
                id=pk,
                slug=domain.posting_slug(posting.title, company_name, pk),
                duplicate_of_id=original,
                source=self.source,
                external_id=posting.external_id,
                created_at=self.now,
            )
            rows.append((posting, (fields, skill_ids)))
        return rows

    def _fields(
        self,
        posting: Posting,
        company_id: int,
        skills_text: str,
        posted_before: datetime | None = None,
    ) -> dict:
        """Column values for a posting, derived ones included, dated and in its status
        (jobs.domain.ingested_state)."""
        status, posted_at, valid_through = domain.ingested_state(
            trusted=self.trusted,
            posted_at=posting.posted_at or posted_before,
            valid_through=posting.valid_through,
            now=self.now,
            validity=self.validity,
            listed=self.snapshot,
        )
        return {
            "title": posting.title,
            "description": posting.description,
            "description_html": posting.description_html,
            "company_id": company_id,
            "level": posting.level,
            "technical": posting.technical,
            "employment_type": posting.employment_type,
            "remote_policy": posting.remote_policy,
            "applicant_countries": ",".join(posting.applicant_countries),
            "city": posting.city,
            "region": posting.region,
            "country": posting.country,
            "salary_min": posting.salary_min,
            "salary_max": posting.salary_max,
            "salary_period": posting.salary_period,
            **domain.salary_fields(
                salary_min=posting.salary_min,
                salary_max=posting.salary_max,
                salary_currency=posting.salary_currency,
                salary_period=posting.salary_period,
            ),
            "skills_text": skills_text,
            "apply_method": ApplyMethod.URL if posting.apply_url else ApplyMethod.ONSITE,
            "apply_url": posting.apply_url,
            "status": status,
            "rejection_reason": "",
            "posted_at": posted_at,
            "valid_through": valid_through,
            "dedupe_key": posting.dedupe_key,
            "content_hash": posting.content_hash,
            "updated_at": self.now,
            "last_seen_at": self.now,
            "unlisted_at": None,
        }

    def _skills(self, posting: Posting) -> tuple[list[int], str]:
        """The ids and the text of the taxonomy skills a posting names (by name, slug or
        synonym); names the taxonomy does not know are dropped."""
        found: dict[int, Skill] = {}
        for name in posting.skills:
            skill = self._skill_named(name)
            if skill is not None:
                found[skill.pk] = skill
        return list(found), domain.skills_text(skill.name for skill in found.values())

    def _skill_named(self, name: str) -> Skill | None:
        if name not in self.skill_names:
            if len(self.skill_names) >= LOOKUP_CACHE_SIZE:
                self.skill_names.clear()
            self.skill_names[name] = self.skills.get(name.lower()) or self.skills.get(_slug(name))
        return self.skill_names[name]

    def _updates(self, changes: list[tuple[Stored, Posting]]) -> list[Update]:
        """New column values and skill ids for changed postings; statuses people chose and
        duplicate links stay unless the posting's key changed."""
        if not changes:
            return []
        # Only a posting whose key changed looks for its original again.
        originals = dedupe.original_candidates(
            posting.dedupe_key
            for stored, posting in changes
            if posting.dedupe_key != stored.dedupe_key
        )
        updates = []
        for stored, posting in changes:
            company_id, _ = self.companies[posting.company_key]
            skill_ids, skills_text = self._skills(posting)
            fields = self._fields(posting, company_id, skills_text, stored.posted_at)
            fields["status"] = domain.status_after_feed_update(stored.status, fields["status"])
            fields["expiry_warned_at"] = domain.expiry_warned_after(
                warned_at=stored.expiry_warned_at,
                valid_through=stored.valid_through,
                moved_to=fields["valid_through"],
            )
            fields["duplicate_of_id"] = stored.duplicate_of_id
            if fields["dedupe_key"] != stored.dedupe_key:
                moment = fields["posted_at"] or self.now
                fields["duplicate_of_id"] = domain.original_among(
                    originals.get(fields["dedupe_key"], []), pk=stored.pk, moment=moment
                )
            row = {"id": stored.pk, **fields}
            updates.append((row, set(skill_ids), posting))
        return updates

    def _apply(self, updates: list[Update]) -> None:
        if updates:
            postings_update([row for row, _, _ in updates], UPDATED_FIELDS)
            self._relink({row["id"]: skill_ids for row, skill_ids, _ in updates})

    def _relink(self, wanted: dict[int, set[int]]) -> None:
        """Give postings the skill links in ``wanted`` (posting id -> skill ids).

        Most updates leave a posting's skills as they were: only the postings whose
        links differ have theirs rewritten.
        """
        links = JobPosting.skills.through
        current: dict[int, set[int]] = defaultdict(set)
        pairs = links.objects.filter(jobposting_id__in=list(wanted))
        for posting_id, skill_id in pairs.values_list("jobposting_id", "skill_id"):
            current[posting_id].add(skill_id)
        stale = [pk for pk, skill_ids in wanted.items() if current[pk] != skill_ids]
        if not stale:
            return
        links.objects.filter(jobposting_id__in=stale).delete()
        links.objects.bulk_create(
            links(jobposting_id=pk, skill_id=skill_id) for pk in stale for skill_id in wanted[pk]
        )
