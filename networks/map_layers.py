"""Meeting places on the portal map (/karta/), found by planportal's autodiscovery of
`<app>/map_layers.py`: the meetings with a place that the user may see, clustered."""

from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _

from planportal.registry import register_map_layers

from .models import Meeting


@register_map_layers
def meeting_place_layers(request):
    meetings = Meeting.objects.visible_to(request.user).filter(point__isnull=False)
    years = sorted(meetings.order_by().annotate(y=ExtractYear("starts_at")).values_list("y", flat=True).distinct())
    return [
        {
            "key": "meeting-places",
            "name": _("Mötesplatser"),
            "kind": "points",
            "cluster": True,
            "url": reverse("meeting-places-geojson"),
            "color": "#a50f15",
            "popup": "title",
            "detail": "place",
            "link": "url",
            "years": years,
            "year_property": "starts_at",
            "order": 60,
            "list_url": reverse("networks:network_list"),
            "list_label": _("nätverken och deras möten"),
        }
    ]
