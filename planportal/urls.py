from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import APIRootView

from knowledge.api.urls import router as knowledge_router
from networks.api.urls import router as networks_router
from ogc import views as ogc_views

from . import map_page, views
from .accounts import PortalLoginView

API_ROUTERS = (knowledge_router, networks_router)


class ApiRootView(APIRootView):
    """Planportalen's API: the knowledge library, the network registry, the map layers and the
    regional development strategy (RUS, under rus/). Documented at /api/docs/."""

    api_root_dict = {
        **{prefix: f"{basename}-list" for router in API_ROUTERS for prefix, _, basename in router.registry},
        "municipalities": "municipality-geojson",
        "meeting-places": "meeting-places-geojson",
        "rus": "rus-api:api-root",
        "referrals": "referral-list",
        "search": "search-api",
    }


# Resolved in order: the root, then the library's search (the map pages' and clients' most
# frequent call, bench/bench_knowledge.py).
api_v1 = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("", include("knowledge.api.urls")),
    path("", include("networks.api.urls")),
    path("rus/", include("rus.api.urls")),
    path("", include("referrals.api.urls")),
    path("", include("search.api.urls")),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("karta/", map_page.PortalMapView.as_view(), name="map"),
    path("tillganglighet/", views.AccessibilityView.as_view(), name="accessibility"),
    path("om/", views.AboutView.as_view(), name="about"),
    path("healthz", views.healthz, name="healthz"),
    path("konto/logga-in/", PortalLoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script (Content Security Policy).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("export/", include("exports.urls")),
    path("", include("notifications.urls")),
    path("", include("networks.urls")),
    path("rus/", include("rus.urls")),
    path("sok/", include("search.urls")),
    path("dokument/", include("knowledge.urls")),
    # Officers' pages under remisser/, the public register under diarium/ (referrals/urls.py).
    path("", include("referrals.urls")),
    # OGC API Features for GIS tools (QGIS, GDAL): ogc/__init__.py.
    path("ogc/", include("ogc.urls")),
    # The address GIS users type: the landing page itself, not a redirect (QGIS does not follow one).
    path("ogc", ogc_views.LandingPage.as_view(), name="ogc-landing-no-slash"),
]

# Error answers: the templates for pages, the API's JSON error body under /api/ (planportal/error_views.py).
handler400 = "planportal.error_views.bad_request"
handler403 = "planportal.error_views.permission_denied"
handler404 = "planportal.error_views.page_not_found"
handler500 = "planportal.error_views.server_error"

# Uploaded files are never served from MEDIA_URL, not even in development: each app serves its
# files through planportal.files.protected_file_view, which asks visible_to(user).

admin.site.site_header = "Planportalen – administration"
admin.site.site_title = "Planportalen"
