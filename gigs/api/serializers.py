"""How gigs and proposals look in the API, and what clients and freelancers may send.

Amounts are integer minor units of the gig's ISO 4217 currency, as everywhere in pmportal.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.markdown import render_markdown
from gigs.domain import MAX_MILESTONES, MILESTONE_TITLE_LENGTH
from gigs.models import Gig, Proposal
from gigs.services.gigs import CLIENT_FIELDS
from jobs.api.serializers import SkillSlugsField
from jobs.models import Company


class GigSerializer(serializers.ModelSerializer):
    """A row of the gig list: what a search result needs, amounts in minor units."""

    company: serializers.SlugRelatedField[Company] = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The company the client recruits for, or null.",
    )
    skills = SkillSlugsField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The gig's page on the site.")

    class Meta:
        model = Gig
        fields = [
            "slug",
            "title",
            "category",
            "company",
            "budget_type",
            "budget_min",
            "budget_max",
            "currency",
            "duration",
            "deadline",
            "skills",
            "posted_at",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, gig: Gig) -> str:
        return self.context["request"].build_absolute_uri(gig.get_absolute_url())


class GigDetailSerializer(GigSerializer):
    """Everything about one gig. Status and moderation are never set by a client."""

    description_html = serializers.SerializerMethodField(
        help_text="The description's Markdown rendered and sanitized."
    )

    class Meta(GigSerializer.Meta):
        fields = [
            *GigSerializer.Meta.fields,
            "status",
            "description",
            "description_html",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_description_html(self, gig: Gig) -> str:
        return str(render_markdown(gig.description))


class GigWriteSerializer(serializers.ModelSerializer):
    """What a client sends to create or edit their gig; amounts in minor units.

    Anything else a request carries (status, slug, client...) is ignored. The service checks
    the budget (positive, min not above max, plausible for the currency, ISO 4217 code) and
    its errors come back as 400 with field errors.
    """

    skills = SkillSlugsField(required=False, help_text="Skill slugs, e.g. ['sql'].")
    company: serializers.SlugRelatedField[Company] = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Company.objects.all(),
        required=False,
        allow_null=True,
        help_text="A company you recruit for (403 otherwise), or null for yourself.",
    )
    publish = serializers.BooleanField(
        required=False,
        default=False,
        write_only=True,
        help_text="On create: open the gig to proposals at once instead of saving a draft.",
    )

    class Meta:
        model = Gig
        fields = [*CLIENT_FIELDS, "skills", "company", "publish"]
        extra_kwargs = {
            "budget_min": {"help_text": "Minor units (cents, pence)."},
            "budget_max": {"help_text": "Minor units (cents, pence)."},
            "currency": {"help_text": "ISO 4217 code, e.g. GBP."},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The service validates the gig as a whole (gigs.domain.budget_errors).
        return attrs

    def service_fields(self) -> dict[str, Any]:
        return {
            name: self.validated_data[name] for name in CLIENT_FIELDS if name in self.validated_data
        }


class MilestoneSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=MILESTONE_TITLE_LENGTH)
    amount = serializers.IntegerField(min_value=1, help_text="Minor units of the gig's currency.")


class ProposalSerializer(serializers.ModelSerializer):
    """A proposal, for its freelancer, the gig's client and staff alone."""

    gig: serializers.SlugRelatedField[Gig] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    currency = serializers.CharField(source="gig.currency", read_only=True)
    freelancer = serializers.SerializerMethodField(help_text="The freelancer's name.")
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "gig",
            "freelancer",
            "status",
            "approach",
            "experience",
            "price",
            "currency",
            "timeline",
            "milestones",
            "decline_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_freelancer(self, proposal: Proposal) -> str:
        return proposal.freelancer.get_full_name()


class ProposalWriteSerializer(serializers.ModelSerializer):
    """What a freelancer sends: the price in minor units of the gig's currency.

    On a fixed-price gig the price is the whole price and the milestones add up to it; on an
    hourly gig it is the hourly rate.
    """

    milestones = serializers.ListField(
        child=MilestoneSerializer(), required=False, max_length=MAX_MILESTONES
    )

    class Meta:
        model = Proposal
        fields = ["approach", "experience", "price", "timeline", "milestones"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The service checks the price and the plan against the gig.
        return attrs

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        if "milestones" in data:
            data["milestones"] = [dict(milestone) for milestone in data["milestones"]]
        return data


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Optional: the freelancer reads it in their e-mail.",
    )
