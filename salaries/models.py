"""Salary observations from postings, the benchmark cells built from them, FX rates and
editorial reference figures.

Semantics are fixed in DESIGN.md ("Salary benchmark semantics"): one observation per
eligible posting, cells for every combination of the five dimensions per currency, and
statistics in whole currency units, published only from ``MIN_OBSERVATIONS`` up.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_countries.fields import CountryField

from core.money import format_money, is_currency, validate_currency
from core.taxonomy import CompanySize, Industry, Level, RemotePolicy, SalaryPeriod
from core.validators import validate_single_line
from gigs.domain import BudgetType, GigCategory, budget_label
from jobs.salary_bounds import amount_error

from .codes import code_field
from .dimensions import DIMENSIONS, CellKey, bit
from .editorial import attribution_label

# A cell with fewer observations is stored (so a lookup can say why) but not published.
MIN_OBSERVATIONS = 5


class SalaryObservation(models.Model):
    """One eligible posting's salary: its annualized midpoint and the dimensions it counts in.

    Follows the postings as they change (database triggers on PostgreSQL, a rebuild at each
    refresh elsewhere: see salaries.aggregation); cells count the ones inside the window.
    """

    # No database constraint: bulk loads and rebuilds insert many rows at once, and a per-row
    # foreign-key check would cost more than the insert; triggers remove deleted postings.
    posting = models.OneToOneField(
        "jobs.JobPosting",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="salary_observation",
        db_constraint=False,
    )
    value = models.BigIntegerField(help_text="Annualized midpoint in minor units.")
    currency = models.CharField(max_length=3)
    level = models.CharField(max_length=20, choices=Level.choices)
    country = models.CharField(max_length=2)
    industry = models.CharField(max_length=20, choices=Industry.choices)
    company_size = models.CharField(max_length=20, choices=CompanySize.choices, blank=True)
    technical = models.BooleanField()
    posted_at = models.DateTimeField()
    # What a refresh reads (salaries.codes).
    currency_code = code_field("currency")
    level_code = code_field("level")
    country_code = code_field("country")
    industry_code = code_field("industry")
    company_size_code = code_field("company_size")

    class Meta:
        ordering = ["-posted_at"]

    def __str__(self) -> str:
        return f"{format_money(self.value, self.currency)} a year (posting {self.posting_id})"


class DemandPosting(models.Model):
    """One posting that went live, as market insights count demand: published, expired,
    filled or archived, never a draft, a rejected posting or a detected duplicate.

    Kept beside the postings like the observations, so insights read a narrow table.
    """

    posting = models.OneToOneField(
        "jobs.JobPosting",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="demand_entry",
        db_constraint=False,
    )
    posted_at = models.DateTimeField()
    level = models.CharField(max_length=20, choices=Level.choices)
    country = models.CharField(max_length=2)
    industry = models.CharField(max_length=20, choices=Industry.choices)
    company_size = models.CharField(max_length=20, choices=CompanySize.choices, blank=True)
    remote_policy = models.CharField(max_length=20, choices=RemotePolicy.choices)
    # What the insights read (salaries.codes).
    level_code = code_field("level")
    country_code = code_field("country")
    industry_code = code_field("industry")
    company_size_code = code_field("company_size")
    remote_policy_code = code_field("remote_policy")

    class Meta:
        ordering = ["-posted_at"]

    def __str__(self) -> str:
        return f"Posting {self.posting_id}, posted {self.posted_at:%Y-%m-%d}"


class SkillDemand(models.Model):
    """How many demand postings posted on one UTC day ask for one skill.

    Kept beside the demand table like it (triggers on the demand and posting-skill tables
    on PostgreSQL, a rebuild at each refresh elsewhere), so the insights' top skills add up
    a year of days instead of joining every posting's skills. A count that falls to zero
    keeps its row.
    """

    skill = models.ForeignKey(
        "careers.Skill", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    day = models.DateField()
    # No check that it stays positive: a failed check would refuse the posting write
    # that fired the trigger.
    postings = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["skill", "day"], name="salaries_skill_demand_day")
        ]

    def __str__(self) -> str:
        return f"Skill {self.skill_id}: {self.postings} postings on {self.day:%Y-%m-%d}"


class BenchmarkRefresh(models.Model):
    """One rebuild of the benchmark table: when, over which window, what it produced.

    The cells of the newest refresh are the only ones stored; older records stay for a
    while as a history of refresh sizes and timings, with the market insights each computed.
    """

    refreshed_at = models.DateTimeField(db_index=True)
    window_days = models.PositiveIntegerField()
    observations = models.PositiveIntegerField(default=0)
    cells = models.PositiveIntegerField(default=0)
    published_cells = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)
    insights = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-refreshed_at", "-id"]
        get_latest_by = ["refreshed_at", "id"]
        verbose_name_plural = "benchmark refreshes"
        permissions = [("refresh_benchmarks", "Can queue a benchmark refresh from the admin")]

    def __str__(self) -> str:
        return f"Refresh of {self.refreshed_at:%Y-%m-%d %H:%M} UTC ({self.cells} cells)"


class CellStatistics(models.Model):
    """What a published cell states: n, mean and the 10th-90th percentiles; the figures are
    null where n is below the minimum."""

    n = models.PositiveIntegerField()
    mean = models.BigIntegerField(null=True)
    p10 = models.BigIntegerField(null=True)
    p25 = models.BigIntegerField(null=True)
    p50 = models.BigIntegerField(null=True)
    p75 = models.BigIntegerField(null=True)
    p90 = models.BigIntegerField(null=True)

    class Meta:
        abstract = True

    @property
    def published(self) -> bool:
        return self.n >= MIN_OBSERVATIONS

    @property
    def stats(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in ("mean", "p10", "p25", "p50", "p75", "p90")}


class BenchmarkCell(CellStatistics):
    """Statistics of one cube position in one currency, in whole currency units."""

    # Written only by the refresh, in its own transaction, right after creating it: a
    # checked, indexed key would cost each refresh tens of thousands of row checks and
    # index entries. Deleting a refresh still deletes its cells (Django's cascade).
    refresh = models.ForeignKey(
        BenchmarkRefresh,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    refreshed_at = models.DateTimeField()
    currency = models.CharField(max_length=3)
    # Bit set of the dimensions that are "all" (see salaries.dimensions); such a
    # dimension's column holds "" (or False) and means nothing on its own.
    grouping = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True)
    industry = models.CharField(max_length=20, blank=True)
    company_size = models.CharField(max_length=20, blank=True)
    technical = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "grouping", "level", "country", "industry"]
                + ["company_size", "technical"],
                name="salaries_cell_unique_position",
            ),
            models.CheckConstraint(
                condition=Q(n__lt=MIN_OBSERVATIONS) | Q(p50__isnull=False),
                name="salaries_cell_published_has_stats",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key.describe()} ({self.currency}, n={self.n})"

    @property
    def key(self) -> CellKey:
        values = {
            dimension: (None if self.grouping & bit(dimension) else getattr(self, dimension))
            for dimension in DIMENSIONS
        }
        return CellKey(currency=self.currency, **values)

    def value_of(self, dimension: str) -> str | bool | None:
        """The cell's value for ``dimension``; None when the cell covers all of them."""
        return None if self.grouping & bit(dimension) else getattr(self, dimension)


