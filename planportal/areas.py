"""An area given on a form: drawn on a map (GeoJSON in WGS 84 from the browser) or uploaded
as a vector file (GeoJSON, GeoPackage, zipped Shapefile; any CRS GDAL can identify). Either
way the answer is one MultiPolygon in SWEREF 99 TM, or a ValidationError saying what is
wrong and where. Used by the library (a document's coverage) and referrals (a plan's area);
the form side is planportal.area_field.AreaField.

    geometry, warnings = area_from_input(geojson=text, upload=None, field="area")
"""

import json
import tempfile
from pathlib import Path

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .geo import SWEREF99TM, WGS84, within_sweden
from .geodata import GeodataError, open_vector_file
from .uploads import VECTOR_KINDS, validate_upload

POLYGONAL = ("Polygon", "MultiPolygon")
# An area is an outline, not a data set: more points than this is a mistake (or an attack).
MAX_POINTS = 200_000
MAX_FEATURES = 10_000


def _refuse(field, message, code):
    raise ValidationError({field: ValidationError(message, code=code)} if field else ValidationError(message, code))


def _parts(geometry):
    """A geometry's simple parts; collections are opened up."""
    if geometry.geom_type in ("GeometryCollection", "MultiPolygon", "MultiPoint", "MultiLineString"):
        for part in geometry:
            yield from _parts(part)
    else:
        yield geometry


def _polygonal_part(geometry):
    """The polygons of a repaired geometry (MakeValid may leave zero-area lines or points
    beside them, e.g. a spike), or None when nothing with an area is left."""
    polygons = [p for p in _parts(geometry) if p.geom_type == "Polygon" and not p.empty]
    if not polygons:
        return None
    return MultiPolygon(polygons, srid=geometry.srid).unary_union


def to_area(geometries, *, where: str, field="area") -> tuple[MultiPolygon, list[str]]:
    """GEOS geometries (all with the same SRID) -> (one valid MultiPolygon in SWEREF 99 TM,
    warnings). `where` names the input in messages ("Den ritade ytan", "plan.gpkg")."""
    warnings = []
    polygons = []
    for geometry in geometries:
        if geometry is None or geometry.empty:
            continue
        for part in _parts(geometry):
            if part.geom_type != "Polygon":
                _refuse(
                    field,
                    _("%(where)s innehåller en %(kind)s; en yta behövs (Polygon eller MultiPolygon).")
                    % {"where": where, "kind": _geometry_word(part.geom_type)},
                    "area_not_polygon",
                )
            polygons.append(part)
    if not polygons:
        _refuse(field, _("%(where)s innehåller ingen yta; en yta behövs.") % {"where": where}, "area_empty")
    srid = polygons[0].srid
    if sum(p.num_points for p in polygons) > MAX_POINTS:
        _refuse(
            field,
            _("%(where)s har fler än %(max)s punkter; förenkla ytan.") % {"where": where, "max": MAX_POINTS},
            "area_too_detailed",
        )
    if srid == WGS84:
        minx, miny, maxx, maxy = MultiPolygon(polygons).extent
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            _refuse(
                field,
                _("%(where)s har koordinater som inte är longitud/latitud (WGS 84).") % {"where": where},
                "area_coordinates",
            )
    area = MultiPolygon(polygons, srid=srid)
    if not area.valid:
        reason = _invalid_reason(area)
        repaired = _polygonal_part(area.make_valid())
        if repaired is None or repaired.area == 0:
            _refuse(
                field,
                _("%(where)s är ingen giltig yta (%(reason)s) och kunde inte lagas.")
                % {"where": where, "reason": reason},
                "area_invalid",
            )
        warnings.append(
            _("%(where)s var ogiltig (%(reason)s) och har lagats automatiskt; kontrollera ytan på kartan.")
            % {"where": where, "reason": reason}
        )
        area = repaired
    else:
        area = area.unary_union  # overlapping features become one outline
    if area.area == 0:
        _refuse(field, _("%(where)s har ingen area.") % {"where": where}, "area_empty")
    if not within_sweden(area):
        _refuse(
            field,
            _("%(where)s ligger utanför Sverige. Är koordinatsystemet rätt angivet?") % {"where": where},
            "area_outside_sweden",
        )
    area.srid = srid
    if srid != SWEREF99TM:
        area = area.transform(SWEREF99TM, clone=True)
    if isinstance(area, Polygon):
        area = MultiPolygon(area, srid=SWEREF99TM)
    return area, warnings


