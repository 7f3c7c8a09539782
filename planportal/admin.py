from django.contrib import admin

from .models import OutboxMessage
from .service_admin import ReadOnlyModelAdmin


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyModelAdmin):
    """What the outbox holds (planportal/outbox.py): pending tasks wait for the broker."""

    list_display = ("task", "args", "status", "created_at", "sent_at", "attempts", "last_error")
    list_filter = ("status", "task")
    date_hierarchy = "created_at"
