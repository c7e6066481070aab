"""Companies that hire product managers and the roles they post."""

from __future__ import annotations

import os
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from core.countries import country_name
from core.money import format_money, is_currency
from core.taxonomy import CompanySize, Industry, Level, RemotePolicy, SalaryPeriod
from core.validators import validate_multi_line, validate_single_line

from . import domain, logos
from .domain import PostingStatus
from .logos import LogoField
from .managers import PostingQuerySet
from .salary_bounds import salary_errors
from .taxonomy import EmploymentType


class PrivateStorage(FileSystemStorage):
    """Uploads only access-checked views serve (résumés): under PRIVATE_MEDIA_ROOT, no URL.

    The folder is read from settings on every use, so it follows setting changes.
    """

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through an access-checked view.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Company(models.Model):
    name = models.CharField(max_length=200, validators=[validate_single_line])
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True, validators=[validate_single_line])
    industry = models.CharField(max_length=20, choices=Industry.choices, default=Industry.OTHER)
    size = models.CharField(max_length=20, choices=CompanySize.choices, blank=True)
    country = CountryField("headquarters country", blank=True)
    description = models.TextField(blank=True, validators=[validate_multi_line])
    logo = LogoField(
        upload_to=logos.UPLOAD_TO,
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"])],
    )
    verified = models.BooleanField(
        default=False, help_text="Verified companies' postings skip moderation."
    )
    recruiters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="companies", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name


# The postings the board lists (PostingQuerySet.on_board), and the columns its filters read.
ON_BOARD = Q(status=PostingStatus.PUBLISHED, duplicate_of__isnull=True)
LIST_FILTER_COLUMNS = ["company", "country", "city", "level", "technical", "remote_policy",
                       "employment_type", "salary_currency"]  # fmt: skip


class ApplyMethod(models.TextChoices):
    ONSITE = "onsite", "Apply on pmportal"
    URL = "url", "Apply on the company's site"
    EMAIL = "email", "Apply by e-mail"


