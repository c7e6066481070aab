"""Staff tools for the job board: the moderation queue, reports, companies and board settings.

Feeds of postings have theirs in ``feed_admin``, registered from here.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from accounts.http import AuthenticatedHttpRequest
from core.admin import AmountsInUnitsForm, reason_form, reason_page
from core.markdown import sanitize_html

from . import feed_admin  # noqa: F401  (registers the feed admin)
from .board_cache import board_changed
from .domain import PostingStatus
from .models import (
    Application,
    BoardSettings,
    Company,
    JobPosting,
    PostingComment,
    PostingReport,
)
from .services import moderation
from .services import postings as posting_services
from .services.moderation import COMMENT_MAX_LENGTH

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class OpenReportCount(TypedDict):
    """What the moderation queue's queryset adds to each posting."""

    open_report_count: int


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class ChangesBoardAdmin(admin.ModelAdmin):
    """Edits and deletions here change what the board shows: drop its cached pages."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        board_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        board_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        board_changed()


@admin.register(Company)
class CompanyAdmin(ChangesBoardAdmin):
    list_display = ["name", "industry", "size", "country", "verified"]
    list_filter = ["verified", "industry", "size"]
    search_fields = ["name", "slug", "website"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["recruiters"]
    actions = ["verify_companies"]

    @admin.action(
        description="Verify companies (their postings skip review)", permissions=["change"]
    )
    def verify_companies(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        # A flag flip with no side effects: pending postings stay in the queue.
        verified = queryset.filter(verified=False).update(verified=True)
        board_changed()
        self.message_user(request, f"Verified {_plural(verified, 'company')}.", messages.SUCCESS)


class PostingAgeFilter(admin.SimpleListFilter):
    """How long ago a posting was created, for working through the queue oldest first."""

    title = "age"
    parameter_name = "age"
    # value: (label, at least this many days old, younger than this many days)
    BUCKETS: dict[str, tuple[str, int, int | None]] = {
        "lt1": ("Less than 1 day", 0, 1),
        "1to3": ("1-3 days", 1, 3),
        "gt3": ("More than 3 days", 3, None),
    }

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _, _) in self.BUCKETS.items()]

    def queryset(self, request, queryset):
        bucket = self.BUCKETS.get(self.value() or "")
        if bucket is None:
            return queryset
        _, min_days, max_days = bucket
        now = timezone.now()
        queryset = queryset.filter(created_at__lte=now - timedelta(days=min_days))
        if max_days is not None:
            queryset = queryset.filter(created_at__gt=now - timedelta(days=max_days))
        return queryset


class PostingCommentInline(admin.TabularInline):
    """The thread between moderators and the company's recruiters, oldest first."""

    model = PostingComment
    fields = readonly_fields = ("created_at", "author", "side", "body")
    extra = 0
    verbose_name = "comment"
    verbose_name_plural = "Comment thread with the recruiters"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author").order_by("created_at", "id")

    @admin.display(description="From")
    def side(self, comment: PostingComment) -> str:
        return "Moderator" if comment.author.is_staff else "Recruiter"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PostingAdminForm(AmountsInUnitsForm):
    """The posting change form plus a box for a new comment; the fieldsets pick the fields."""

    salary_min = forms.DecimalField(
        required=False, min_value=Decimal(0), help_text="In currency units, such as 120000."
    )
    salary_max = forms.DecimalField(
        required=False, min_value=Decimal(0), help_text="In currency units, such as 150000."
    )
    amount_fields = ("salary_min", "salary_max")
    currency_field = "salary_currency"
    comment = forms.CharField(
        label="New comment",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Added to the thread when you save; the recruiters get it by e-mail.",
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="The recruiters read this in their e-mail and on their dashboard.",
        error_messages={"required": "Tell the recruiters what to change before rejecting."},
    )


