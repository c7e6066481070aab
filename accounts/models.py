"""The portal's user: signs in with an e-mail address, has a role and a public profile."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.validators import validate_multi_line, validate_single_line

if TYPE_CHECKING:
    from jobs.models import Company


class Role(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    RECRUITER = "recruiter", "Recruiter"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        if not (extra["is_staff"] and extra["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person using the portal. Staff are users with ``is_staff``; everyone else has a role."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CANDIDATE)

    name = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    headline = models.CharField(
        max_length=160,
        blank=True,
        help_text="One line, e.g. 'Business analyst moving into product'.",
        validators=[validate_single_line],
    )
    location = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
    years_of_experience = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    skills = models.TextField(
        blank=True,
        help_text="Comma-separated, e.g. 'SQL, user research, roadmapping'.",
        validators=[validate_multi_line],
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile")

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def is_recruiter(self) -> bool:
        return self.role == Role.RECRUITER

    @property
    def can_ask_to_recruit(self) -> bool:
        """Whether this user may ask staff to make them a company's recruiter: candidates only."""
        return self.is_active and not self.is_recruiter and not self.is_staff

    @property
    def skill_list(self) -> list[str]:
        return [skill.strip() for skill in self.skills.split(",") if skill.strip()]

    def recruits_for(self, company: Company) -> bool:
        """Whether this user writes postings on behalf of ``company``: one of its recruiters.

        Staff are not, unless they are on the company's team: they moderate its postings.
        """
        return (
            self.is_active and self.is_recruiter and company.recruiters.filter(pk=self.pk).exists()
        )

    def can_recruit_for(self, company: Company) -> bool:
        """Whether this user oversees ``company``'s postings and applicants: recruiters, staff."""
        return self.is_active and (self.is_staff or self.recruits_for(company))


class ProfileLink(models.Model):
    """A link shown on a profile: portfolio, LinkedIn, GitHub, a personal site."""

    MAX_PER_USER = 5

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=40, validators=[validate_single_line])
    url = models.URLField("URL", max_length=300, validators=[validate_single_line])

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.url}"


class RecruiterRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Declined"


class RecruiterRequest(models.Model):
    """A candidate asking to recruit for a company on pmportal, or for one new to it.

    Staff approve or decline it in the admin; approving a new company's request creates it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recruiter_requests")
    company = models.ForeignKey(
        "jobs.Company",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recruiter_requests",
        help_text="Empty when the applicant named a company new to pmportal.",
    )
    company_name = models.CharField(
        "new company's name", max_length=200, blank=True, validators=[validate_single_line]
    )
    company_website = models.URLField(
        "new company's website", blank=True, validators=[validate_single_line]
    )
    work_email = models.EmailField(
        "work e-mail address",
        help_text="At the company's own domain, so our staff can check you work there.",
        validators=[validate_single_line],
    )
    note = models.TextField(
        "your role",
        blank=True,
        help_text="Your job title and team, and anything else that helps us check, "
        "such as a LinkedIn page.",
        validators=[validate_multi_line],
    )
    status = models.CharField(
        max_length=20,
        choices=RecruiterRequestStatus.choices,
        default=RecruiterRequestStatus.PENDING,
    )
    rejection_reason = models.TextField(blank=True, validators=[validate_multi_line])
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status=RecruiterRequestStatus.PENDING),
                name="accounts_one_open_recruiter_request",
                violation_error_message="Your earlier request is still waiting for review: "
                "we will e-mail you the answer.",
            ),
            models.CheckConstraint(
                condition=Q(company__isnull=False) | ~Q(company_name=""),
                name="accounts_recruiter_request_names_a_company",
                violation_error_message="Pick your company from the list, or name a new one.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.company_label}"

    @property
    def company_label(self) -> str:
        return self.company.name if self.company else self.company_name

    @property
    def is_pending(self) -> bool:
        return self.status == RecruiterRequestStatus.PENDING