class FxRate(models.Model):
    """An exchange rate staff set in admin: one unit of ``base`` buys ``rate`` units of ``quote``.

    Pages convert benchmark figures for display only, with the newest rate of a pair, and
    say so; cells themselves stay in the currency the postings paid in.
    """

    base = models.CharField(max_length=3, validators=[validate_currency])
    quote = models.CharField(max_length=3, validators=[validate_currency])
    rate = models.DecimalField(
        max_digits=20, decimal_places=8, validators=[MinValueValidator(Decimal("0.00000001"))]
    )
    as_of = models.DateField(help_text="The day the rate was quoted.")
    source = models.CharField(
        max_length=200,
        help_text="Where the rate comes from, shown beside converted figures.",
        validators=[validate_single_line],
    )

    class Meta:
        ordering = ["base", "quote", "-as_of"]
        verbose_name = "FX rate"
        constraints = [
            models.UniqueConstraint(fields=["base", "quote", "as_of"], name="salaries_fx_unique"),
            models.CheckConstraint(condition=~Q(base=models.F("quote")), name="salaries_fx_pair"),
        ]

    def __str__(self) -> str:
        return f"1 {self.base} = {self.rate.normalize():f} {self.quote} ({self.as_of:%Y-%m-%d})"

    def clean(self) -> None:
        self.base, self.quote = self.base.upper(), self.quote.upper()
        if self.base == self.quote:
            raise ValidationError({"quote": "A rate converts between two different currencies."})