class JobPosting(models.Model):
    title = models.CharField(max_length=200, validators=[validate_single_line])
    slug = models.SlugField(max_length=240, unique=True)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="postings")
    description = models.TextField(help_text="Markdown.", validators=[validate_multi_line])
    description_html = models.TextField(editable=False, default="")

    level = models.CharField(max_length=20, choices=Level.choices)
    technical = models.BooleanField("technical PM role", default=False)
    employment_type = models.CharField(
        max_length=20, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    remote_policy = models.CharField(
        max_length=20, choices=RemotePolicy.choices, default=RemotePolicy.ONSITE
    )
    applicant_countries = CountryField(
        multiple=True,
        blank=True,
        help_text="For remote roles: the countries applicants must live in (empty: anywhere).",
    )
    city = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
    region = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
    country = CountryField()

    salary_min = models.BigIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0)], help_text="Minor units."
    )
    salary_max = models.BigIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0)], help_text="Minor units."
    )
    salary_currency = models.CharField(max_length=3, blank=True, validators=[validate_single_line])
    salary_period = models.CharField(
        max_length=10, choices=SalaryPeriod.choices, default=SalaryPeriod.YEAR
    )
    salary_min_annual = models.BigIntegerField(null=True, editable=False)
    salary_max_annual = models.BigIntegerField(null=True, editable=False)

    skills = models.ManyToManyField("careers.Skill", related_name="postings", blank=True)
    # Skill names as text, kept beside the relation so the search vector can weigh them.
    skills_text = models.TextField(blank=True, editable=False)

    apply_method = models.CharField(
        max_length=10, choices=ApplyMethod.choices, default=ApplyMethod.ONSITE
    )
    apply_url = models.URLField(
        "application URL", max_length=500, blank=True, validators=[validate_single_line]
    )
    apply_email = models.EmailField(
        "application e-mail", blank=True, help_text="Where applications go; not your login."
    )

    status = models.CharField(
        max_length=20, choices=PostingStatus.choices, default=domain.STARTING_STATUS
    )
    rejection_reason = models.TextField(blank=True, validators=[validate_multi_line])
    posted_at = models.DateTimeField(null=True, blank=True)
    valid_through = models.DateTimeField(null=True, blank=True)
    expiry_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When a feed run last listed the posting, and when a snapshot of its source first left
    # it out (cleared when a snapshot lists it again). Empty for postings people write.
    last_seen_at = models.DateTimeField(null=True, blank=True, editable=False)
    unlisted_at = models.DateTimeField(
        "no longer listed by the source since", null=True, blank=True, editable=False
    )

    source = models.CharField(
        max_length=60, blank=True, default="", validators=[validate_single_line]
    )
    external_id = models.CharField(
        max_length=200, blank=True, default="", validators=[validate_single_line]
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    # Normalized company, title, place and salary: equal keys within 30 days are duplicates.
    dedupe_key = models.CharField(max_length=64, db_index=True, editable=False, default="")
    # Digest of what a feed last said about an ingested posting: equal digests, nothing to update.
    content_hash = models.CharField(max_length=64, blank=True, editable=False, default="")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="postings_created",
    )
    views = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Maintained by a database trigger on PostgreSQL (see jobs/search/postgres.py); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="jobs_posting_unique_source_external_id",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="jobs_posting_salary_min_not_above_max",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-posted_at", "-id"], name="jobs_posting_board"),
            models.Index(fields=["status", "valid_through"], name="jobs_posting_expiry"),
            # The board's list pages, newest or best paid first: partial to live postings and
            # carrying every column a list filter reads, so a page's rows are found from the
            # index alone (jobs.search.board_page) and only the rows shown are read.
            models.Index(
                fields=["-posted_at", "-id"],
                include=[*LIST_FILTER_COLUMNS, "salary_max_annual"],
                condition=ON_BOARD,
                name="jobs_posting_live_newest",
            ),
            models.Index(
                fields=["-salary_max_annual", "-id"],
                include=[*LIST_FILTER_COLUMNS, "posted_at"],
                condition=ON_BOARD & Q(salary_max_annual__isnull=False),
                name="jobs_posting_live_salary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company_id and self.company.name}"

    def save(self, *args, **kwargs) -> None:
        self.description_html = domain.description_html(self.description)
        salary = domain.salary_fields(
            salary_min=self.salary_min,
            salary_max=self.salary_max,
            salary_currency=self.salary_currency,
            salary_period=self.salary_period,
        )
        self.salary_currency = salary["salary_currency"]
        self.salary_min_annual = salary["salary_min_annual"]
        self.salary_max_annual = salary["salary_max_annual"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        has_salary = self.salary_min is not None or self.salary_max is not None
        if self.salary_currency and not is_currency(self.salary_currency):
            errors["salary_currency"] = f"{self.salary_currency} is not an ISO 4217 currency code."
        elif has_salary and not self.salary_currency:
            errors["salary_currency"] = "Say which currency the salary is in."
        amounts = (self.salary_min, self.salary_max)
        # An amount that is not a whole number already has its field's error.
        if all(amount is None or type(amount) is int for amount in amounts):
            errors |= salary_errors(
                salary_min=self.salary_min,
                salary_max=self.salary_max,
                currency=self.salary_currency,
                period=self.salary_period,
            )
        if self.apply_method == ApplyMethod.URL and not self.apply_url:
            errors["apply_url"] = "Give the address where candidates apply."
        if self.apply_method == ApplyMethod.EMAIL and not self.apply_email:
            errors["apply_email"] = "Give the e-mail address that receives applications."
        if self.applicant_countries and self.remote_policy == RemotePolicy.ONSITE:
            errors["applicant_countries"] = "Applicant locations apply to remote or hybrid roles."
        if self.posted_at and self.valid_through and self.valid_through <= self.posted_at:
            errors["valid_through"] = "A posting must stay open after it is posted."
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status == PostingStatus.PUBLISHED

    @property
    def is_closed(self) -> bool:
        return self.status in {PostingStatus.EXPIRED, PostingStatus.FILLED}

    @property
    def is_unlisted(self) -> bool:
        """Closed because its source's snapshot no longer lists it."""
        return self.status == PostingStatus.EXPIRED and self.unlisted_at is not None

    @property
    def is_editable(self) -> bool:
        return domain.allows(self.status, "edited")

    @property
    def is_submittable(self) -> bool:
        return domain.allows(self.status, "submitted")

    @property
    def is_archivable(self) -> bool:
        return domain.allows(self.status, "archived")

    @property
    def is_repostable(self) -> bool:
        return domain.allows(self.status, "reposted")

    @property
    def has_salary(self) -> bool:
        return self.salary_min is not None or self.salary_max is not None

    @property
    def salary_label(self) -> str:
        """'GBP 60,000 - 80,000 per year', in the posting's own currency and period."""
        if not self.has_salary:
            return ""
        amounts = [
            format_money(value, self.salary_currency)
            for value in (self.salary_min, self.salary_max)
            if value is not None
        ]
        if len(amounts) == 2 and self.salary_min != self.salary_max:
            text = f"{amounts[0]} - {amounts[1].split(' ', 1)[1]}"
        else:
            text = amounts[0]
        return f"{text} {self.get_salary_period_display()}"

    @property
    def location_label(self) -> str:
        place = ", ".join(part for part in (self.city, country_name(self.country.code)) if part)
        if self.remote_policy == RemotePolicy.REMOTE:
            return f"Remote ({place})" if place else "Remote"
        if self.remote_policy == RemotePolicy.HYBRID:
            return f"Hybrid, {place}"
        return place


class BoardSettings(models.Model):
    """Job-board rules staff can change in admin; one row."""

    posting_validity_days = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(1)], help_text="How long a posting stays live."
    )
    expiry_warning_days = models.PositiveSmallIntegerField(
        default=3, help_text="Recruiters are warned this many days before a posting expires."
    )

    class Meta:
        verbose_name = verbose_name_plural = "job board settings"

    def __str__(self) -> str:
        return "Job board settings"

    @classmethod
    def load(cls) -> BoardSettings:
        board, _ = cls.objects.get_or_create(pk=1)
        return board

    @property
    def validity(self) -> timedelta:
        return timedelta(days=self.posting_validity_days)


