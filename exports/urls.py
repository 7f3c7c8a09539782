from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("mina/", views.job_list, name="job_list"),
    path("jobb/<int:pk>/", views.job_detail, name="job"),
    path("jobb/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobb/<int:pk>/fil/<str:name>", views.job_file, name="job_file"),
    path("<str:name>/", views.export_list, name="list"),
]