class FigureKind(models.TextChoices):
    AVERAGE = "average", "Average salary"
    BASE = "base", "Annual base salary"
    NATIONAL_AVERAGE = "national_average", "National average salary"


# Publications older than this are not salary references any more, and none is from the future.
EARLIEST_AS_OF = 1990


class ReferenceFigure(models.Model):
    """A salary figure a named publisher reports, shown beside the computed cells, never in them.

    Each carries its provenance: the publisher, the publication that reports it second-hand
    (``intermediary``) and the year it dates from, so a page can say "AmbitionBox via
    KnowledgeHut, 2024".
    """

    title = models.CharField(
        max_length=200,
        help_text="What the figure describes, in the publisher's own wording of the role and "
        "level: the page shows this, not the portal's level names.",
        validators=[validate_single_line],
    )
    kind = models.CharField(
        max_length=20,
        choices=FigureKind.choices,
        default=FigureKind.AVERAGE,
        help_text="What the publisher calls the figure.",
    )
    country = CountryField(blank=True, help_text="Empty: the publisher names no country.")
    level = models.CharField(
        max_length=20,
        choices=Level.choices,
        blank=True,
        help_text="Which benchmark level the figure sits beside. Empty: every level.",
    )
    technical = models.BooleanField(
        "technical PM figure", default=False, help_text="The figure is for technical PM roles."
    )
    experience = models.CharField(
        max_length=100,
        blank=True,
        help_text="The experience the figure covers, as the publisher words it.",
        validators=[validate_single_line],
    )
    currency = models.CharField(max_length=3, validators=[validate_currency])
    low = models.BigIntegerField(null=True, blank=True, help_text="Minor units.")
    high = models.BigIntegerField(null=True, blank=True, help_text="Minor units.")
    average = models.BigIntegerField(null=True, blank=True, help_text="Minor units.")
    approximate = models.BooleanField(
        default=False, help_text="The publisher gives the figure as 'about'."
    )
    open_ended = models.BooleanField(
        default=False, help_text="The publisher gives the top of the range as 'and more'."
    )
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text="For example a typical bonus.",
        validators=[validate_single_line],
    )
    source = models.CharField(
        max_length=200,
        help_text="The publisher the figure comes from (or, with none named, what it is).",
        validators=[validate_single_line],
    )
    intermediary = models.CharField(
        max_length=200,
        blank=True,
        help_text="The publication that reports the publisher's figure. Empty: taken from the "
        "publisher directly.",
        validators=[validate_single_line],
    )
    # Nullable only for rows stored before provenance was recorded: validation requires it,
    # and pages leave undated figures out.
    as_of = models.PositiveSmallIntegerField(
        "as of (year)",
        null=True,
        help_text="The year the publication dates the figure.",
        validators=[MinValueValidator(EARLIEST_AS_OF)],
    )
    source_url = models.URLField(
        blank=True,
        help_text="The page the figure was taken from.",
        validators=[validate_single_line],
    )
    seed_key = models.SlugField(
        max_length=50,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Names a figure of the demo data, so seeding again updates it.",
    )
    display_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["display_order", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.attribution})"

    @property
    def attribution(self) -> str:
        return attribution_label(
            publisher=self.source, intermediary=self.intermediary, dated=self.as_of
        )

    def clean(self) -> None:
        self.currency = self.currency.upper()
        errors = {}
        if self.as_of is not None and self.as_of > timezone.now().year:
            errors["as_of"] = "The year is still to come."
        if self.currency and not is_currency(self.currency):
            errors["currency"] = f"{self.currency} is not an ISO 4217 currency code."
        if self.low is None and self.high is None and self.average is None:
            errors["average"] = "Give an average, a range, or both."
        if self.low is not None and self.high is not None and self.low > self.high:
            errors["high"] = "The top of the range is below its bottom."
        if self.open_ended and self.low is None:
            errors["open_ended"] = "An open-ended range needs its lower end."
        if is_currency(self.currency):
            # Figures are yearly, and as plausible as any salary on the board.
            for field in ("low", "high", "average"):
                amount = getattr(self, field)
                if type(amount) is int and (
                    error := amount_error(amount, currency=self.currency, period=SalaryPeriod.YEAR)
                ):
                    errors.setdefault(field, error)
        if errors:
            raise ValidationError(errors)

    @property
    def range_label(self) -> str:
        """'USD 95,000 - 130,000', 'USD 130,000 - 180,000 and more', 'up to USD 50,000'."""
        if self.low is not None and self.high is not None:
            top = format_money(self.high, self.currency).split(" ", 1)[1]
            text = f"{format_money(self.low, self.currency)} - {top}"
        elif self.low is not None:
            text = format_money(self.low, self.currency)
            if not self.open_ended:
                return f"from {text}"
        elif self.high is not None:
            return f"up to {format_money(self.high, self.currency)}"
        else:
            return ""
        return f"{text} and more" if self.open_ended else text

    @property
    def average_label(self) -> str:
        """'USD 89,536', or 'about AUD 67,000' for a figure the publisher rounds."""
        if self.average is None:
            return ""
        text = format_money(self.average, self.currency)
        return f"about {text}" if self.approximate else text


