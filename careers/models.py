"""Career guides for aspiring product managers and the skill taxonomy the whole portal shares.

Paths are ordered lists of steps, each with a "do this next" checklist; the role ladder
describes each level from associate PM to CPO; certifications and resources are curated
by staff in admin; skill demand is computed from the job board; progress is per user.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from core.money import format_money, is_currency
from core.taxonomy import Level
from core.validators import validate_multi_line, validate_single_line

# Routes under /careers/ that a path's slug must not shadow.
RESERVED_PATH_SLUGS = {"certifications", "resources", "faq", "skill-gap", "progress", "checklist"}

# Where the salary benchmarks and the job board list one level (their query string contract).
SALARIES_URL = "/salaries/"
JOBS_URL = "/jobs/"


class SkillCategory(models.TextChoices):
    BUSINESS = "business", "Soft and business"
    TECHNICAL = "technical", "Technical"


class Skill(models.Model):
    name = models.CharField(max_length=80, unique=True, validators=[validate_single_line])
    slug = models.SlugField(max_length=80, unique=True)
    category = models.CharField(
        max_length=20, choices=SkillCategory.choices, default=SkillCategory.BUSINESS
    )
    description = models.TextField(blank=True, validators=[validate_multi_line])
    synonyms = models.TextField(
        blank=True,
        help_text="Comma-separated phrases that mean this skill in postings and profiles.",
        validators=[validate_multi_line],
    )
    holders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="profile_skills",
        help_text="People who list this skill on their profile.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def synonym_list(self) -> list[str]:
        return [phrase.strip() for phrase in self.synonyms.split(",") if phrase.strip()]


class CareerPath(models.Model):
    title = models.CharField(max_length=120, validators=[validate_single_line])
    slug = models.SlugField(max_length=80, unique=True)
    audience = models.CharField(
        max_length=200,
        help_text="Who the path is for, in one line: 'You already work in ...'.",
        validators=[validate_single_line],
    )
    summary = models.TextField(
        help_text="Two or three sentences shown on the overview.", validators=[validate_multi_line]
    )
    body = models.TextField(
        blank=True,
        help_text="Markdown: the introduction on the path page.",
        validators=[validate_multi_line],
    )
    typical_duration = models.CharField(
        max_length=120,
        blank=True,
        help_text="How long the whole path usually takes.",
        validators=[validate_single_line],
    )
    duration_source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who published the duration figure, when it is not pmportal's own.",
        validators=[validate_single_line],
    )
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who published the steps of this path; blank when they are pmportal's own.",
        validators=[validate_single_line],
    )
    guidance = models.TextField(
        blank=True,
        help_text="Markdown: pmportal's own advice, shown under the Our guidance label.",
        validators=[validate_multi_line],
    )
    variant_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="variants",
        help_text="Set when this is a variant of another path: it is not counted as a path.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("careers:path", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.slug in RESERVED_PATH_SLUGS:
            raise ValidationError({"slug": f"'{self.slug}' is the address of another page."})
        if self.variant_of_id is not None and self.variant_of_id == self.pk:
            raise ValidationError({"variant_of": "A path cannot be a variant of itself."})


class CertificationFormat(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"
    HYBRID = "hybrid", "Hybrid"


class CertificationLevel(models.TextChoices):
    FOUNDATION = "foundation", "Foundation"
    PRACTITIONER = "practitioner", "Practitioner"
    ADVANCED = "advanced", "Advanced"


class Certification(models.Model):
    name = models.CharField(max_length=200, validators=[validate_single_line])
    slug = models.SlugField(max_length=200, unique=True)
    provider = models.CharField(
        max_length=200,
        blank=True,
        help_text="Leave blank until the provider is confirmed.",
        validators=[validate_single_line],
    )
    url = models.URLField("URL", max_length=300, blank=True, validators=[validate_single_line])
    description = models.TextField(
        blank=True,
        help_text="Markdown: what it covers, how it runs.",
        validators=[validate_multi_line],
    )
    format = models.CharField(
        max_length=20,
        choices=CertificationFormat.choices,
        blank=True,
        help_text="Blank while the provider has not said.",
    )
    duration_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Typical weeks to complete; blank while not stated."
    )
    cost = models.BigIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Minor units (pence, cents); 0 for free, blank when unknown.",
    )
    currency = models.CharField(max_length=3, blank=True, validators=[validate_single_line])
    level = models.CharField(
        max_length=20,
        choices=CertificationLevel.choices,
        blank=True,
        help_text="Blank while the provider has not said.",
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="certifications")
    is_active = models.BooleanField("active", default=True)
    is_featured = models.BooleanField("featured", default=False)
    order = models.PositiveSmallIntegerField(default=100, help_text="Lower shows first.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_featured", "order", "id"]
        indexes = [
            models.Index(
                fields=["is_active", "-is_featured", "order", "id"], name="careers_cert_list"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.currency = self.currency.upper()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.currency and not is_currency(self.currency):
            raise ValidationError({"currency": f"{self.currency} is not an ISO 4217 code."})
        if self.cost and not self.currency:
            raise ValidationError({"currency": "Say which currency the cost is in."})

    # What the page and the admin show for a fact nobody has stated: never a guess.
    @property
    def format_label(self) -> str:
        return self.get_format_display() if self.format else "Format not stated"

    @property
    def cost_label(self) -> str:
        if self.cost is None:
            return "Cost not stated"
        if self.cost == 0:
            return "Free"
        return format_money(self.cost, self.currency)

    @property
    def duration_label(self) -> str:
        weeks = self.duration_weeks
        if weeks is None:
            return "Duration not stated"
        # Whole months of the year (13, 26, 39 weeks) read as the providers state them.
        if weeks >= 13 and weeks * 12 % 52 == 0:
            return f"{weeks * 12 // 52} months"
        return f"{weeks} week{'' if weeks == 1 else 's'}"

    @property
    def level_label(self) -> str:
        return self.get_level_display() if self.level else "Level not stated"


class ResourceKind(models.TextChoices):
    COURSE = "course", "Course"
    GUIDE = "guide", "Guide"
    TOOL = "tool", "Tool"
    BOOK = "book", "Book"
    COMMUNITY = "community", "Website or community"
    TEMPLATE = "template", "Template"


class Resource(models.Model):
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    title = models.CharField(max_length=200, validators=[validate_single_line])
    author = models.CharField(
        "author or provider", max_length=200, blank=True, validators=[validate_single_line]
    )
    url = models.URLField("URL", max_length=300, blank=True, validators=[validate_single_line])
    description = models.CharField(max_length=300, blank=True, validators=[validate_single_line])
    skills = models.ManyToManyField(Skill, blank=True, related_name="resources")
    is_free = models.BooleanField(
        "free",
        null=True,
        blank=True,
        help_text="Blank while no source says whether it costs money.",
    )
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["kind", "order", "title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "title"], name="careers_resource_unique_title")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def price_label(self) -> str:
        """Empty while no source has said whether it costs money: never a guess."""
        if self.is_free is None:
            return ""
        return "Free" if self.is_free else "Paid"


class CareerStep(models.Model):
    path = models.ForeignKey(CareerPath, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=160, validators=[validate_single_line])
    slug = models.SlugField(max_length=80)
    summary = models.CharField(max_length=300, validators=[validate_single_line])
    body = models.TextField(
        help_text="Markdown; rendered through the sanitizer.", validators=[validate_multi_line]
    )
    guidance = models.TextField(
        blank=True,
        help_text="Markdown: pmportal's own advice, shown under the Our guidance label.",
        validators=[validate_multi_line],
    )
    typical_duration = models.CharField(
        max_length=80, blank=True, validators=[validate_single_line]
    )
    duration_source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who published the duration; blank shows it as pmportal's guidance.",
        validators=[validate_single_line],
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="steps")
    certifications = models.ManyToManyField(Certification, blank=True, related_name="steps")
    resources = models.ManyToManyField(Resource, blank=True, related_name="steps")

    class Meta:
        ordering = ["path", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["path", "slug"], name="careers_step_unique_slug")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("careers:step", kwargs={"path_slug": self.path.slug, "slug": self.slug})


class ChecklistItem(models.Model):
    """One concrete "do this next" action of a step."""

    step = models.ForeignKey(CareerStep, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(max_length=300, validators=[validate_single_line])
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["step", "order", "id"]

    def __str__(self) -> str:
        return self.text


class RoleLevel(models.Model):
    """One rung of the product career ladder, keyed by the job board's level code."""

    level = models.CharField(max_length=20, choices=Level.choices, unique=True)
    title = models.CharField(max_length=120, validators=[validate_single_line])
    order = models.PositiveSmallIntegerField(default=0)
    owns = models.TextField(
        help_text="Markdown: what someone in this role is responsible for.",
        validators=[validate_multi_line],
    )
    competencies = models.TextField(
        help_text="Markdown: what is expected to be promoted into it.",
        validators=[validate_multi_line],
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="role_levels")
    years_min = models.PositiveSmallIntegerField("typical years from", null=True, blank=True)
    years_max = models.PositiveSmallIntegerField("typical years to", null=True, blank=True)
    years_source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who published the years figure, if not pmportal.",
        validators=[validate_single_line],
    )
    next_level = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.years_min is not None
            and self.years_max is not None
            and self.years_min > self.years_max
        ):
            raise ValidationError({"years_max": "The range ends before it starts."})
        if self.next_level_id is not None and self.next_level_id == self.pk:
            raise ValidationError({"next_level": "A level cannot lead to itself."})

    @property
    def years_label(self) -> str:
        if self.years_min is None and self.years_max is None:
            return ""
        if self.years_max is None:
            return f"{self.years_min}+ years"
        if self.years_min is None:
            return f"up to {self.years_max} years"
        return f"{self.years_min}-{self.years_max} years"

    @property
    def salaries_url(self) -> str:
        return f"{SALARIES_URL}?level={self.level}"

    @property
    def jobs_url(self) -> str:
        return f"{JOBS_URL}?level={self.level}"


