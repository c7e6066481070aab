"""PostgreSQL only: triggers that keep observations current, cells read through COPY, and the
refresh seen from other connections: readers, a second refresh, and a refresh killed midway."""

import threading
from datetime import UTC, timedelta

import pytest
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from core.taxonomy import CompanySize, Industry, Level
from jobs.domain import PostingStatus
from jobs.models import JobPosting
from jobs.services.bulk import postings_bulk_insert
from salaries import aggregation, insights, selectors
from salaries.dimensions import CellKey
from salaries.models import BenchmarkCell, BenchmarkRefresh
from salaries.services import benchmarks_refresh
from tests.jobs.factories import SkillFactory

from .factories import company, salaried

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers and locks"),
    pytest.mark.django_db(transaction=True),
]

ALL_GBP = CellKey(currency="GBP")
WAIT = 20


def table() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT posting_id, value, currency, level, country, industry, company_size, "
            "technical, posted_at FROM salaries_salaryobservation"
        )
        return set(cursor.fetchall())


def derived() -> set[tuple]:
    """The observations a full rebuild would make; asserts the demand table agrees too."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT posting_id, posted_at, level, country, industry, company_size, "
            "remote_policy FROM salaries_demandposting"
        )
        demand = set(cursor.fetchall())
        cursor.execute(aggregation.DEMAND_SQL)
        assert demand == set(cursor.fetchall())
        cursor.execute(aggregation.OBSERVATIONS_SQL)
        return set(cursor.fetchall())


def cells() -> list[tuple]:
    return sorted(
        (c.currency, c.grouping, c.level, c.country, c.industry, c.company_size, c.technical,
         c.n, c.mean, c.p10, c.p25, c.p50, c.p75, c.p90)
        for c in BenchmarkCell.objects.all()
    )  # fmt: skip


def test_triggers_follow_every_kind_of_posting_write():
    """After each write the table equals what a full rebuild would derive."""
    posting = salaried(6_000_000, status=PostingStatus.DRAFT)
    assert table() == derived() == set()
    JobPosting.objects.filter(pk=posting.pk).update(status=PostingStatus.PUBLISHED)
    assert {row[0] for row in table()} == {posting.pk}
    JobPosting.objects.filter(pk=posting.pk).update(status=PostingStatus.EXPIRED, views=3)
    assert table() == derived()
    JobPosting.objects.filter(pk=posting.pk).update(status=PostingStatus.FILLED)
    assert table() == derived() == set()
    JobPosting.objects.filter(pk=posting.pk).update(status=PostingStatus.EXPIRED)
    JobPosting.objects.filter(pk=posting.pk).update(remote_policy="remote")
    assert table() == derived()
    posting.refresh_from_db()
    posting.salary_max = 9_000_000
    posting.save()
    assert table() == derived() and next(iter(table()))[1] == 7_500_000
    posting.company.industry, posting.company.size = Industry.BFSI, CompanySize.LARGE
    posting.company.save()
    assert table() == derived() and next(iter(table()))[5:7] == (Industry.BFSI, "large")
    original = salaried(5_000_000)
    JobPosting.objects.filter(pk=posting.pk).update(duplicate_of=original)
    assert table() == derived() and {row[0] for row in table()} == {original.pk}
    # Deleting the original frees its duplicate (SET_NULL): that one counts again.
    original.delete()
    assert table() == derived() and {row[0] for row in table()} == {posting.pk}


def unsaved(employer, slug: str, **fields) -> JobPosting:
    """A mid-level posting in Great Britain for postings_bulk_insert to save."""
    return JobPosting(
        title="Product Manager",
        slug=slug,
        company=employer,
        description="Own the roadmap.",
        level=Level.MID,
        country="GB",
        **fields,
    )


def test_bulk_loads_add_their_observations():
    """COPY-loaded postings (the demo and benchmark path) arrive in the table too."""
    employer = company()
    rows: list[tuple[JobPosting, list[int]]] = [
        (
            unsaved(
                employer,
                f"bulk-{n}",
                salary_min=5_000_000 + n,
                salary_max=6_000_000,
                salary_currency="GBP",
                status=PostingStatus.PUBLISHED,
                posted_at=timezone.now(),
            ),
            [],
        )
        for n in range(30)
    ]
    postings_bulk_insert(rows)
    assert len(table()) == 30 and table() == derived()


def skill_demand() -> set[tuple]:
    """The skill demand table's non-zero rows; asserts a rebuild would derive the same."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT skill_id, day, postings FROM salaries_skilldemand WHERE postings <> 0"
        )
        kept = set(cursor.fetchall())
        cursor.execute(aggregation.skill_demand_sql())
        assert kept == set(cursor.fetchall())
    return kept


