"""Admin for reviews: read-only, blind text withheld; hiding goes through the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from accounts.http import AuthenticatedHttpRequest
from core.admin import reason_form, reason_page
from core.validators import validate_multi_line
from gigs.domain import REVIEW_TEXT_LENGTH
from gigs.models import Review
from gigs.services import reviews as review_services

BLIND = "(blind: nobody but its author reads it until it is published)"


class HideReviewForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=REVIEW_TEXT_LENGTH,
        validators=[validate_multi_line],
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="Both sides of the contract read this where the review was.",
        error_messages={"required": "Say why the review is hidden."},
    )


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["__str__", "subject", "subject_role", "rating", "state", "created_at"]
    list_filter = ["subject_role", "rating"]
    search_fields = ["author__email", "subject__email"]
    list_select_related = ["subject"]
    show_full_result_count = False
    fields = readonly_fields = (
        "contract",
        "author",
        "subject",
        "subject_role",
        "rating",
        "shown_text",
        "created_at",
        "published_at",
        "reply",
        "replied_at",
        "hidden_at",
        "hidden_reason",
        "hidden_by",
    )
    actions = ["hide_reviews", "unhide_reviews"]

    @admin.display(description="State")
    def state(self, review: Review) -> str:
        if review.published_at is None:
            return "Blind"
        return "Hidden" if review.hidden_at else "Published"

    @admin.display(description="Text")
    def shown_text(self, review: Review) -> str:
        return review.text if review.published_at else BLIND

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Hide selected reviews with a reason", permissions=["change"])
    def hide_reviews(
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[Review]
    ) -> HttpResponse | None:
        reviews = list(queryset.filter(published_at__isnull=False, hidden_at__isnull=True))
        form = reason_form(HideReviewForm, request)
        if form.is_valid():
            try:
                for review in reviews:
                    review_services.review_hide(
                        review=review, moderator=request.user, reason=form.cleaned_data["reason"]
                    )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(request, f"Hid {len(reviews)} review(s).", messages.SUCCESS)
            return None
        return reason_page(
            self,
            request,
            template="admin/gigs/review/hide_reviews.html",
            title="Hide reviews",
            action="hide_reviews",
            form=form,
            objects=reviews,
            reviews=reviews,
        )

    @admin.action(description="Show selected hidden reviews again", permissions=["change"])
    def unhide_reviews(self, request: AuthenticatedHttpRequest, queryset: QuerySet[Review]) -> None:
        reviews = list(queryset.filter(hidden_at__isnull=False))
        for review in reviews:
            review_services.review_unhide(review=review, moderator=request.user)
        self.message_user(request, f"Showed {len(reviews)} review(s) again.", messages.SUCCESS)
