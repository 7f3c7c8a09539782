from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import ADMINISTRATOR, CASE_OFFICER, has_role, user_organisation
from .tiles import tile_attribution

# The main navigation; an entry shows once its part exists (its URL name resolves).
NAVIGATION = [
    ("knowledge:index", _("Dokument")),
    ("networks:network_list", _("Nätverk")),
    ("referrals:index", _("Remisser")),
    ("rus:index", _("RUS")),
    ("map", _("Karta")),
    ("networks:municipality_list", _("Kommuner")),
]


# Entries that lead elsewhere for those whose pages they are not: the public's "Remisser" is the
# public register (diarium); the work list under /remisser/ is for case officers.
PUBLIC_NAVIGATION = {"referrals:index": "referrals:register"}


def _navigation(path: str, user=None):
    officer = has_role(user, CASE_OFFICER, ADMINISTRATOR)
    items = []
    for name, label in NAVIGATION:
        if not officer and name in PUBLIC_NAVIGATION:
            name = PUBLIC_NAVIGATION[name]
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": path.startswith(url)})
    return items


def _search_url():
    """The header's search box: the whole portal's search (/sok/), else the library's."""
    for name in ("search:index", "knowledge:search"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def portal(request):
    return {
        "search_url": _search_url(),
        "nav_items": _navigation(request.path, getattr(request, "user", None)),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": tile_attribution(),
        "user_organisation": user_organisation(getattr(request, "user", None)),
    }