def test_skill_demand_follows_skills_and_postings():
    """Each pair of a demand posting and one of its skills counts once on its posting's
    day, whichever arrived second, and stops counting when either goes."""
    sql, roadmaps = SkillFactory.create(name="SQL"), SkillFactory.create(name="Roadmaps")
    posted_at = timezone.now() - timedelta(days=2)
    day = posted_at.astimezone(UTC).date()
    posting = salaried(6_000_000, status=PostingStatus.PENDING, posted_at=posted_at)
    posting.skills.add(sql, roadmaps)
    assert skill_demand() == set()
    JobPosting.objects.filter(pk=posting.pk).update(status=PostingStatus.PUBLISHED)
    assert skill_demand() == {(sql.pk, day, 1), (roadmaps.pk, day, 1)}
    other = salaried(6_000_000, posted_at=posted_at)
    other.skills.add(sql)
    assert skill_demand() == {(sql.pk, day, 2), (roadmaps.pk, day, 1)}
    posting.skills.remove(roadmaps)
    assert skill_demand() == {(sql.pk, day, 2)}
    # A change of posting day moves its skills; closing keeps them (it was demand).
    JobPosting.objects.filter(pk=other.pk).update(
        posted_at=posted_at - timedelta(days=3), status=PostingStatus.FILLED
    )
    assert skill_demand() == {(sql.pk, day, 1), (sql.pk, day - timedelta(days=3), 1)}
    JobPosting.objects.filter(pk=posting.pk).update(duplicate_of=other)
    assert skill_demand() == {(sql.pk, day - timedelta(days=3), 1)}
    # Deleting the original makes its duplicate an original again (SET_NULL).
    other.delete()
    assert skill_demand() == {(sql.pk, day, 1)}
    aggregation.rebuild_tables()
    assert skill_demand() == {(sql.pk, day, 1)}
    posting.delete()
    assert skill_demand() == set()


def test_bulk_loads_count_their_skill_demand():
    """Postings copied in with their skills (the demo, benchmark and feed path) count once;
    a rebuild derives the same table."""
    sql, roadmaps = SkillFactory.create(name="SQL"), SkillFactory.create(name="Roadmaps")
    employer = company()
    rows = [
        (
            unsaved(
                employer,
                f"skilled-{n}",
                status=[PostingStatus.PUBLISHED, PostingStatus.PENDING][n % 2],
                posted_at=timezone.now() - timedelta(days=n % 3),
            ),
            [sql.pk, roadmaps.pk][: 1 + n % 2],
        )
        for n in range(12)
    ]
    postings_bulk_insert(rows)
    counted = skill_demand()
    assert sum(postings for skill, _, postings in counted if skill == sql.pk) == 6
    assert {skill for skill, _, _ in counted} == {sql.pk}
    aggregation.rebuild_tables()
    assert skill_demand() == counted