class FreelanceRateCell(CellStatistics):
    """Statistics of hires' prices (accepted proposals, bought offers) at one position, in
    minor units.

    A position is a rate type (the gig's budget type: hourly or fixed), a gig category or
    "all" (blank), a skill or "all" (null) and a currency; salaries.rates says what counts
    where. Figures are rounded to whole currency units like salary cells and stored in minor
    units like the prices they come from. Stored for every position with an observation,
    published from ``MIN_OBSERVATIONS`` up.
    """

    refresh = models.ForeignKey(BenchmarkRefresh, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField()
    rate_type = models.CharField(max_length=10, choices=BudgetType.choices)
    category = models.CharField(
        max_length=20, blank=True, choices=GigCategory.choices, help_text="Blank: every category."
    )
    skill = models.ForeignKey(
        "careers.Skill",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty: every skill.",
    )
    currency = models.CharField(max_length=3, validators=[validate_currency])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rate_type", "category", "skill", "currency"],
                condition=Q(skill__isnull=False),
                name="salaries_rate_unique_skill_position",
            ),
            models.UniqueConstraint(
                fields=["rate_type", "category", "currency"],
                condition=Q(skill__isnull=True),
                name="salaries_rate_unique_all_skills_position",
            ),
            models.CheckConstraint(
                condition=Q(n__lt=MIN_OBSERVATIONS) | Q(p50__isnull=False),
                name="salaries_rate_published_has_stats",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rate_type_display()} ({self.currency}, n={self.n})"

    @property
    def middle_half_label(self) -> str:
        """'GBP 70 – 95 an hour': the 25th to 75th percentile; empty while unpublished."""
        if self.p25 is None or self.p75 is None:
            return ""
        return budget_label(
            budget_min=self.p25,
            budget_max=self.p75,
            currency=self.currency,
            budget_type=self.rate_type,
        )
