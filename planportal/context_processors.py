from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import user_organisation

# The main navigation; an entry shows once its part exists (its URL name resolves).
NAVIGATION = [
    ("knowledge:index", _("Dokument")),
    ("networks:network_list", _("Nätverk")),
    ("referrals:index", _("Remisser")),
    ("rus:index", _("RUS")),
    ("map", _("Karta")),
    ("networks:municipality_list", _("Kommuner")),
]


def _navigation(path: str):
    items = []
    for name, label in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": path.startswith(url)})
    return items


def _search_url():
    try:
        return reverse("knowledge:search")
    except NoReverseMatch:
        return None


def portal(request):
    return {
        "search_url": _search_url(),
        "nav_items": _navigation(request.path),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "user_organisation": user_organisation(getattr(request, "user", None)),
    }
