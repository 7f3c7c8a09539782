from django.contrib import admin

from planportal.service_admin import ReadOnlyModelAdmin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyModelAdmin):
    list_display = ("list_name", "format", "user", "status", "progress", "total_rows", "created_at")
    list_filter = ("status", "format", "list_name")
    list_select_related = ("user",)
    # The file is its owner's: the admin shows that it exists, not a link to it.
    exclude = ("file", "session_key")
