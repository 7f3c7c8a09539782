"""Admin: the phrase library and the Region's units are kept here; cases and their event trail
are read-only (the pages and services do the work, so every change leaves its event)."""

from django.contrib import admin

from .models import InterestMatch, Phrase, Referral, ReferralDocument, ReferralEvent, Unit


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DocumentInline(ReadOnlyInline):
    model = ReferralDocument
    fields = ("name", "file", "url", "is_public", "from_email", "created_at")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = ReferralEvent
    fields = ("at", "kind", "summary", "actor")
    readonly_fields = fields
    ordering = ("-at",)


class InterestInline(ReadOnlyInline):
    model = InterestMatch
    fields = ("source", "title", "distance_m", "decision")
    readonly_fields = fields


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("diary_number", "plan_name", "sender", "phase", "status", "deadline", "assignee")
    list_filter = ("status", "plan_type", "phase", "diary_year")
    search_fields = ("diary_number", "plan_name", "sender_reference", "sender__name")
    list_select_related = ("sender", "assignee")
    inlines = [DocumentInline, InterestInline, EventInline]


@admin.register(ReferralEvent)
class ReferralEventAdmin(ReadOnlyAdmin):
    """The append-only trail (a database trigger refuses UPDATE and DELETE too)."""

    list_display = ("at", "referral", "kind", "summary", "actor")
    list_filter = ("kind",)
    search_fields = ("referral__diary_number", "summary")
    list_select_related = ("referral", "actor")
    date_hierarchy = "at"


@admin.register(Phrase)
class PhraseAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "order", "is_active", "is_example")
    list_filter = ("kind", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("title", "text")
    filter_horizontal = ("goals",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("members",)