@admin.register(JobPosting)
class JobPostingAdmin(ChangesBoardAdmin):
    form = PostingAdminForm
    list_display = [
        "title",
        "company",
        "company_verified",
        "status",
        "age",
        "open_reports",
        "salary",
        "level",
        "country",
    ]
    list_filter = ["status", PostingAgeFilter, "level", "remote_policy", "company__verified"]
    search_fields = ["title", "slug", "company__name", "external_id"]
    list_select_related = ["company"]
    # The page-count query is enough; a second count of the whole table is not worth its cost.
    show_full_result_count = False
    raw_id_fields = ["duplicate_of", "created_by"]
    autocomplete_fields = ["company"]
    filter_horizontal = ["skills"]
    # Status changes go through the actions, so the service's checks and e-mails always run.
    readonly_fields = ["status", "rejection_reason", "created_at", "updated_at", "last_seen_at"]
    readonly_fields += ["unlisted_at"]
    readonly_fields += ["description_preview", "salary"]
    fieldsets = [
        (
            "Moderation",
            {
                "fields": [
                    "status",
                    "rejection_reason",
                    "created_at",
                    "updated_at",
                    "posted_at",
                    "valid_through",
                    "duplicate_of",
                ]
            },
        ),
        (
            "Role",
            {
                "fields": [
                    "title",
                    "slug",
                    "company",
                    "description",
                    "description_preview",
                    "level",
                    "technical",
                    "employment_type",
                    "skills",
                ]
            },
        ),
        (
            "Place",
            {"fields": ["remote_policy", "applicant_countries", "city", "region", "country"]},
        ),
        (
            "Salary",
            {"fields": ["salary", "salary_min", "salary_max", "salary_currency", "salary_period"]},
        ),
        ("How to apply", {"fields": ["apply_method", "apply_url", "apply_email"]}),
        (
            "Origin",
            {"fields": ["created_by", "source", "external_id", "last_seen_at", "unlisted_at"]},
        ),
    ]
    inlines = [PostingCommentInline]
    actions = ["approve_postings", "reject_postings"]

    class Media:
        css = {"all": ["css/admin-jobs.css"]}

    def get_queryset(self, request):
        open_reports = (
            PostingReport.objects.filter(posting=OuterRef("pk"), resolved=False)
            .order_by()
            .values("posting")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(open_report_count=Coalesce(Subquery(open_reports), 0))
        )

    def get_ordering(self, request):
        if request.GET.get("status__exact") == PostingStatus.PENDING:
            return ["created_at", "id"]
        return super().get_ordering(request)

    @admin.display(description="Verified", boolean=True, ordering="company__verified")
    def company_verified(self, posting: JobPosting) -> bool:
        return posting.company.verified

    @admin.display(description="Age", ordering="-created_at")
    def age(self, posting: JobPosting) -> str:
        return timesince(posting.created_at, depth=1)

    @admin.display(description="Open reports", ordering="open_report_count")
    def open_reports(self, posting: WithAnnotations[JobPosting, OpenReportCount]) -> int:
        return posting.open_report_count

    @admin.display(description="Salary")
    def salary(self, posting: JobPosting) -> str:
        return posting.salary_label or "Not stated"

    @admin.display(description="As visitors see it")
    def description_preview(self, posting: JobPosting) -> str:
        return format_html(
            '<div class="posting-description">{}</div>', sanitize_html(posting.description_html)
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Approve and Reject post the list's moderation actions, so they share its checks.
        context["moderate"] = (
            change
            and obj.status == PostingStatus.PENDING
            and self.has_change_permission(request, obj)
        )
        context["moderation_buttons"] = [
            ("approve_postings", "Approve and publish"),
            ("reject_postings", "Reject with a reason…"),
        ]
        if change and self.has_change_permission(request, obj):
            context["comment_form"] = helpers.AdminForm(
                context["adminform"].form,
                [("Reply to the recruiters", {"fields": ["comment"]})],
                {},
                model_admin=self,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        body = form.cleaned_data.get("comment", "")
        if change and body:
            moderation.posting_comment(posting=obj, author=request.user, body=body)
            self.message_user(request, "Your comment was added; the recruiters get it by e-mail.")

    @admin.action(description="Approve selected postings", permissions=["change"])
    def approve_postings(
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[JobPosting]
    ) -> None:
        self._moderate_each(
            request,
            queryset,
            "Approved",
            lambda posting: posting_services.posting_approve(
                posting=posting, moderator=request.user
            ),
        )

    @admin.action(description="Reject selected postings with a reason", permissions=["change"])
    def reject_postings(
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[JobPosting]
    ) -> HttpResponse | None:
        postings = list(queryset.select_related("company"))
        if not any(posting.status == PostingStatus.PENDING for posting in postings):
            self.message_user(
                request, "None of the selected postings is pending review.", messages.WARNING
            )
            return None
        form = reason_form(RejectForm, request)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self._moderate_each(
                request,
                postings,
                "Rejected",
                lambda posting: posting_services.posting_reject(
                    posting=posting, moderator=request.user, reason=reason
                ),
            )
            return None
        return reason_page(
            self,
            request,
            template="admin/jobs/jobposting/reject_postings.html",
            title="Reject postings",
            action="reject_postings",
            form=form,
            objects=postings,
            pending=[p for p in postings if p.status == PostingStatus.PENDING],
            not_pending=[p for p in postings if p.status != PostingStatus.PENDING],
        )

    def _moderate_each(self, request, postings, verb, moderate) -> None:
        """Run ``moderate`` on each posting; say how many went through and which were not pending.

        The service checks the status under a row lock, so a posting another moderator handled
        a moment ago is skipped like any other that is not pending.
        """
        done, skipped = 0, []
        for posting in postings:
            try:
                moderate(posting)
            except posting_services.TransitionError:
                skipped.append(posting)
            else:
                done += 1
        if done:
            self.message_user(request, f"{verb} {_plural(done, 'posting')}.", messages.SUCCESS)
        if skipped:
            names = ", ".join(f"“{posting.title}” (#{posting.pk})" for posting in skipped)
            self.message_user(
                request,
                f"Skipped {_plural(len(skipped), 'posting')} not pending review: {names}.",
                messages.WARNING,
            )


@admin.register(PostingReport)
class PostingReportAdmin(admin.ModelAdmin):
    list_display = ["posting_link", "reason", "reporter", "created_at", "resolved"]
    list_filter = ["resolved", "reason"]
    list_select_related = ["posting__company", "reporter"]
    search_fields = ["posting__title", "posting__company__name", "reporter__email", "details"]
    fields = ["posting_link", "reporter", "reason", "details", "created_at", "resolved"]
    readonly_fields = ["posting_link", "reporter", "reason", "details", "created_at"]
    actions = ["mark_resolved"]

    @admin.display(description="Posting", ordering="posting__title")
    def posting_link(self, report: PostingReport) -> str:
        posting = report.posting
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">view on site</a>',
            reverse("admin:jobs_jobposting_change", args=[posting.pk]),
            posting,
            posting.get_absolute_url(),
        )

    @admin.action(description="Mark resolved", permissions=["change"])
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet[PostingReport]) -> None:
        resolved = queryset.filter(resolved=False).update(resolved=True)
        self.message_user(
            request, f"Marked {_plural(resolved, 'report')} resolved.", messages.SUCCESS
        )

    def has_add_permission(self, request):
        # Reports come from the site's users, never from staff.
        return False


@admin.register(BoardSettings)
class BoardSettingsAdmin(admin.ModelAdmin):
    """The board has one settings row: the list opens it, and it is never added or deleted."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        board = BoardSettings.load()
        return HttpResponseRedirect(reverse("admin:jobs_boardsettings_change", args=[board.pk]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Applications are the candidate's and the recruiter's business: staff look, not edit."""

    list_display = ["candidate", "posting", "status", "created_at", "resume_link"]
    list_filter = ["status"]
    search_fields = ["candidate__email", "candidate__name", "posting__title"]
    list_select_related = ["candidate", "posting"]
    readonly_fields = ["posting", "candidate", "cover_note", "status", "resume_link", "created_at"]
    exclude = ["resume", "resume_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="Résumé")
    def resume_link(self, application: Application) -> str:
        url = reverse("jobs:resume", args=[application.pk])
        return format_html('<a href="{}">{}</a>', url, application.resume_name)
