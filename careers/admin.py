"""Staff curate the career content here: paths and steps, the ladder, certifications, resources."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV
from import_export.widgets import ManyToManyWidget

from core.admin import AmountsInUnitsForm
from core.money import plain_amount, to_minor
from jobs.admin import ChangesBoardAdmin

from .models import (
    FAQ,
    CareerPath,
    CareerStep,
    Certification,
    ChecklistItem,
    Resource,
    RoleLevel,
    Skill,
    SkillDemand,
)


@admin.register(Skill)
class SkillAdmin(ChangesBoardAdmin):
    """Skills are the job search's filter options and the API rows' skill slugs."""

    list_display = ["name", "category", "slug"]
    list_filter = ["category"]
    search_fields = ["name", "synonyms"]
    prepopulated_fields = {"slug": ["name"]}
    # Who lists a skill is the users' own business, edited on their profile.
    exclude = ["holders"]


class CareerStepInline(admin.TabularInline):
    model = CareerStep
    fields = ["order", "title", "slug", "typical_duration"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0


@admin.register(CareerPath)
class CareerPathAdmin(admin.ModelAdmin):
    list_display = ["title", "order", "is_published", "typical_duration"]
    list_editable = ["order", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CareerStepInline]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    fields = ["order", "text"]
    extra = 1


@admin.register(CareerStep)
class CareerStepAdmin(admin.ModelAdmin):
    list_display = ["title", "path", "order", "typical_duration"]
    list_filter = ["path"]
    list_select_related = ["path"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["skills", "certifications", "resources"]
    inlines = [ChecklistItemInline]


@admin.register(RoleLevel)
class RoleLevelAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "order", "years_label", "next_level"]
    list_editable = ["order"]
    list_select_related = ["next_level"]
    filter_horizontal = ["skills"]


# An amount as people type it: digits, then the currency's minor digits if any.
AMOUNT = re.compile(r"\d+(?:\.\d+)?")


class WholeUnitsWidget(widgets.Widget):
    """A cost in the CSV as the page shows it, in currency units (450, or 450.50); the model
    keeps minor units of the currency the same row names."""

    def clean(self, value: Any, row: dict[str, Any] | None = None, **kwargs: Any) -> int | None:
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if text.startswith("-"):
            raise ValueError("A cost cannot be negative.")
        if not AMOUNT.fullmatch(text):
            raise ValueError(
                f"“{text}” is not a cost: write it in currency units, such as 450 or 450.50."
            )
        try:
            return to_minor(text, str((row or {}).get("currency") or ""))
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None


class CertificationResource(resources.ModelResource):
    """The CSV columns of a certification; rows match existing ones by slug."""

    # import-export's export form has a field of its own named "format" (the file type),
    # which hides a resource field of that name: the column keeps its name, the field not.
    delivery_format = fields.Field(attribute="format", column_name="format")
    cost = fields.Field(attribute="cost", column_name="cost", widget=WholeUnitsWidget())
    skills = fields.Field(
        attribute="skills",
        column_name="skills",
        widget=ManyToManyWidget(Skill, field="slug", separator="|"),
    )

    class Meta:
        model = Certification
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "provider",
            "url",
            "description",
            "delivery_format",
            "duration_weeks",
            "cost",
            "currency",
            "level",
            "skills",
            "is_active",
            "is_featured",
            "order",
        ]
        skip_unchanged = True
        report_skipped = True
        # Each row runs the model's validation, so a bad currency is reported, not stored.
        clean_model_instances = True

    def dehydrate_cost(self, certification: Certification) -> str:
        if certification.cost is None:
            return ""
        return plain_amount(certification.cost, certification.currency)


class CertificationForm(AmountsInUnitsForm):
    cost = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        help_text="In currency units, such as 450 or 450.50; 0 for free, blank when unknown.",
    )
    amount_fields = ("cost",)

    class Meta:
        model = Certification
        fields = [
            "name", "slug", "provider", "url", "description", "format", "duration_weeks",
            "cost", "currency", "level", "skills", "is_active", "is_featured", "order",
        ]  # fmt: skip


@admin.register(Certification)
class CertificationAdmin(ImportExportModelAdmin):
    form = CertificationForm
    resource_classes = [CertificationResource]
    formats = [CSV]
    list_display = [
        "name",
        "provider",
        "format_label",
        "duration_label",
        "cost_label",
        "level_label",
        "order",
        "is_featured",
        "is_active",
    ]
    list_editable = ["order", "is_featured", "is_active"]
    list_filter = ["provider", "format", "is_active", "is_featured", "level"]
    search_fields = ["name", "provider", "description", "skills__name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["skills"]
    actions = ["activate", "deactivate"]

    @admin.display(description="format")
    def format_label(self, obj: Certification) -> str:
        return obj.format_label

    @admin.display(description="duration")
    def duration_label(self, obj: Certification) -> str:
        return obj.duration_label

    @admin.display(description="cost")
    def cost_label(self, obj: Certification) -> str:
        return obj.cost_label

    @admin.display(description="level")
    def level_label(self, obj: Certification) -> str:
        return obj.level_label

    @admin.action(description="Show selected certifications publicly", permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet[Certification]) -> None:
        changed = queryset.filter(is_active=False).update(is_active=True)
        self.message_user(request, f"Activated {changed} certification(s).", messages.SUCCESS)

    @admin.action(description="Hide selected certifications", permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Certification]) -> None:
        changed = queryset.filter(is_active=True).update(is_active=False)
        self.message_user(request, f"Deactivated {changed} certification(s).", messages.SUCCESS)


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    # is_free stays blank ("not stated") until a source says whether it costs money.
    list_display = ["title", "kind", "author", "is_free", "order"]
    list_editable = ["order", "is_free"]
    list_filter = ["kind", "is_free"]
    search_fields = ["title", "author", "description"]
    filter_horizontal = ["skills"]


@admin.register(FAQ)
class FAQAdmin(admin.ModelAdmin):
    list_display = ["question", "source", "is_guidance", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_guidance", "is_published"]
    search_fields = ["question", "answer", "source"]


@admin.register(SkillDemand)
class SkillDemandAdmin(admin.ModelAdmin):
    """Read-only: the figures come from the job board (careers.tasks.refresh_skill_demand)."""

    list_display = ["skill", "level", "postings", "sample_size", "computed_at"]
    list_filter = ["level"]
    list_select_related = ["skill"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
