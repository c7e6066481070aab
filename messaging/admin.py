"""Staff view of messaging: the record of staff reads during disputes, and response times.

Threads and messages are private to their two people, so the admin does not list them; staff
read a disputed contract's thread on the site, where the read is recorded.
"""

from django.contrib import admin
from django.http import HttpRequest

from messaging.models import ResponseTime, StaffAccess


@admin.register(StaffAccess)
class StaffAccessAdmin(admin.ModelAdmin):
    list_display = ["accessed_at", "staff", "thread"]
    list_select_related = ["staff", "thread"]
    readonly_fields = ["accessed_at", "staff", "thread"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ResponseTime)
class ResponseTimeAdmin(admin.ModelAdmin):
    list_display = ["user", "median_seconds", "sample_size", "computed_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "median_seconds", "sample_size", "computed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
