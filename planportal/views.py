from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.generic import TemplateView

from .home import home_entries
from .news import home_news
from .registry import home_cards_for


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