class FAQ(models.Model):
    question = models.CharField(max_length=200, validators=[validate_single_line])
    answer = models.TextField(help_text="Markdown.", validators=[validate_multi_line])
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who the answer's facts come from (a publisher, or pmportal for how the "
        "portal works).",
        validators=[validate_single_line],
    )
    is_guidance = models.BooleanField(
        "our guidance",
        default=False,
        help_text="The answer is pmportal's own advice: the page labels it so.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question

    def clean(self) -> None:
        if not self.source and not self.is_guidance:
            raise ValidationError(
                {"source": "Name where the answer comes from, or mark it as our guidance."}
            )


class SkillDemand(models.Model):
    """How many live postings ask for a skill, at one level or at every level (level "").

    Rebuilt as a whole by services.skill_demand_refresh from the job board; pages read
    these rows instead of counting postings on every request.
    """

    ALL_LEVELS = ""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="demand")
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    postings = models.PositiveIntegerField(help_text="Published postings asking for the skill.")
    sample_size = models.PositiveIntegerField(help_text="Published postings at this level.")
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["level", "-postings", "skill_id"]
        constraints = [
            models.UniqueConstraint(fields=["skill", "level"], name="careers_demand_unique")
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} at {self.level or 'all levels'}: {self.postings}"

    @property
    def share(self) -> float:
        return self.postings / self.sample_size if self.sample_size else 0.0


class DemandSnapshot(models.Model):
    """When demand was last computed and how many postings it covered, per level ("" = all).

    Kept apart from SkillDemand so a level with postings but no skill still has its sample size.
    """

    level = models.CharField(max_length=20, choices=Level.choices, blank=True, unique=True)
    sample_size = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["level"]

    def __str__(self) -> str:
        return f"{self.level or 'all levels'}: n={self.sample_size}"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


class StepProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_progress"
    )
    step = models.ForeignKey(CareerStep, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=20, choices=ProgressStatus.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "step"], name="careers_step_progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.step_id}: {self.status}"


class ChecklistProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checklist_progress"
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=20, choices=ProgressStatus.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="careers_item_progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.item_id}: {self.status}"
