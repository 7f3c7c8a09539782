"""The portal's URLs plus /bench/minimal/: the smallest Django JSON view, served by the same
gunicorn as the portal, as the load benchmark's reference for what the stack itself costs."""

from django.http import JsonResponse
from django.urls import include, path


def minimal(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/minimal/", minimal), path("", include("planportal.urls"))]
