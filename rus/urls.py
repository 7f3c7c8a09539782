from django.urls import path

from . import views

app_name = "rus"

urlpatterns = [
    path("", views.StrategyIndexView.as_view(), name="index"),
    path("strategier/<slug:slug>/", views.StrategyDetailView.as_view(), name="strategy_detail"),
    path("mal/<int:pk>/", views.GoalDetailView.as_view(), name="goal_detail"),
    path("indikatorer/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indikatorer/<slug:slug>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("strukturbilder/", views.StructureImageListView.as_view(), name="structure_image_list"),
    path("strukturbilder/<slug:key>/", views.StructureImageDetailView.as_view(), name="structure_image_detail"),
    path("strukturbilder/<slug:key>/importera/", views.StructureImportView.as_view(), name="structure_import"),
    path("import/", views.ValueImportView.as_view(), name="import"),
    path("import/<int:pk>/", views.ValueImportDetailView.as_view(), name="import_detail"),
    path("import/<int:pk>/status/", views.value_import_status, name="import_status"),
    path("uppfoljning/", views.ReportListView.as_view(), name="report_list"),
    path("uppfoljning/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("uppfoljning/<int:pk>/status/", views.report_status, name="report_status"),
    path("uppfoljning/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
]
