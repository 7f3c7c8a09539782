"""The register's and the work list's download addresses (/diarium/export/, /remisser/export/),
kept for links already shared: both are lists of the exports app (referrals/exports.py), with
the same visibility rules and filters as the pages they come from."""

from django.urls import path

from exports.views import export_list


def register_export(request):
    return export_list(request, name="referrals.register")


def work_list_export(request):
    return export_list(request, name="referrals.worklist")


urlpatterns = [
    path("diarium/export/", register_export, name="export"),
    path("remisser/export/", work_list_export, name="worklist_export"),
]
