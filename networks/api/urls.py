from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("people", views.PersonViewSet, basename="person")

urlpatterns = [
    path("municipalities/", views.MunicipalityGeoJsonApi.as_view(), name="municipality-geojson"),
    *router.urls,
]
