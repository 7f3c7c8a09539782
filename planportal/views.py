import json

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from networks import selectors as network_selectors

from .home import home_entries
from .news import home_news
from .registry import home_cards_for, map_layers_for


class HomeView(TemplateView):
    """Everyone: an entry to each part with one line on what is there. Signed in: first the
    person's own cards (their municipality, meetings, cases …), which the apps register."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["entries"] = home_entries()
        ctx["cards"] = home_cards_for(self.request) if self.request.user.is_authenticated else []
        ctx["news"] = home_news(self.request)
        return ctx


class MapView(TemplateView):
    template_name = "map.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["municipalities"] = network_selectors.municipality_list(user=self.request.user)
        layers = [
            {
                "key": "municipalities",
                "name": str(_("Kommuner")),
                "url": reverse("municipality-geojson"),
                "color": "#005a9c",
                "fit": True,
            },
            *map_layers_for(self.request),
        ]
        ctx["other_layers"] = layers[1:]
        ctx["map_layers_json"] = json.dumps(layers)
        return ctx


class AccessibilityView(TemplateView):
    template_name = "accessibility.html"


class AboutView(TemplateView):
    template_name = "about.html"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT PostGIS_Lib_Version()")
            cursor.fetchone()
        return True
    except Exception:
        return False


def _broker_ok() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
        return bool(client.ping())
    except Exception:
        return False


def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse({"status": "ok" if status == 200 else "unavailable", "checks": checks}, status=status)
