from django.urls import path

from . import views

app_name = "ogc"

urlpatterns = [
    path("", views.LandingPage.as_view(), name="landing"),
    path("api", views.ApiDefinition.as_view(), name="api"),
    path("conformance", views.Conformance.as_view(), name="conformance"),
    path("collections", views.Collections.as_view(), name="collections"),
    path("collections/<str:collection_id>", views.CollectionDetail.as_view(), name="collection"),
    path("collections/<str:collection_id>/items", views.Items.as_view(), name="items"),
    path("collections/<str:collection_id>/items/<int:feature_id>", views.Item.as_view(), name="item"),
]
