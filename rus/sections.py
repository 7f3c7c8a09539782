from django.utils.translation import gettext as _

from . import selectors


def municipality_indicator_section(organisation, request):
    """On a municipality's page: its RUS indicators against the county."""
    if not organisation.is_municipality:
        return None
    rows = selectors.municipality_indicators(organisation=organisation, user=request.user)
    if not rows:
        return None
    for row in rows:
        row["bars"] = _bars(row["value"], row["county_value"])
    return {
        "title": _("RUS-indikatorer: kommunen jämfört med länet"),
        "template": "rus/municipality_section.html",
        "order": 20,
        "rows": rows,
        "example": any(r["indicator"].is_example for r in rows),
    }


def _bars(own, county) -> dict | None:
    """The lengths (0–100) of the row's two bars, the larger value full length; None without both
    values or for negative ones (the bars are a picture of the table's numbers, not more)."""
    if own is None or county is None or own < 0 or county < 0:
        return None
    top = max(own, county)
    if not top:
        return {"own": 0, "county": 0}
    return {"own": round(float(own / top) * 100), "county": round(float(county / top) * 100)}


def structure_map_layers(request):
    """The structure images as layers on the portal map, each with its list of features."""
    from .views import structure_layers

    images = list(selectors.structure_image_list(user=request.user))
    layers = structure_layers(images)
    for layer, image in zip(layers, images, strict=True):
        layer["list_url"] = image.get_absolute_url()
        layer["list_label"] = _("objekten som lista")
    return layers
