"""Companies that hire product managers, and the recruiters who act for them."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django_countries.fields import CountryField


class Industry(models.TextChoices):
    TELECOM = "telecom", "Telecom"
    SOFTWARE = "software", "IT and software"
    BFSI = "bfsi", "Banking, financial services and insurance"
    RETAIL = "retail", "Consumer goods and retail"
    MANUFACTURING = "manufacturing", "Manufacturing"
    HEALTHCARE = "healthcare", "Healthcare"
    EDUCATION = "education", "Education"
    ENERGY = "energy", "Energy and utilities"
    MEDIA = "media", "Media and entertainment"
    OTHER = "other", "Other"


class CompanySize(models.TextChoices):
    STARTUP = "startup", "Startup (1-50)"
    SMALL_MID = "small_mid", "Small and mid-size (51-1,000)"
    LARGE = "large", "Large (1,001-10,000)"
    ENTERPRISE = "enterprise", "Enterprise (10,000+)"


class Company(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    industry = models.CharField(max_length=20, choices=Industry.choices, default=Industry.OTHER)
    size = models.CharField(max_length=20, choices=CompanySize.choices, blank=True)
    country = CountryField("headquarters country", blank=True)
    description = models.TextField(blank=True)
    logo = models.ImageField(
        upload_to="company-logos/",
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
