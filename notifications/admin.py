from django.contrib import admin

from planportal.service_admin import ReadOnlyModelAdmin

from .models import Digest, Item, Preference


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyModelAdmin):
    list_display = ("__str__", "kind", "frequency", "updated_at")
    list_filter = ("kind", "frequency")
    search_fields = ("user__username", "user__email", "email")


@admin.register(Item)
class ItemAdmin(ReadOnlyModelAdmin):
    list_display = ("subject", "email", "kind", "outcome", "created_at")
    list_filter = ("kind", "outcome")
    list_select_related = ("user",)


@admin.register(Digest)
class DigestAdmin(ReadOnlyModelAdmin):
    list_display = ("email", "subject", "sent_at")