def test_cells_read_through_copy_match_cells_read_through_a_cursor(monkeypatch):
    """Several currencies (whole, hundredths, thousandths) and blank sizes: the binary COPY
    read and the portable cursor read make the same cells."""
    for n in range(60):
        salaried(
            4_000_000 + n * 37_501,
            currency=["GBP", "JPY", "BHD"][n % 3],
            level=[Level.MID, Level.SENIOR][n % 2],
            size=["", CompanySize.LARGE][n % 4 // 3],
        )
    benchmarks_refresh()
    copied = cells()
    assert {row[0] for row in copied} == {"GBP", "JPY", "BHD"}
    monkeypatch.setattr(aggregation, "reads_by_copy", lambda: False)
    benchmarks_refresh()
    assert cells() == copied


def isolation() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('transaction_isolation')")
        return cursor.fetchone()[0]


def test_the_refresh_reads_one_snapshot_and_ends_with_it(monkeypatch):
    """Cells and insights read the same snapshot (repeatable read); after the refresh
    commits, the connection is back to the server's isolation level."""
    salaried(5_000_000)
    seen = []
    real = insights.compute

    def recording(**kwargs):
        seen.append(isolation())
        return real(**kwargs)

    monkeypatch.setattr(insights, "compute", recording)
    before = isolation()
    benchmarks_refresh()
    assert seen == ["repeatable read"] != [before]
    assert isolation() == before


def work_mem() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('work_mem')")
        return cursor.fetchone()[0]


def test_the_refresh_hashes_in_its_own_work_mem_and_gives_it_back(monkeypatch):
    """The refresh's transaction has REFRESH_WORK_MEM; after it commits, the server's again.
    Inside a caller's transaction the caller's setting holds."""
    salaried(5_000_000)
    seen = []
    real = insights.compute

    def recording(**kwargs):
        seen.append(work_mem())
        return real(**kwargs)

    monkeypatch.setattr(insights, "compute", recording)
    before = work_mem()
    benchmarks_refresh()
    assert seen == [aggregation.REFRESH_WORK_MEM] != [before]
    assert work_mem() == before
    with transaction.atomic():
        benchmarks_refresh()
    assert seen[1:] == [before]


class PausedRefresh:
    """A refresh on its own thread that stops after writing its cells, before committing."""

    def __init__(self, monkeypatch):
        self.written = threading.Event()
        self.resume = threading.Event()
        self.error: BaseException | None = None
        self.backend_pid: int | None = None
        real = aggregation.write_cells

        def write_then_wait(refresh, rows):
            real(refresh, rows)
            if threading.current_thread() is self.thread:
                self.backend_pid = connection.connection.info.backend_pid
                self.written.set()
                assert self.resume.wait(WAIT)

        monkeypatch.setattr(aggregation, "write_cells", write_then_wait)
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        try:
            benchmarks_refresh()
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            self.error = error
        finally:
            connection.close()

    def start(self):
        self.thread.start()
        assert self.written.wait(WAIT)
        return self

    def finish(self):
        self.resume.set()
        self.thread.join(WAIT)


def all_gbp_n() -> int | None:
    """The number of observations in the all-GBP cell; None while there is no such cell."""
    cell = selectors.cell_for(ALL_GBP)
    return cell.n if cell else None


def read_on_another_connection():
    """What a page would read, on a fresh connection in another thread."""
    result = {}

    def read():
        try:
            result["n"] = all_gbp_n()
            result["refreshes"] = BenchmarkRefresh.objects.count()
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(WAIT)
    return result


def test_readers_see_the_old_table_until_the_refresh_commits(monkeypatch):
    for value in (5_000_000, 5_100_000, 5_200_000, 5_300_000, 5_400_000):
        salaried(value)
    benchmarks_refresh()
    salaried(9_000_000)
    paused = PausedRefresh(monkeypatch).start()
    assert read_on_another_connection() == {"n": 5, "refreshes": 1}
    paused.finish()
    assert paused.error is None
    assert read_on_another_connection() == {"n": 6, "refreshes": 2}


def test_a_second_refresh_waits_for_the_first(monkeypatch):
    salaried(6_000_000)
    paused = PausedRefresh(monkeypatch).start()
    second_done = threading.Event()

    def second():
        try:
            benchmarks_refresh()
            second_done.set()
        finally:
            connection.close()

    waiter = threading.Thread(target=second)
    waiter.start()
    assert not second_done.wait(1.5)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        assert cursor.fetchone()[0] == 1
    paused.finish()
    waiter.join(WAIT)
    assert second_done.is_set() and paused.error is None
    assert BenchmarkRefresh.objects.count() == 2
    assert set(BenchmarkCell.objects.values_list("refresh_id", flat=True)) == {
        BenchmarkRefresh.objects.latest().pk
    }


def test_a_killed_refresh_leaves_the_old_table(monkeypatch):
    """The refresh's backend is terminated after writing new cells: nothing of it remains."""
    for value in (5_000_000, 5_100_000, 5_200_000, 5_300_000, 5_400_000):
        salaried(value)
    benchmarks_refresh(now=timezone.now() - timedelta(minutes=5))
    before = cells()
    salaried(9_000_000)
    paused = PausedRefresh(monkeypatch).start()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [paused.backend_pid])
    paused.finish()
    assert isinstance(paused.error, OperationalError | InterfaceError)
    assert cells() == before
    assert BenchmarkRefresh.objects.count() == 1
    monkeypatch.undo()
    assert benchmarks_refresh().cells == len(before)
    assert all_gbp_n() == 6
