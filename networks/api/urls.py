from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views, views_networks

router = DefaultRouter(trailing_slash=True)
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("people", views.PersonViewSet, basename="person")
router.register("networks", views_networks.NetworkViewSet, basename="network")
router.register("memberships", views_networks.MembershipViewSet, basename="membership")
router.register("meetings", views_networks.MeetingViewSet, basename="meeting")
router.register("agenda-items", views_networks.AgendaItemViewSet, basename="agenda-item")

urlpatterns = [
    path("municipalities/", views.MunicipalityGeoJsonApi.as_view(), name="municipality-geojson"),
    path("meeting-places/", views_networks.MeetingPlacesGeoJsonApi.as_view(), name="meeting-places-geojson"),
    *router.urls,
]