class PostingComment(models.Model):
    """A message between moderators and the posting's recruiters, shown in admin and dashboard."""

    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    body = models.TextField(validators=[validate_multi_line])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.posting_id}"


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam or scam"
    NOT_PM = "not_pm", "Not a product management role"
    MISLEADING = "misleading", "Misleading salary or details"
    CLOSED = "closed", "The role is no longer open"
    OTHER = "other", "Something else"


class PostingReport(models.Model):
    """A signed-in user's flag on a posting, queued for staff."""

    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    details = models.TextField(blank=True, max_length=2000, validators=[validate_multi_line])
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resolved", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "reporter"], name="jobs_report_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.posting_id}"


class ApplicationStatus(models.TextChoices):
    NEW = "new", "New"
    REVIEWED = "reviewed", "Reviewed"
    SHORTLISTED = "shortlisted", "Shortlisted"
    REJECTED = "rejected", "Not selected"
    HIRED = "hired", "Hired"


def resume_path(instance: Application, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"resumes/{instance.posting_id}/{secrets.token_hex(16)}.{extension}"


class Application(models.Model):
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="applications")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    cover_note = models.TextField(max_length=5000, validators=[validate_multi_line])
    # Stored outside MEDIA_ROOT's public URL; served by an access-checked view.
    resume = models.FileField(storage=private_storage, upload_to=resume_path, max_length=200)
    resume_name = models.CharField(max_length=200, validators=[validate_single_line])
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.NEW
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "candidate"], name="jobs_application_once_per_posting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} for {self.posting_id}"


