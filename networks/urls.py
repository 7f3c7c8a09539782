from django.urls import path

from .views import agenda, attendance, calendars, meetings, minutes, networks, organisations, reports

app_name = "networks"

meeting = "natverk/<slug:slug>/moten/<int:pk>/"

urlpatterns = [
    path("kommuner/", organisations.MunicipalityListView.as_view(), name="municipality_list"),
    path(
        "kommuner/<slug:slug>/",
        organisations.OrganisationDetailView.as_view(municipality=True),
        name="municipality_detail",
    ),
    path("organisationer/", organisations.OrganisationListView.as_view(), name="organisation_list"),
    path("organisationer/<slug:slug>/", organisations.OrganisationDetailView.as_view(), name="organisation_detail"),
    # --- networks and meetings ---
    path("organisationer/<slug:slug>/kalender.ics", calendars.organisation_feed, name="organisation_feed"),
    path("kommuner/<slug:slug>/kalender.ics", calendars.organisation_feed, name="municipality_feed"),
    path("natverk/", networks.NetworkListView.as_view(), name="network_list"),
    path("natverk/nytt/", networks.NetworkCreateView.as_view(), name="network_create"),
    path("natverk/deltagande/", reports.ParticipationView.as_view(), name="participation"),
    path("natverk/deltagande.csv", reports.participation_csv, name="participation_csv"),
    path("natverk/min-kalender/", calendars.MyCalendarView.as_view(), name="my_calendar"),
    path("natverk/kalender/<str:token>.ics", calendars.personal_feed, name="personal_feed"),
    path("natverk/<slug:slug>/", networks.NetworkDetailView.as_view(), name="network_detail"),
    path("natverk/<slug:slug>/andra/", networks.NetworkEditView.as_view(), name="network_edit"),
    path("natverk/<slug:slug>/kalender.ics", calendars.network_feed, name="network_feed"),
    path("natverk/<slug:slug>/medlemmar/ny/", networks.MembershipAddView.as_view(), name="membership_add"),
    path("natverk/<slug:slug>/medlemmar/<int:pk>/avsluta/", networks.membership_end, name="membership_end"),
    path("natverk/<slug:slug>/moten/nytt/", meetings.MeetingFormView.as_view(), name="meeting_create"),
    path("natverk/<slug:slug>/atgarder/<int:pk>/klar/", minutes.action_item_done, name="action_item_done"),
    path(meeting, meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path(meeting + "andra/", meetings.MeetingFormView.as_view(), name="meeting_edit"),
    path(meeting + "kalender.ics", calendars.meeting_ics, name="meeting_ics"),
    path(meeting + "status/", meetings.meeting_status, name="meeting_status"),
    path(meeting + "stall-in/", meetings.meeting_cancel, name="meeting_cancel"),
    path(meeting + "punkter/ny/", agenda.AgendaItemProposeView.as_view(), name="agenda_item_propose"),
    path(meeting + "punkter/<int:item_pk>/andra/", agenda.AgendaItemEditView.as_view(), name="agenda_item_edit"),
    path(meeting + "punkter/<int:item_pk>/godta/", agenda.agenda_item_accept, name="agenda_item_accept"),
    path(meeting + "punkter/<int:item_pk>/avboj/", agenda.agenda_item_decline, name="agenda_item_decline"),
    path(meeting + "dagordning/ordning/", agenda.agenda_order, name="agenda_order"),
    path(meeting + "dagordning/publicera/", agenda.agenda_publish, name="agenda_publish"),
    path(meeting + "svar/", attendance.meeting_reply, name="meeting_reply"),
    path(meeting + "narvaro/", attendance.AttendanceView.as_view(), name="meeting_attendance"),
    path(meeting + "protokoll/", minutes.MinutesView.as_view(), name="meeting_minutes"),
    path(meeting + "hemtagande/", minutes.TakeHomeView.as_view(), name="meeting_take_home"),
]
