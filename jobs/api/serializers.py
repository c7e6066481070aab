"""How postings, companies and applications look in the API, and what recruiters may send."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from accounts.models import User
from careers.models import Skill
from core.api import BlankAddressesMixin
from jobs import permissions
from jobs.models import Application, Company, JobPosting
from jobs.services.postings import RECRUITER_FIELDS

# A posting needs a handful of skills; the cap keeps one request from naming thousands.
MAX_SKILLS = 30
# Formats a row's dates as a DateTimeField of the posting serializer does.
ROW_MOMENT = serializers.DateTimeField()


class SkillSlugsField(serializers.ListField):
    """A posting's skills as their slugs; on input every slug must name a known skill."""

    child = serializers.SlugField()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=MAX_SKILLS, **kwargs)

    def to_representation(self, skills: Any) -> list[str]:
        return [skill.slug for skill in skills.all()]

    def to_internal_value(self, data: Any) -> list[Skill]:
        slugs = list(dict.fromkeys(super().to_internal_value(data)))
        found = {skill.slug: skill for skill in Skill.objects.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise serializers.ValidationError(f"Unknown skills: {', '.join(unknown)}.")
        return [found[slug] for slug in slugs]


class CompanySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["slug", "name", "verified"]


class CompanySerializer(BlankAddressesMixin, CountryFieldMixin, serializers.ModelSerializer):
    open_postings = serializers.IntegerField(
        read_only=True, help_text="Published postings on the board now."
    )

    class Meta:
        model = Company
        fields = [
            "slug",
            "name",
            "website",
            "industry",
            "size",
            "country",
            "verified",
            "description",
            "open_postings",
        ]


class PostingSerializer(BlankAddressesMixin, CountryFieldMixin, serializers.ModelSerializer):
    """A row of the job list: what a search result needs, salaries in minor units."""

    company = CompanySummarySerializer(read_only=True)
    skills = SkillSlugsField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The posting's page on the site.")

    class Meta:
        model = JobPosting
        fields = [
            "slug",
            "title",
            "company",
            "level",
            "technical",
            "employment_type",
            "remote_policy",
            "city",
            "region",
            "country",
            "applicant_countries",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "salary_min_annual",
            "salary_max_annual",
            "skills",
            "posted_at",
            "valid_through",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, posting: JobPosting) -> str:
        return self.context["request"].build_absolute_uri(posting.get_absolute_url())


@extend_schema_serializer(component_name="Posting")
class PostingRowSerializer(PostingSerializer):
    """A job list row, built directly: the same fields and values as PostingSerializer's.

    Walking DRF's field objects costs about as much as the search behind a page: 3.8 and
    7.2 ms more per page of twenty rows at p50 in two runs of bench/api_rows.py
    (bench/README.md, "One read path"), and machine clients paging with cursors rarely hit
    the page cache. tests/jobs/test_api_rows.py holds it to the generic serializer; the
    declared fields still describe the row in the schema. Rows are ``jobs.search.cards``.
    """

    def to_representation(self, posting: JobPosting) -> dict[str, Any]:
        company = posting.company
        moment = ROW_MOMENT.to_representation
        return {
            "slug": posting.slug,
            "title": posting.title,
            "company": {"slug": company.slug, "name": company.name, "verified": company.verified},
            "level": posting.level,
            "technical": posting.technical,
            "employment_type": posting.employment_type,
            "remote_policy": posting.remote_policy,
            "city": posting.city,
            "region": posting.region,
            "country": posting.country.code or "",
            "applicant_countries": [country.code for country in posting.applicant_countries],
            "salary_min": posting.salary_min,
            "salary_max": posting.salary_max,
            "salary_currency": posting.salary_currency,
            "salary_period": posting.salary_period,
            "salary_min_annual": posting.salary_min_annual,
            "salary_max_annual": posting.salary_max_annual,
            "skills": [skill.slug for skill in posting.skills.all()],
            "posted_at": moment(posting.posted_at) if posting.posted_at else None,
            "valid_through": moment(posting.valid_through) if posting.valid_through else None,
            "url": self.context["request"].build_absolute_uri(posting.get_absolute_url()),
        }


class PostingDetailSerializer(PostingSerializer):
    """Everything about one posting. Status and provenance are never set by a client."""

    duplicate_of: serializers.SlugRelatedField[JobPosting] = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The original posting, when this one repeats it; null for an original.",
    )
    views = serializers.SerializerMethodField(
        help_text=(
            "How many visitors opened the posting's page, each counted once a day; "
            "for its recruiters and staff only, null for everyone else."
        )
    )

    class Meta(PostingSerializer.Meta):
        fields = [
            *PostingSerializer.Meta.fields,
            "status",
            "rejection_reason",
            "description",
            "description_html",
            "apply_method",
            "apply_url",
            "apply_email",
            "duplicate_of",
            "source",
            "external_id",
            "views",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_views(self, posting: JobPosting) -> int | None:
        user = self.context["request"].user
        return posting.views if permissions.can_manage(user, posting) else None


class PostingUpdateSerializer(CountryFieldMixin, serializers.ModelSerializer):
    """What a recruiter may change on their own posting; salaries in minor units.

    Anything else a request carries (status, company, slug, views...) is ignored. Fields left
    out of a PATCH keep their values; the service checks the whole posting (salary range,
    ISO 4217 currency, how to apply) and its errors come back as 400 with field errors.
    """

    skills = SkillSlugsField(required=False, help_text="Skill slugs, e.g. ['sql'].")

    class Meta:
        model = JobPosting
        fields = [*RECRUITER_FIELDS, "skills"]
        extra_kwargs = {
            "level": {
                "required": False,
                "allow_blank": True,
                "help_text": "Leave out to infer it from the title.",
            },
            "technical": {"help_text": "Leave out to infer it from the title."},
            "applicant_countries": {"required": False},
            # The posting service refuses a posting without a salary range and its currency.
            "salary_min": {
                "required": True,
                "help_text": "Minor units (cents, pence) per salary period.",
            },
            "salary_max": {
                "required": True,
                "help_text": "Minor units (cents, pence) per salary period.",
            },
            "salary_currency": {
                "required": True,
                "allow_blank": False,
                "help_text": "ISO 4217 code, e.g. GBP.",
            },
        }

    def to_representation(self, posting: JobPosting) -> dict[str, Any]:
        return PostingDetailSerializer(posting, context=self.context).data

    def service_fields(self) -> dict[str, Any]:
        """The recruiter fields to hand to the posting service.

        On an edit, a level and technical flag the request leaves out stay as they are
        rather than being inferred from the title again.
        """
        data = self.validated_data
        fields = {name: value for name, value in data.items() if name in RECRUITER_FIELDS}
        if self.instance is not None:
            fields.setdefault("level", self.instance.level)
            fields.setdefault("technical", self.instance.technical)
        return fields


class PostingCreateSerializer(PostingUpdateSerializer):
    company = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Company.objects.all(),
        help_text="Slug of a company you recruit for.",
        error_messages={"does_not_exist": "No company has the slug {value}."},
    )

    class Meta(PostingUpdateSerializer.Meta):
        fields = ["company", *PostingUpdateSerializer.Meta.fields]


class PostingCloseSerializer(serializers.Serializer):
    filled = serializers.BooleanField(
        help_text="true: the role is taken (a published posting); false: withdraw it (archive)."
    )


class CandidateSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["name", "email"]


class ApplicationSerializer(serializers.ModelSerializer):
    candidate = CandidateSerializer(read_only=True)
    resume = serializers.SerializerMethodField(
        help_text="Download link for the résumé; it checks the caller may read it."
    )

    class Meta:
        model = Application
        fields = ["id", "candidate", "cover_note", "status", "resume", "created_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_resume(self, application: Application) -> str:
        path = reverse("jobs:resume", kwargs={"pk": application.pk})
        return self.context["request"].build_absolute_uri(path)
