"""A form field for an area: drawn on a Leaflet map (Leaflet-Geoman, static/js/draw.js) into a
hidden GeoJSON input, or uploaded as a vector file (the keyboard's way, and the way for
areas that exist in a GIS already). Cleans to a MultiPolygon in SWEREF 99 TM (or None when
optional and empty) through planportal.areas.

    class CoverageForm(PortalForm):
        coverage = AreaField(label=_("Täckning"), required=False)

The page includes `includes/map_assets.html` and `{{ form.media }}` in its head and renders the
field with `includes/field.html` in a form with enctype="multipart/form-data". After
is_valid(), `form.fields["coverage"].warnings` lists what was repaired (show it to the user)."""

from django import forms
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .areas import area_from_input
from .geo import WGS84
from .tiles import tile_attribution

FILE_SUFFIX = "_file"


class AreaWidget(forms.Widget):
    template_name = "includes/area_input.html"
    needs_multipart_form = True

    class Media:
        css = {"all": ("vendor/leaflet-geoman/leaflet-geoman.css",)}
        js = ("vendor/leaflet-geoman/leaflet-geoman.min.js", "js/draw.js")

    def value_from_datadict(self, data, files, name):
        return {"geojson": data.get(name, ""), "file": files.get(name + FILE_SUFFIX)}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + FILE_SUFFIX not in files

    def id_for_label(self, id_):
        # The label names the file input: the control every user (keyboard included) can use.
        return f"{id_}{FILE_SUFFIX}" if id_ else id_

    def format_value(self, value):
        if isinstance(value, GEOSGeometry):
            geometry = value if value.srid == WGS84 else value.transform(WGS84, clone=True)
            return geometry.json
        if isinstance(value, dict):
            return value.get("geojson") or ""
        return value or ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        base_id = widget["attrs"].get("id") or f"id_{name}"
        file_id = f"{base_id}{FILE_SUFFIX}"
        file_attrs = {k: v for k, v in widget["attrs"].items() if k != "id"}
        # includes/field.html names the help and errors after id_for_label (the file input's id)
        described = [f"{base_id}-how"] + [
            file_id + ref[len(base_id) :] if ref.startswith(f"{base_id}-") else ref
            for ref in file_attrs.get("aria-describedby", "").split()
        ]
        file_attrs["aria-describedby"] = " ".join(described)
        widget.update(
            id=base_id,
            file_name=name + FILE_SUFFIX,
            file_id=file_id,
            file_attrs=file_attrs,
            map_id=f"{base_id}-map",
            tile_url=settings.MAP_TILE_URL,
            tile_attribution=tile_attribution(),
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine (templates/includes), not the form renderer's own.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))  # SafeString, escaped


class AreaField(forms.Field):
    widget = AreaWidget
    default_error_messages = {"required": _("Rita ytan på kartan eller ladda upp en fil med ytan.")}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.warnings: list[str] = []
        self._cleaned = None  # the area read from this form's input (each form has its own field copy)

    def to_python(self, value):
        if value is None or isinstance(value, GEOSGeometry):
            return value
        geometry, self.warnings = area_from_input(
            geojson=value.get("geojson"), upload=value.get("file"), field=None, required=False
        )
        self._cleaned = geometry
        return geometry

    def bound_data(self, data, initial):
        # A form shown again (another field was wrong) keeps the area it read, also one read from
        # an uploaded file, which a browser cannot put back into a file input.
        if self._cleaned is not None:
            return self._cleaned
        return super().bound_data(data, initial)

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        data = data or {}
        if data.get("file"):
            return True
        initial_text = self.widget.format_value(initial)
        return (data.get("geojson") or "") != initial_text
