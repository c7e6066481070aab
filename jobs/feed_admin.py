"""Staff tools for feeds of postings: where they live, their runs, and closings to review."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest

from .models import FeedRunStatus, FeedSource
from .services import snapshots
from .tasks import ingest_feed


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    """Feeds of postings: where they live, how often they run, and what their last run did.

    A snapshot run that would close too many postings waits here for a person: the feed's
    page says how many and offers to confirm the closing.
    """

    list_display = ["name", "format", "snapshots", "trusted", "active", "interval_minutes",
                    "last_run", "last_counts"]  # fmt: skip
    list_filter = ["format", "snapshot", "trusted", "active", "last_run_status"]
    search_fields = ["name", "url", "company_name"]
    readonly_fields = ["last_run_at", "last_run_status", "last_counts", "last_report_text"]
    fieldsets = [
        (None, {"fields": ["name", "format", "url", "company_name", "snapshot"]}),
        ("Schedule and trust", {"fields": ["interval_minutes", "active", "trusted"]}),
        (
            "Last run",
            {"fields": ["last_run_at", "last_run_status", "last_counts", "last_report_text"]},
        ),
    ]
    actions = ["run_now"]

    def get_urls(self) -> list[URLPattern]:
        confirm = path(
            "<path:object_id>/confirm-closing/",
            self.admin_site.admin_view(self.confirm_closing_view),
            name="jobs_feedsource_confirm_closing",
        )
        return [confirm, *super().get_urls()]

    class Media:
        css = {"all": ["css/admin-jobs.css"]}

    @admin.display(description="Snapshot", boolean=True)
    def snapshots(self, feed: FeedSource) -> bool:
        """Whether runs close what they leave out, as far as the registered format tells."""
        return feed.takes_snapshots(feed.format)

    @admin.display(description="Last run", ordering="last_run_at")
    def last_run(self, feed: FeedSource) -> str:
        if feed.last_run_at is None:
            return "never"
        text = f"{feed.get_last_run_status_display()}, {timesince(feed.last_run_at)} ago"
        if feed.last_run_status == FeedRunStatus.NEEDS_REVIEW:
            return format_html("<strong>{}</strong>", text)
        return text

    @admin.display(description="Last run's counts")
    def last_counts(self, feed: FeedSource) -> str:
        if feed.last_run_at is None:
            return "-"
        return (
            f"{feed.last_created} created, {feed.last_updated} updated, "
            f"{feed.last_unchanged} unchanged, {feed.last_duplicates} duplicates, "
            f"{feed.last_rejected} rejected, {feed.last_closed} closed"
        )

    @admin.display(description="Report")
    def last_report_text(self, feed: FeedSource) -> str:
        return format_html("<pre>{}</pre>", feed.last_report or "-")

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: FeedSource | None = None,
    ) -> HttpResponse:
        if (
            obj is not None
            and obj.last_run_status == FeedRunStatus.NEEDS_REVIEW
            and obj.last_run_at is not None
        ):
            context["closing_review"] = {
                "unlisted": snapshots.unlisted_postings(
                    source=obj.name, seen_before=obj.last_run_at
                ).count(),
                "can_confirm": request.user.has_perm(snapshots.CONFIRM_PERMISSION),
                "postings_url": reverse("admin:jobs_jobposting_changelist") + f"?source={obj.name}",
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    @method_decorator(require_POST)
    def confirm_closing_view(
        self, request: AuthenticatedHttpRequest, object_id: str
    ) -> HttpResponse:
        """Close the postings the run under review no longer listed (the service checks who)."""
        feed = get_object_or_404(FeedSource, pk=object_id)
        try:
            closed = snapshots.feed_closing_confirm(feed=feed, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.WARNING)
        else:
            self.message_user(
                request,
                f"Closed {_plural(closed, 'posting')} the source no longer lists.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:jobs_feedsource_change", args=[feed.pk]))

    @admin.action(description="Run now", permissions=["change"])
    def run_now(self, request: HttpRequest, queryset: QuerySet[FeedSource]) -> None:
        """Queue a run of each selected feed that has a URL; the page shows the outcome later."""
        feed_ids = list(queryset.exclude(url="").values_list("pk", flat=True))
        for feed_id in feed_ids:
            transaction.on_commit(partial(ingest_feed.delay, feed_id))
        skipped = queryset.count() - len(feed_ids)
        if feed_ids:
            self.message_user(
                request,
                f"Queued {_plural(len(feed_ids), 'feed')}; reload to see the outcome.",
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                f"Skipped {_plural(skipped, 'feed')} without a URL: upload those through the API "
                "or the ingest_postings command.",
                messages.WARNING,
            )
