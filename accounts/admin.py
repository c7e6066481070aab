"""Staff tools for accounts: users and their profile links, requests to become a recruiter."""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import pluralize

from core.admin import reason_form, reason_page

from . import services
from .forms import ProfileLinkForm
from .http import AuthenticatedHttpRequest
from .models import ProfileLink, RecruiterRequest, User


class ProfileLinkInline(admin.TabularInline):
    model = ProfileLink
    form = ProfileLinkForm
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "is_staff", "is_active", "date_joined"]
    list_filter = ["role", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    inlines = [ProfileLinkInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "role")}),
        ("Profile", {"fields": ("name", "headline", "location", "years_of_experience", "skills")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),
    )


class RejectRequestForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="The applicant reads this in their e-mail and on their profile.",
        error_messages={"required": "Tell the applicant why, and what would change your mind."},
    )


@admin.register(RecruiterRequest)
class RecruiterRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "company_label", "work_email", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "work_email", "company__name", "company_name"]
    list_select_related = ["user", "company"]
    raw_id_fields = ["company"]
    # Decisions go through the actions, so the service's checks and e-mails always run. Staff
    # may point a pending request for a new company at one already listed before approving.
    readonly_fields = [
        "user",
        "company_name",
        "company_website",
        "work_email",
        "note",
        "status",
        "rejection_reason",
        "created_at",
        "decided_at",
        "decided_by",
    ]
    fields = ["user", "company", *readonly_fields[1:]]
    actions = ["approve_requests", "reject_requests"]

    @admin.display(description="Company", ordering="company_name")
    def company_label(self, recruiter_request: RecruiterRequest) -> str:
        if recruiter_request.company is None:
            return f"{recruiter_request.company_name} (new)"
        return recruiter_request.company.name

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_pending:
            return ["company", *self.readonly_fields]
        return self.readonly_fields

    @admin.action(description="Approve selected requests", permissions=["change"])
    def approve_requests(
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[RecruiterRequest]
    ) -> None:
        self._decide_each(
            request,
            queryset,
            "Approved",
            lambda each: services.recruiter_request_approve(
                recruiter_request=each, moderator=request.user
            ),
        )

    @admin.action(description="Decline selected requests with a reason", permissions=["change"])
    def reject_requests(
        self, request: AuthenticatedHttpRequest, queryset: QuerySet[RecruiterRequest]
    ) -> HttpResponse | None:
        chosen = list(queryset.select_related("user", "company"))
        pending = [each for each in chosen if each.is_pending]
        if not pending:
            self.message_user(
                request, "None of the selected requests is waiting.", messages.WARNING
            )
            return None
        form = reason_form(RejectRequestForm, request)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self._decide_each(
                request,
                chosen,
                "Declined",
                lambda each: services.recruiter_request_reject(
                    recruiter_request=each, moderator=request.user, reason=reason
                ),
            )
            return None
        return reason_page(
            self,
            request,
            template="admin/accounts/recruiterrequest/reject_requests.html",
            title="Decline recruiter requests",
            action="reject_requests",
            form=form,
            objects=chosen,
            pending=pending,
            decided=[each for each in chosen if not each.is_pending],
        )

    def _decide_each(
        self,
        request: HttpRequest,
        chosen: Iterable[RecruiterRequest],
        verb: str,
        decide: Callable[[RecruiterRequest], RecruiterRequest],
    ) -> None:
        """Run ``decide`` on each request; say how many went through and which were decided.

        The service checks the status under a row lock, so a request another member of staff
        decided a moment ago is skipped like any other that is not waiting.
        """
        done, skipped = 0, []
        for each in chosen:
            try:
                decide(each)
            except services.RequestDecidedError:
                skipped.append(each)
            else:
                done += 1
        if done:
            self.message_user(request, f"{verb} {done} request{pluralize(done)}.", messages.SUCCESS)
        if skipped:
            names = ", ".join(str(each) for each in skipped)
            self.message_user(request, f"Skipped, decided already: {names}.", messages.WARNING)