class AlertFrequency(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Once a week"
    NEVER = "never", "No e-mails; keep the search"


class SavedSearch(models.Model):
    """A job search a user follows; new matches arrive in a digest, daily or weekly."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=120, validators=[validate_single_line])
    query = models.CharField(
        max_length=1000, help_text="The /jobs/ query string.", validators=[validate_single_line]
    )
    frequency = models.CharField(
        "e-mail new matches",
        max_length=10,
        choices=AlertFrequency.choices,
        default=AlertFrequency.DAILY,
        validators=[validate_single_line],
    )
    unsubscribe_token = models.CharField(max_length=43, unique=True, default=_new_token)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "saved searches"

    def __str__(self) -> str:
        return self.name


class FeedFormat(models.TextChoices):
    AUTO = "auto", "Detect from the content"
    JSONLD = "jsonld", "schema.org JobPosting (JSON-LD)"
    JSONL = "jsonl", "JSON lines, one JobPosting per line"
    GREENHOUSE = "greenhouse", "Greenhouse job board API"
    LEVER = "lever", "Lever postings API"
    CSV = "csv", "CSV with the documented header"


class FeedRunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    # A snapshot that would close too many postings closed none: staff confirm or wait.
    NEEDS_REVIEW = "needs_review", "Needs review"


# Feeds that always list every open job of their board.
SNAPSHOT_FORMATS = frozenset({FeedFormat.GREENHOUSE, FeedFormat.LEVER})


class FeedSource(models.Model):
    """A feed of postings staff registered: where it lives, how often to read it, whom to trust.

    Its name is the ``source`` of the postings it brings, so a posting is known again by
    (source, external id) on every later run.
    """

    name = models.SlugField(
        max_length=60, unique=True, help_text="Stored as the source of the postings it brings."
    )
    format = models.CharField(max_length=20, choices=FeedFormat.choices, default=FeedFormat.AUTO)
    url = models.URLField(
        "feed URL",
        max_length=500,
        blank=True,
        help_text="Leave empty for feeds that are uploaded.",
        validators=[validate_single_line],
    )
    company_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The employer, for Greenhouse and Lever boards, whose postings do not name it.",
        validators=[validate_single_line],
    )
    interval_minutes = models.PositiveIntegerField(
        "run every (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(15)],
        help_text="Empty: only when staff run it.",
    )
    trusted = models.BooleanField(
        default=False, help_text="Postings from a trusted feed are published without moderation."
    )
    active = models.BooleanField(default=True)
    snapshot = models.BooleanField(
        default=False,
        help_text="Each run lists every open job of the source, so postings a run leaves out "
        "are closed. Greenhouse and Lever feeds always do; tick it for JSON-LD, JSON-lines "
        "and CSV feeds that are complete exports, not lists of changes.",
    )

    last_run_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_run_status = models.CharField(
        max_length=20, choices=FeedRunStatus.choices, blank=True, editable=False
    )
    last_created = models.PositiveIntegerField(default=0, editable=False)
    last_updated = models.PositiveIntegerField(default=0, editable=False)
    last_unchanged = models.PositiveIntegerField(default=0, editable=False)
    last_duplicates = models.PositiveIntegerField(default=0, editable=False)
    last_rejected = models.PositiveIntegerField(default=0, editable=False)
    last_closed = models.PositiveIntegerField(default=0, editable=False)
    # When staff were first asked to review a snapshot's closing; cleared once it closes.
    review_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_report = models.TextField(
        blank=True, editable=False, help_text="The last run's summary and rejected records."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.interval_minutes and not self.url:
            raise ValidationError({"url": "A feed that runs on a schedule needs a URL to read."})
        # Runs of these formats are snapshots whatever the flag says; the form shows so.
        if self.format in SNAPSHOT_FORMATS:
            self.snapshot = True

    def takes_snapshots(self, format_name: str) -> bool:
        """Whether a run of this feed in ``format_name`` lists every open job."""
        return format_name in SNAPSHOT_FORMATS or self.snapshot

    def is_due(self, now: datetime) -> bool:
        if not (self.active and self.url and self.interval_minutes):
            return False
        if self.last_run_at is None:
            return True
        return self.last_run_at + timedelta(minutes=self.interval_minutes) <= now
