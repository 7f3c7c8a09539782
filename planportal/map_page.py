"""The combined portal map at /karta/: the municipalities and every layer the apps register
(planportal.registry.register_map_layers, or a module `<app>/map_layers.py`), with a layer
switcher, a legend, a year filter, popups, clustered points, the state in the address, and beside
it a list of what is in view (static/js/portal_map.js).

A layer spec, as the page and portal_map.js read it:
    key          unique, in the address (?layers=key,key)
    name         the switcher's and the legend's text
    kind         "geojson" (default) | "points" (clustered when "cluster": true) | "mvt"
    url          GeoJSON FeatureCollection (geojson, points)
    tiles        vector-tile URL template with {z}/{x}/{y} (mvt)
    list_api     (mvt) JSON {count, results: [{name, url, detail}]} of what is in a `bbox`
    color, class_property + classes {value: {label, color}}, weight, fillOpacity
    popup, detail, link   property names (see static/js/map.js)
    years        the years the layer has (the year filter offers their union)
    year_param   the year goes to the server as this parameter (url, tiles, list_api)
    year_property      or: the features are filtered by this property's first four characters
    on           shown when the address names no layers
    order        place in the switcher (default 100)
    list_url, list_label   where the same features are a list (shown without JavaScript too)
    example      true: example data (said in the switcher)"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from networks import selectors as network_selectors

from .registry import map_layers_for


def _strings() -> dict:
    """The texts portal_map.js writes, translated here."""
    return {
        "legend": _("Teckenförklaring"),
        "loading": _("Listan uppdateras …"),
        "in_view": _("%(count)s objekt i kartans utsnitt."),
        "nothing": _("Inga objekt i kartans utsnitt. Zooma ut eller välj fler lager."),
        "no_layers": _("Inga lager är valda."),
        "shown_first": _("%(layer)s: %(count)s i utsnittet, de första %(shown)s listas."),
        "more": _("alla i listan"),
        "error": _("%(layer)s kunde inte läsas in."),
        "all_years": _("Alla år"),
        "cluster": _("%(count)s här. Zooma in för att se var för sig."),
        "zoom_in": _("Zooma in hit"),
    }


class PortalMapView(TemplateView):
    template_name = "map.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["municipalities"] = network_selectors.municipality_list(user=self.request.user)
        municipalities = {
            "key": "municipalities",
            "name": _("Kommuner"),
            "kind": "geojson",
            "url": reverse("municipality-geojson"),
            "color": "#005a9c",
            "fillOpacity": 0.04,
            "popup": "name",
            "link": "url",
            "on": True,
            "order": 0,
            "list_url": reverse("networks:municipality_list"),
            "list_label": _("kommunerna som lista"),
        }
        layers = [municipalities, *sorted(map_layers_for(self.request), key=lambda layer: layer.get("order", 100))]
        for layer in layers:
            layer["name"] = str(layer["name"])
            if "list_label" in layer:
                layer["list_label"] = str(layer["list_label"])
        active = active_keys(self.request, layers)
        for layer in layers:
            layer["checked"] = layer["key"] in active
        years = sorted({year for layer in layers for year in layer.get("years", [])}, reverse=True)
        ctx.update(
            layers=layers,
            other_layers=layers[1:],
            years=years,
            year=self._year(years),
            map_layers_json=layers,
            map_strings=_strings(),
        )
        return ctx

    def _year(self, years):
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            return None
        return year if year in years else None


def active_keys(request, layers) -> set:
    """The layers the address names (?layers=a,b or repeated), else those marked "on"."""
    named = {key for value in request.GET.getlist("layers") for key in value.split(",") if key}
    known = {layer["key"] for layer in layers}
    if named & known:
        return named & known
    return {layer["key"] for layer in layers if layer.get("on")}
