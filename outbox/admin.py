"""Staff view of the outbox: what is waiting, what was sent, what failed and why."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from outbox import services
from outbox.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "handler", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "handler"]
    search_fields = ["last_error"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Try the selected failed messages again")
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = services.messages_retry(message_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request, f"{count} failed message(s) will be tried again.", messages.SUCCESS
        )
