"""The admin of `networks`. Whatever has rules goes through the services (planportal.service_admin):
networks (registered and changed with network_create / network_update: reserved addresses,
the coordinator's right), memberships (membership_add / membership_end: the composition,
people from the organisation, invitations to coming meetings) and lines (network_line_add: no
loops). What a page of the portal does (meetings, agendas, minutes …) is shown read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from planportal.service_admin import ReadOnlyInline, ReadOnlyModelAdmin, ServiceModelAdmin

from . import services
from .models import (
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
    Organisation,
    Person,
    SentNotification,
    TakeHome,
)


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


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


# --- the registry: through the services -----------------------------------------------------


@admin.register(Network)
class NetworkAdmin(ServiceModelAdmin):
    """Members, rules, groups and lines have admins of their own (and the network's page)."""

    list_display = ["name", "short_name", "kind", "mandate", "status", "visibility", "convenor"]
    list_filter = ["kind", "mandate", "status", "visibility", "focus_areas"]
    search_fields = ["name", "short_name", "purpose"]
    filter_horizontal = ["focus_areas", "coordinators"]
    autocomplete_fields = ["convenor"]
    list_select_related = ["convenor"]
    exclude = ["is_example"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None else []  # the address stays: links to it keep working

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["short_name"]} if obj is None else {}

    def has_delete_permission(self, request, obj=None):
        return False  # a network is closed (status), not deleted: its meetings and minutes stay

    def save_with_service(self, request, form, obj):
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("focus_areas", "coordinators")}
        focus_areas, coordinators = form.cleaned_data.get("focus_areas"), form.cleaned_data.get("coordinators")
        if obj is None:
            return services.network_create(
                data=data, actor=request.user, focus_areas=focus_areas, coordinators=coordinators or None
            )
        return services.network_update(
            network=obj, data=data, actor=request.user, focus_areas=focus_areas, coordinators=coordinators
        )


@admin.register(Membership)
class MembershipAdmin(ServiceModelAdmin):
    """Added with membership_add; a membership is then only ended (membership_end)."""

    list_display = ["network", "organisation", "person", "role", "start", "end"]
    list_filter = ["network", "role"]
    search_fields = ["organisation__name", "person__name", "network__name"]
    list_select_related = ["network", "organisation", "person"]
    raw_id_fields = ["person"]
    autocomplete_fields = ["organisation"]

    def get_fields(self, request, obj=None):
        return ["network", "organisation", "person", "role", "start", "end", "note"]

    def get_readonly_fields(self, request, obj=None):
        return ["network", "organisation", "person", "role", "start", "note"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            form.base_fields["end"].required = True
        return form

    def has_delete_permission(self, request, obj=None):
        return False  # ended, not deleted: the history of who sat where stays

    def save_with_service(self, request, form, obj):
        d = form.cleaned_data
        if obj is None:
            return services.membership_add(actor=request.user, **d)
        return services.membership_end(membership=obj, end=d["end"], actor=request.user)


@admin.register(NetworkLine)
class NetworkLineAdmin(ServiceModelAdmin):
    """Added with network_line_add (no reporting loops); removed when no longer true."""

    list_display = ["source", "kind", "target", "note"]
    list_filter = ["kind"]
    list_select_related = ["source", "target"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_with_service(self, request, form, obj):
        d = form.cleaned_data
        return services.network_line_add(
            source=d["source"], target=d["target"], kind=d["kind"], note=d["note"], actor=request.user
        )


@admin.register(CompositionRule)
class CompositionRuleAdmin(admin.ModelAdmin):
    """What a network says its membership should be; the network page shows where it is not met."""

    list_display = ["network", "organisation", "organisation_kind", "role", "min_count", "max_count", "note"]
    list_filter = ["network"]
    list_select_related = ["network", "organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(MemberGroup)
class MemberGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "network"]
    list_filter = ["network"]
    filter_horizontal = ["organisations"]


# --- meetings: the pages do it; shown read-only ----------------------------------------------


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fk_name = "meeting"
    fields = ["position", "title", "kind", "status", "duration_minutes", "decline_reason"]


class InvitationInline(ReadOnlyInline):
    model = Invitation
    fields = ["person", "organisation", "reply", "substitute", "attended", "attended_by"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyModelAdmin):
    """Meetings are scheduled, changed and cancelled on the portal's pages (the services raise
    the calendar SEQUENCE, invite and notify)."""

    list_display = ["title", "network", "starts_at", "status", "sequence"]
    list_filter = ["network", "status"]
    date_hierarchy = "starts_at"
    search_fields = ["title", "network__name"]
    list_select_related = ["network"]
    inlines = [AgendaItemInline, InvitationInline]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "network", "rrule", "first_start", "until", "count"]


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyModelAdmin):
    list_display = ["meeting", "status", "approved_at", "published_at"]
    list_filter = ["status"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyModelAdmin):
    list_display = ["text", "kind", "meeting"]
    list_filter = ["kind"]


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "meeting", "owner_organisation", "due", "done_at"]
    list_filter = ["meeting__network"]


@admin.register(SentNotification)
class SentNotificationAdmin(ReadOnlyModelAdmin):
    list_display = ["kind", "meeting", "email", "sent_at"]
    list_filter = ["kind"]


@admin.register(TakeHome)
class TakeHomeAdmin(ReadOnlyModelAdmin):
    """Written on the meeting's pages by each organisation's representative (take_home_save)."""

    list_display = ["meeting", "organisation", "written_by", "updated_at"]
    list_filter = ["meeting__network"]
    list_select_related = ["meeting__network", "organisation", "written_by"]
