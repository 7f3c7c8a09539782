"""The library's layers on the portal map (/karta/), found by planportal's autodiscovery of
`<app>/map_layers.py`: the documents' geographic coverage, and each uploaded map layer the
user may see (Layer.objects.visible_to)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from planportal.registry import register_map_layers

from . import selectors
from .api.coverage import coverage_queryset

LAYER_COLOURS = ["#6a3d9a", "#01665e", "#c51b7d", "#8c510a", "#4d4d4d"]


@register_map_layers
def library_map_layers(request):
    user = request.user
    years = sorted(coverage_queryset(user=user).order_by().values_list("year", flat=True).distinct())
    layers = [
        {
            "key": "document-coverage",
            "name": _("Dokumentens täckning"),
            "kind": "geojson",
            "url": reverse("document-coverage-geojson"),
            "color": "#006d2c",
            "fillOpacity": 0.08,
            "popup": "title",
            "detail": "year",
            "link": "url",
            "years": years,
            "year_property": "year",
            "order": 20,
            "list_url": reverse("knowledge:search"),
            "list_label": _("dokumenten i biblioteket"),
        }
    ]
    for i, layer in enumerate(selectors.layer_list(user=user)):
        layers.append(
            {
                "key": f"layer-{layer.pk}",
                "name": _("Kartlager: %(name)s") % {"name": layer.name},
                "kind": "geojson",
                "url": reverse("layer-features", kwargs={"pk": layer.pk}),
                "color": LAYER_COLOURS[i % len(LAYER_COLOURS)],
                "list_url": layer.get_absolute_url(),
                "list_label": _("objekten som lista"),
                "example": layer.is_example,
                "order": 30,
            }
        )
    return layers
