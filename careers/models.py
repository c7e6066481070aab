"""The skill taxonomy shared by job postings, profiles and career guides."""

from django.db import models


class SkillCategory(models.TextChoices):
    BUSINESS = "business", "Soft and business"
    TECHNICAL = "technical", "Technical"


class Skill(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    category = models.CharField(
        max_length=20, choices=SkillCategory.choices, default=SkillCategory.BUSINESS
    )
    description = models.TextField(blank=True)
    synonyms = models.TextField(
        blank=True,
        help_text="Comma-separated phrases that mean this skill in postings and profiles.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def synonym_list(self) -> list[str]:
        return [phrase.strip() for phrase in self.synonyms.split(",") if phrase.strip()]
