from django.urls import path

from . import views, views_meetings, views_networks

app_name = "networks"

meeting = "natverk/<slug:slug>/moten/<int:pk>/"

urlpatterns = [
    path("kommuner/", views.MunicipalityListView.as_view(), name="municipality_list"),
    path("kommuner/<slug:slug>/", views.OrganisationDetailView.as_view(municipality=True), name="municipality_detail"),
    path("organisationer/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisationer/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    # --- networks and meetings ---
    path("organisationer/<slug:slug>/kalender.ics", views_networks.organisation_feed, name="organisation_feed"),
    path("kommuner/<slug:slug>/kalender.ics", views_networks.organisation_feed, name="municipality_feed"),
    path("natverk/", views_networks.NetworkListView.as_view(), name="network_list"),
    path("natverk/nytt/", views_networks.NetworkFormView.as_view(), name="network_create"),
    path("natverk/deltagande/", views_networks.ParticipationView.as_view(), name="participation"),
    path("natverk/deltagande.csv", views_networks.participation_csv, name="participation_csv"),
    path("natverk/min-kalender/", views_networks.MyCalendarView.as_view(), name="my_calendar"),
    path("natverk/kalender/<str:token>.ics", views_networks.personal_feed, name="personal_feed"),
    path("natverk/<slug:slug>/", views_networks.NetworkDetailView.as_view(), name="network_detail"),
    path("natverk/<slug:slug>/andra/", views_networks.NetworkFormView.as_view(), name="network_edit"),
    path("natverk/<slug:slug>/kalender.ics", views_networks.network_feed, name="network_feed"),
    path("natverk/<slug:slug>/medlemmar/ny/", views_networks.MembershipAddView.as_view(), name="membership_add"),
    path("natverk/<slug:slug>/medlemmar/<int:pk>/avsluta/", views_networks.membership_end, name="membership_end"),
    path("natverk/<slug:slug>/moten/nytt/", views_meetings.MeetingFormView.as_view(), name="meeting_create"),
    path("natverk/<slug:slug>/atgarder/<int:pk>/klar/", views_meetings.action_item_done, name="action_item_done"),
    path(meeting, views_meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path(meeting + "andra/", views_meetings.MeetingFormView.as_view(), name="meeting_edit"),
    path(meeting + "kalender.ics", views_meetings.meeting_ics, name="meeting_ics"),
    path(meeting + "status/", views_meetings.meeting_status, name="meeting_status"),
    path(meeting + "stall-in/", views_meetings.meeting_cancel, name="meeting_cancel"),
    path(meeting + "punkter/ny/", views_meetings.AgendaItemProposeView.as_view(), name="agenda_item_propose"),
    path(meeting + "punkter/<int:item_pk>/godta/", views_meetings.agenda_item_accept, name="agenda_item_accept"),
    path(meeting + "punkter/<int:item_pk>/avboj/", views_meetings.agenda_item_decline, name="agenda_item_decline"),
    path(meeting + "dagordning/ordning/", views_meetings.agenda_order, name="agenda_order"),
    path(meeting + "dagordning/publicera/", views_meetings.agenda_publish, name="agenda_publish"),
    path(meeting + "svar/", views_meetings.meeting_reply, name="meeting_reply"),
    path(meeting + "narvaro/", views_meetings.AttendanceView.as_view(), name="meeting_attendance"),
    path(meeting + "protokoll/", views_meetings.MinutesView.as_view(), name="meeting_minutes"),
]
