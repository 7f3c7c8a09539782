from django.urls import path

from . import views, views_meetings, views_networks
from .views_networks import friendly_403 as f

app_name = "networks"

meeting = "natverk/<slug:slug>/moten/<int:pk>/"

urlpatterns = [
    path("kommuner/", views.MunicipalityListView.as_view(), name="municipality_list"),
    path("kommuner/<slug:slug>/", views.OrganisationDetailView.as_view(municipality=True), name="municipality_detail"),
    path("organisationer/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisationer/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    # --- networks and meetings ---
    path("organisationer/<slug:slug>/kalender.ics", f(views_networks.organisation_feed), name="organisation_feed"),
    path("kommuner/<slug:slug>/kalender.ics", f(views_networks.organisation_feed), name="municipality_feed"),
    path("natverk/", f(views_networks.NetworkListView.as_view()), name="network_list"),
    path("natverk/nytt/", f(views_networks.NetworkFormView.as_view()), name="network_create"),
    path("natverk/deltagande/", f(views_networks.ParticipationView.as_view()), name="participation"),
    path("natverk/deltagande.csv", f(views_networks.participation_csv), name="participation_csv"),
    path("natverk/min-kalender/", f(views_networks.MyCalendarView.as_view()), name="my_calendar"),
    path("natverk/kalender/<str:token>.ics", f(views_networks.personal_feed), name="personal_feed"),
    path("natverk/<slug:slug>/", f(views_networks.NetworkDetailView.as_view()), name="network_detail"),
    path("natverk/<slug:slug>/andra/", f(views_networks.NetworkFormView.as_view()), name="network_edit"),
    path("natverk/<slug:slug>/kalender.ics", f(views_networks.network_feed), name="network_feed"),
    path("natverk/<slug:slug>/medlemmar/ny/", f(views_networks.MembershipAddView.as_view()), name="membership_add"),
    path("natverk/<slug:slug>/medlemmar/<int:pk>/avsluta/", f(views_networks.membership_end), name="membership_end"),
    path("natverk/<slug:slug>/moten/nytt/", f(views_meetings.MeetingFormView.as_view()), name="meeting_create"),
    path("natverk/<slug:slug>/atgarder/<int:pk>/klar/", f(views_meetings.action_item_done), name="action_item_done"),
    path(meeting, f(views_meetings.MeetingDetailView.as_view()), name="meeting_detail"),
    path(meeting + "andra/", f(views_meetings.MeetingFormView.as_view()), name="meeting_edit"),
    path(meeting + "kalender.ics", f(views_meetings.meeting_ics), name="meeting_ics"),
    path(meeting + "status/", f(views_meetings.meeting_status), name="meeting_status"),
    path(meeting + "stall-in/", f(views_meetings.meeting_cancel), name="meeting_cancel"),
    path(meeting + "punkter/ny/", f(views_meetings.AgendaItemProposeView.as_view()), name="agenda_item_propose"),
    path(
        meeting + "punkter/<int:item_pk>/andra/",
        f(views_meetings.AgendaItemEditView.as_view()),
        name="agenda_item_edit",
    ),
    path(meeting + "punkter/<int:item_pk>/godta/", f(views_meetings.agenda_item_accept), name="agenda_item_accept"),
    path(meeting + "punkter/<int:item_pk>/avboj/", f(views_meetings.agenda_item_decline), name="agenda_item_decline"),
    path(meeting + "dagordning/ordning/", f(views_meetings.agenda_order), name="agenda_order"),
    path(meeting + "dagordning/publicera/", f(views_meetings.agenda_publish), name="agenda_publish"),
    path(meeting + "svar/", f(views_meetings.meeting_reply), name="meeting_reply"),
    path(meeting + "narvaro/", f(views_meetings.AttendanceView.as_view()), name="meeting_attendance"),
    path(meeting + "protokoll/", f(views_meetings.MinutesView.as_view()), name="meeting_minutes"),
]
