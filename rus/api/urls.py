from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "rus-api"

router = DefaultRouter(trailing_slash=True)
router.register("strategies", views.StrategyViewSet, basename="strategy")
router.register("goals", views.GoalViewSet, basename="goal")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("values", views.IndicatorValueViewSet, basename="value")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("structure-images", views.StructureImageViewSet, basename="structure-image")

urlpatterns = [
    path("indicators/<slug:slug>/choropleth/", views.ChoroplethApi.as_view(), name="indicator-choropleth"),
    path(
        "structure-images/<slug:key>/features/",
        views.StructureFeaturesGeoJsonApi.as_view(),
        name="structure-image-features",
    ),
    *router.urls,
]
