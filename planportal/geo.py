"""Geodata helpers shared by the apps: the SRIDs, a `bbox` parameter, and GeoJSON
FeatureCollections built in PostGIS (one query, no per-feature Python)."""

from django.contrib.gis.db.models.functions import AsGeoJSON, GeoFunc, Transform
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, Polygon
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection
from django.db.models import F, Func, JSONField, Value
from django.utils.translation import gettext_lazy as _

SWEREF99TM = 3006
WGS84 = 4326

# Sweden's extent in lon/lat, with a margin; anything a map asks for outside it is an error.
SWEDEN_BOUNDS_4326 = (10.0, 55.0, 25.0, 69.5)
# The same in SWEREF 99 TM metres (minx, miny, maxx, maxy): EPSG:3006's area of use (Sweden on
# land and at sea, 181896 6101648 … Haparanda at x≈917000, Treriksröset at y≈7689000) with a
# margin. What `within_sweden` checks stored geometries against.
SWEDEN_BOUNDS_3006 = (180000.0, 6090000.0, 1000000.0, 7700000.0)


def within_sweden(geometry) -> bool:
    """True when the whole of `geometry` (GEOS or OGR, any SRID GDAL knows; no SRID means
    SWEREF 99 TM) lies within SWEDEN_BOUNDS_3006. The one Sweden-bounds check of the portal:
    uploads, drawn areas and imports ask it before they store anything."""
    if hasattr(geometry, "geos"):  # an OGRGeometry
        srid = geometry.srid
        geometry = geometry.geos
        geometry.srid = srid
    if geometry.empty:
        return False
    if geometry.srid not in (None, SWEREF99TM):
        try:
            geometry = geometry.transform(SWEREF99TM, clone=True)
        except (GDALException, GEOSException):  # e.g. latitude 200: nowhere on earth, so not in Sweden
            return False
    minx, miny, maxx, maxy = geometry.extent
    bminx, bminy, bmaxx, bmaxy = SWEDEN_BOUNDS_3006
    return bminx <= minx and bminy <= miny and maxx <= bmaxx and maxy <= bmaxy


def parse_bbox(value: str) -> Polygon:
    """`minlon,minlat,maxlon,maxlat` in EPSG:4326 -> a Polygon (SRID 4326).

    Raises ValidationError (on `bbox`) with a translated message that says what is wrong."""
    parts = [p.strip() for p in (value or "").split(",")]
    if len(parts) != 4:
        raise ValidationError(
            {"bbox": _("Ange bbox som fyra tal: minlon,minlat,maxlon,maxlat (EPSG:4326).")}, code="bbox_format"
        )
    try:
        minx, miny, maxx, maxy = (float(p) for p in parts)
    except ValueError:
        message = _("bbox får bara innehålla tal, t.ex. 14.3,58.6,15.8,60.1.")
        raise ValidationError({"bbox": message}, code="bbox_number")
    if not (-180 <= minx <= 180 and -180 <= maxx <= 180 and -90 <= miny <= 90 and -90 <= maxy <= 90):
        raise ValidationError({"bbox": _("bbox ska vara longitud/latitud i grader (EPSG:4326).")}, code="bbox_range")
    if minx >= maxx or miny >= maxy:
        raise ValidationError({"bbox": _("bbox: minsta värdet måste vara mindre än största.")}, code="bbox_order")
    polygon = Polygon.from_bbox((minx, miny, maxx, maxy))
    polygon.srid = WGS84
    return polygon


class JSONBuildObject(Func):
    """json_build_object(...): plain json, not jsonb, so large geometries are not re-parsed."""

    function = "json_build_object"
    output_field = JSONField()

    def __init__(self, **fields):
        args = []
        for key, value in fields.items():
            args.extend([Value(key), value])
        super().__init__(*args)


class AsJSON(Func):
    template = "(%(expressions)s)::json"
    output_field = JSONField()


class FlipCoordinates(GeoFunc):
    """ST_FlipCoordinates: y before x, for CRSs whose first axis is north (EPSG:4326, EPSG:3006
    as their authority defines them; GeoJSON's own order is x, y)."""

    function = "ST_FlipCoordinates"


def geojson_feature(
    *, geometry, properties, id_expr=None, precision: int = 6, srid: int = WGS84, flip_axes: bool = False
) -> Func:
    """A database expression for one GeoJSON Feature, in EPSG:4326 lon/lat unless `srid` says
    otherwise; `flip_axes` writes y before x (OGC API Features Part 2's authority axis order).
    `properties`: name -> expression, or one expression that is already a JSON object."""
    shape = Transform(geometry, srid)
    if flip_axes:
        shape = FlipCoordinates(shape)
    return JSONBuildObject(
        type=Value("Feature"),
        id=id_expr if id_expr is not None else F("pk"),
        geometry=AsJSON(AsGeoJSON(shape, precision=precision)),
        properties=JSONBuildObject(**properties) if isinstance(properties, dict) else properties,
    )


EMPTY_FEATURE_COLLECTION = '{"type": "FeatureCollection", "features": []}'


def feature_collection(queryset, *, geometry: str, properties: dict, id_expr=None, precision: int = 6) -> str:
    """Serialise `queryset` as a GeoJSON FeatureCollection (text), built by PostGIS.

    `properties` maps property names to field names or expressions. The queryset's order is kept."""
    properties = {name: F(expr) if isinstance(expr, str) else expr for name, expr in properties.items()}
    inner = queryset.annotate(
        _feature=geojson_feature(geometry=geometry, properties=properties, id_expr=id_expr, precision=precision)
    ).values("_feature")
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # e.g. .none() or pk__in=[]: Django knows there are no rows
        return EMPTY_FEATURE_COLLECTION
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT json_build_object('type', 'FeatureCollection', 'features', "
            "coalesce(json_agg(sub._feature), '[]'::json))::text "
            f"FROM ({sql}) sub",
            params,
        )
        return cursor.fetchone()[0]
