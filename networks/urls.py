from django.urls import path

from .views import agenda, attendance, calendars, meetings, minutes, networks, organisations, reports
from .views.common import friendly_403 as f

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
    path("organisationer/<slug:slug>/kalender.ics", f(calendars.organisation_feed), name="organisation_feed"),
    path("kommuner/<slug:slug>/kalender.ics", f(calendars.organisation_feed), name="municipality_feed"),
    path("natverk/", f(networks.NetworkListView.as_view()), name="network_list"),
    path("natverk/nytt/", f(networks.NetworkCreateView.as_view()), name="network_create"),
    path("natverk/deltagande/", f(reports.ParticipationView.as_view()), name="participation"),
    path("natverk/deltagande.csv", f(reports.participation_csv), name="participation_csv"),
    path("natverk/min-kalender/", f(calendars.MyCalendarView.as_view()), name="my_calendar"),
    path("natverk/kalender/<str:token>.ics", f(calendars.personal_feed), name="personal_feed"),
    path("natverk/<slug:slug>/", f(networks.NetworkDetailView.as_view()), name="network_detail"),
    path("natverk/<slug:slug>/andra/", f(networks.NetworkEditView.as_view()), name="network_edit"),
    path("natverk/<slug:slug>/kalender.ics", f(calendars.network_feed), name="network_feed"),
    path("natverk/<slug:slug>/medlemmar/ny/", f(networks.MembershipAddView.as_view()), name="membership_add"),
    path("natverk/<slug:slug>/medlemmar/<int:pk>/avsluta/", f(networks.membership_end), name="membership_end"),
    path("natverk/<slug:slug>/moten/nytt/", f(meetings.MeetingFormView.as_view()), name="meeting_create"),
    path("natverk/<slug:slug>/atgarder/<int:pk>/klar/", f(minutes.action_item_done), name="action_item_done"),
    path(meeting, f(meetings.MeetingDetailView.as_view()), name="meeting_detail"),
    path(meeting + "andra/", f(meetings.MeetingFormView.as_view()), name="meeting_edit"),
    path(meeting + "kalender.ics", f(calendars.meeting_ics), name="meeting_ics"),
    path(meeting + "status/", f(meetings.meeting_status), name="meeting_status"),
    path(meeting + "stall-in/", f(meetings.meeting_cancel), name="meeting_cancel"),
    path(meeting + "punkter/ny/", f(agenda.AgendaItemProposeView.as_view()), name="agenda_item_propose"),
    path(meeting + "punkter/<int:item_pk>/andra/", f(agenda.AgendaItemEditView.as_view()), name="agenda_item_edit"),
    path(meeting + "punkter/<int:item_pk>/godta/", f(agenda.agenda_item_accept), name="agenda_item_accept"),
    path(meeting + "punkter/<int:item_pk>/avboj/", f(agenda.agenda_item_decline), name="agenda_item_decline"),
    path(meeting + "dagordning/ordning/", f(agenda.agenda_order), name="agenda_order"),
    path(meeting + "dagordning/publicera/", f(agenda.agenda_publish), name="agenda_publish"),
    path(meeting + "svar/", f(attendance.meeting_reply), name="meeting_reply"),
    path(meeting + "narvaro/", f(attendance.AttendanceView.as_view()), name="meeting_attendance"),
    path(meeting + "protokoll/", f(minutes.MinutesView.as_view()), name="meeting_minutes"),
    path(meeting + "hemtagande/", f(minutes.TakeHomeView.as_view()), name="meeting_take_home"),
]
