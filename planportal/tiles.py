"""The map tiles' attribution in the page's language (issue 12). MAP_TILE_ATTRIBUTION is written
in Swedish (OpenStreetMap asks for "© OpenStreetMap-bidragsgivare" on Swedish pages); its
standard ending is translated, so English pages read "© OpenStreetMap contributors". Any other
attribution (another tile server's) is shown as configured."""

from django.conf import settings
from django.utils.translation import pgettext

SWEDISH_CONTRIBUTORS = "-bidragsgivare"


def tile_attribution() -> str:
    text = settings.MAP_TILE_ATTRIBUTION
    if text.endswith(SWEDISH_CONTRIBUTORS):
        # Translators: follows the name OpenStreetMap in the map's attribution ("OpenStreetMap-bidragsgivare").
        return text[: -len(SWEDISH_CONTRIBUTORS)] + pgettext("map attribution", "-bidragsgivare")
    return text
