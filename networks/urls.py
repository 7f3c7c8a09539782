from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("kommuner/", views.MunicipalityListView.as_view(), name="municipality_list"),
    path("kommuner/<slug:slug>/", views.OrganisationDetailView.as_view(municipality=True), name="municipality_detail"),
    path("organisationer/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisationer/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
]
