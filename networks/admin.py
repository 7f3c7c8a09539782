from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from .models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(LeafletGeoAdmin):
    list_display = ["name", "short_name", "kind", "code", "domains"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code", "email_domains"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("e-postdomäner"))
    def domains(self, obj):
        return ", ".join(obj.email_domains)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "email", "is_example"]
    list_filter = ["organisation__kind", "is_example"]
    search_fields = ["name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["user"]


# --- networks and meetings ------------------------------------------------------------------

from .models import (  # noqa: E402
    ActionItem,
    AgendaItem,
    CompositionRule,
    Decision,
    FocusArea,
    Invitation,
    Meeting,
    MeetingSeries,
    MemberGroup,
    Membership,
    Minutes,
    Network,
    NetworkLine,
    SentNotification,
)


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["person"]
    autocomplete_fields = ["organisation"]


class CompositionRuleInline(admin.TabularInline):
    model = CompositionRule
    extra = 0
    autocomplete_fields = ["organisation"]


class NetworkLineInline(admin.TabularInline):
    model = NetworkLine
    fk_name = "source"
    extra = 0


class MemberGroupInline(admin.TabularInline):
    model = MemberGroup
    extra = 0
    filter_horizontal = ["organisations"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "mandate", "status", "visibility", "convenor"]
    list_filter = ["kind", "mandate", "status", "visibility", "focus_areas"]
    search_fields = ["name", "short_name", "purpose"]
    prepopulated_fields = {"slug": ["short_name"]}
    filter_horizontal = ["focus_areas", "coordinators"]
    autocomplete_fields = ["convenor"]
    list_select_related = ["convenor"]
    inlines = [CompositionRuleInline, NetworkLineInline, MemberGroupInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["network", "organisation", "person", "role", "start", "end"]
    list_filter = ["network", "role"]
    search_fields = ["organisation__name", "person__name", "network__name"]
    list_select_related = ["network", "organisation", "person"]
    raw_id_fields = ["person"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fk_name = "meeting"
    extra = 0
    fields = ["position", "title", "kind", "status", "duration_minutes", "decline_reason"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ["person", "substitute", "attended_by"]
    fields = ["person", "organisation", "reply", "substitute", "attended", "attended_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Meetings are changed through the portal's pages (services raise SEQUENCE and notify);
    the admin shows them read-only."""

    list_display = ["title", "network", "starts_at", "status", "sequence"]
    list_filter = ["network", "status"]
    date_hierarchy = "starts_at"
    search_fields = ["title", "network__name"]
    list_select_related = ["network"]
    inlines = [AgendaItemInline, InvitationInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "rrule", "first_start", "until", "count"]


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "approved_at", "published_at"]
    list_filter = ["status"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "meeting"]
    list_filter = ["kind"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "owner_organisation", "due", "done_at"]
    list_filter = ["meeting__network"]


@admin.register(SentNotification)
class SentNotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "meeting", "email", "sent_at"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "meeting", "email", "person", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
