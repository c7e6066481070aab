"""How career content, skills and the skill gap look in the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from careers.models import (
    CareerPath,
    CareerStep,
    Certification,
    CertificationFormat,
    CertificationLevel,
    ChecklistItem,
    Resource,
    Skill,
)
from careers.selectors import posting_for_gap
from core.api import BlankAddressesMixin
from core.markdown import render_markdown
from core.taxonomy import Level

# The taxonomy is a few dozen skills; the cap keeps one request from naming thousands.
MAX_SKILLS = 200


class SkillSerializer(serializers.ModelSerializer):
    demand_n = serializers.IntegerField(
        read_only=True, help_text="Published postings that ask for the skill."
    )
    demand_share = serializers.FloatField(
        read_only=True, help_text="demand_n divided by all published postings (0 to 1)."
    )

    class Meta:
        model = Skill
        fields = ["slug", "name", "category", "demand_n", "demand_share"]


class SkillRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["slug", "name", "category"]


class UnstatedAsNullChoiceField(serializers.ChoiceField):
    """A choice the model keeps blank while nobody has stated it: null in the API, never ""."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        return super().to_representation(value) if value else None


class CertificationSerializer(BlankAddressesMixin, serializers.ModelSerializer):
    skills: serializers.SlugRelatedField[Skill] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    format = UnstatedAsNullChoiceField(
        choices=CertificationFormat.choices, help_text="Null while not stated."
    )
    duration_weeks = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Null while not stated."
    )
    cost = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Minor units; 0 is free, null not stated."
    )
    level = UnstatedAsNullChoiceField(
        choices=CertificationLevel.choices, help_text="Null while not stated."
    )

    class Meta:
        model = Certification
        fields = [
            "slug",
            "name",
            "provider",
            "url",
            "description",
            "format",
            "duration_weeks",
            "cost",
            "currency",
            "level",
            "skills",
            "is_featured",
        ]


class CertificationRefSerializer(BlankAddressesMixin, serializers.ModelSerializer):
    class Meta:
        model = Certification
        fields = ["slug", "name", "provider", "url"]


class ResourceRefSerializer(BlankAddressesMixin, serializers.ModelSerializer):
    class Meta:
        model = Resource
        fields = ["kind", "title", "author", "url", "is_free"]
        extra_kwargs = {"is_free": {"help_text": "Null while no source states a price."}}


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "text"]


class StepSummarySerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = CareerStep
        fields = ["slug", "title", "summary", "url"]


class StepSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    body_html = serializers.SerializerMethodField()
    skills: serializers.SlugRelatedField[Skill] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    certifications: serializers.SlugRelatedField[Certification] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    resources = ResourceRefSerializer(many=True, read_only=True)
    checklist = ChecklistItemSerializer(many=True, read_only=True)
    guidance_html = serializers.SerializerMethodField(
        help_text="pmportal's own advice for the step, apart from what the guide says."
    )

    class Meta:
        model = CareerStep
        fields = [
            "slug",
            "title",
            "summary",
            "url",
            "typical_duration",
            "duration_source",
            "body_html",
            "guidance_html",
            "skills",
            "certifications",
            "resources",
            "checklist",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_body_html(self, step: CareerStep) -> str:
        return str(render_markdown(step.body))

    @extend_schema_field(OpenApiTypes.STR)
    def get_guidance_html(self, step: CareerStep) -> str:
        return str(render_markdown(step.guidance))


class PathSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    steps = StepSummarySerializer(many=True, read_only=True)
    variant_of: serializers.SlugRelatedField[CareerPath] = serializers.SlugRelatedField(
        read_only=True,
        allow_null=True,
        slug_field="slug",
        help_text="The path this one is a variant of; null for a path of its own.",
    )

    class Meta:
        model = CareerPath
        fields = [
            "slug",
            "title",
            "audience",
            "summary",
            "typical_duration",
            "duration_source",
            "source",
            "variant_of",
            "url",
            "steps",
        ]


class PathDetailSerializer(PathSerializer):
    body_html = serializers.SerializerMethodField()
    guidance_html = serializers.SerializerMethodField(
        help_text="pmportal's own advice for the path, apart from what the guide says."
    )
    steps = StepSerializer(many=True, read_only=True)  # type: ignore[assignment]

    class Meta(PathSerializer.Meta):
        fields = [*PathSerializer.Meta.fields, "body_html", "guidance_html"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_body_html(self, path: CareerPath) -> str:
        return str(render_markdown(path.body))

    @extend_schema_field(OpenApiTypes.STR)
    def get_guidance_html(self, path: CareerPath) -> str:
        return str(render_markdown(path.guidance))


class SkillGapRequestSerializer(serializers.Serializer):
    skills = serializers.ListField(
        child=serializers.SlugField(),
        required=False,
        max_length=MAX_SKILLS,
        help_text="Slugs of the skills you have. Left out: your profile's skills when signed in.",
    )
    level = serializers.ChoiceField(
        choices=Level.choices,
        required=False,
        allow_blank=True,
        help_text="Rank by demand at this level only.",
    )
    posting = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="Slug or address of a live posting to compare with.",
    )

    def validate_skills(self, slugs: list[str]) -> list[Skill]:
        slugs = list(dict.fromkeys(slugs))
        found = {skill.slug: skill for skill in Skill.objects.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise serializers.ValidationError(f"Unknown skills: {', '.join(unknown)}.")
        return [found[slug] for slug in slugs]

    def validate_posting(self, reference: str) -> Any:
        if not reference.strip():
            return None
        posting = posting_for_gap(reference)
        if posting is None:
            raise serializers.ValidationError("No live posting on the job board has that slug.")
        return posting


class GapPostingSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")


class GapRowSerializer(serializers.Serializer):
    skill = SkillRefSerializer()
    demand_n = serializers.IntegerField(source="postings")
    demand_share = serializers.SerializerMethodField()
    certifications = CertificationRefSerializer(many=True)
    resources = ResourceRefSerializer(many=True)

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_demand_share(self, row: Any) -> float:
        return round(row.share, 4)


class SkillSlugsField(serializers.ListField):
    """A list of skills shown as their slugs."""

    child = serializers.SlugField()

    def to_representation(self, skills: Any) -> list[str]:
        return [skill.slug for skill in skills]


class SkillGapSerializer(serializers.Serializer):
    level = serializers.CharField(help_text="The level demand was read at; empty for all.")
    sample_size = serializers.IntegerField(help_text="Published postings the figures count.")
    computed_at = serializers.DateTimeField(allow_null=True)
    posting = GapPostingSerializer(allow_null=True)
    have = SkillSlugsField(help_text="The skills counted as yours.")
    missing = GapRowSerializer(many=True, help_text="Missing skills, most wanted first.")
    posting_has = SkillSlugsField(help_text="The posting's skills you have.")
    posting_lacks = SkillSlugsField(help_text="The posting's skills you lack.")