def _invalid_reason(geometry) -> str:
    """GEOS's reason ("Self-intersection[15.05 59.05]") in the user's language."""
    text = geometry.valid_reason
    name, _sep, where = text.partition("[")
    words = {
        "Self-intersection": _("kanten korsar sig själv"),
        "Ring Self-intersection": _("en ring korsar sig själv"),
        "Too few points in geometry component": _("för få punkter"),
        "Interior is disconnected": _("ytan är delad av sina hål"),
        "Hole lies outside shell": _("ett hål ligger utanför ytan"),
        "Nested shells": _("ytor ligger i varandra"),
        "Invalid Coordinate": _("ogiltig koordinat"),
    }
    reason = str(words.get(name.strip(), name.strip()))
    if where:
        return _("%(reason)s vid %(point)s") % {"reason": reason, "point": where.rstrip("]")}
    return reason


def _geometry_word(geom_type: str) -> str:
    if "Point" in geom_type:
        return _("punkt")
    if "Line" in geom_type:
        return _("linje")
    return geom_type


def _geojson_geometries(data):
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "FeatureCollection":
        for feature in data.get("features") or []:
            yield from _geojson_geometries(feature)
    elif kind == "Feature":
        if data.get("geometry"):
            yield from _geojson_geometries(data["geometry"])
    elif kind in ("Polygon", "MultiPolygon", "Point", "MultiPoint", "LineString", "MultiLineString"):
        yield {"type": kind, "coordinates": data.get("coordinates")}
    elif kind == "GeometryCollection":
        for geometry in data.get("geometries") or []:
            yield from _geojson_geometries(geometry)
    else:
        raise ValueError(kind)


def area_from_geojson(text, *, field="area") -> tuple[MultiPolygon, list[str]]:
    """GeoJSON drawn in the browser (a geometry, Feature or FeatureCollection; RFC 7946 WGS 84
    lon/lat, any `crs` member is ignored) -> (MultiPolygon in SWEREF 99 TM, warnings)."""
    where = _("Den ritade ytan")
    try:
        data = json.loads(text) if isinstance(text, str | bytes) else text
        geometries = []
        for item in _geojson_geometries(data):
            geometry = GEOSGeometry(json.dumps(item))
            geometry.srid = WGS84
            geometries.append(geometry)
    except (ValueError, TypeError, GEOSException, GDALException):
        _refuse(field, _("%(where)s är inte giltig GeoJSON.") % {"where": where}, "area_geojson")
    return to_area(geometries, where=where, field=field)


def area_from_file(upload, *, field="area", max_mb=None) -> tuple[MultiPolygon, list[str]]:
    """An uploaded GeoJSON, GeoPackage or zipped Shapefile (the first layer, every feature a
    polygon; any CRS GDAL can identify) -> (MultiPolygon in SWEREF 99 TM, warnings)."""
    checked = validate_upload(upload, kinds=VECTOR_KINDS, max_mb=max_mb, field=field)
    with tempfile.TemporaryDirectory(prefix="planportal-area-") as tmp:
        path = Path(tmp) / f"upload{checked.suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            with open_vector_file(path, display_name=checked.name) as layer:
                if len(layer) > MAX_FEATURES:
                    _refuse(
                        field,
                        _("%(name)s har fler än %(max)s objekt; en yta behövs, inte ett helt lager.")
                        % {"name": checked.name, "max": MAX_FEATURES},
                        "area_too_many",
                    )
                geometries = []
                for feature in layer.features():
                    if feature.geometry is None:
                        continue
                    geometry = feature.geometry.geos
                    geometry.srid = layer.srid
                    geometries.append(geometry)
        except GeodataError as exc:
            _refuse(field, str(exc), "area_file")
        except (GDALException, GEOSException):
            _refuse(field, _("%(name)s kunde inte läsas.") % {"name": checked.name}, "area_file")
    return to_area(geometries, where=checked.name, field=field)


def area_from_input(*, geojson=None, upload=None, field="area", required=True):
    """The form's two ways in: an uploaded file wins over a drawn area (it was chosen last
    and on purpose). -> (MultiPolygon in SWEREF 99 TM or None when nothing was given and
    the area is optional, warnings)."""
    if upload:
        return area_from_file(upload, field=field)
    if geojson and str(geojson).strip():
        return area_from_geojson(geojson, field=field)
    if required:
        _refuse(field, _("Rita ytan på kartan eller ladda upp en fil med ytan."), "area_required")
    return None, []
