"""Mapbox vector tiles (MVT) built by PostGIS from a queryset, for layers too large for GeoJSON.

The tile query is the queryset itself, compiled by Django (`.query.sql_with_params()`) and
wrapped in `ST_AsMVT`: whatever `visible_to(user)` and the filters put in the queryset's WHERE is
in the tile's WHERE, so the rules of who sees what are the same code as the pages' and the API's.

The tile's envelope is added to the queryset as an `&&` filter on the stored column (SWEREF 99
TM), so PostgreSQL reaches the rows through the column's GiST index: the envelope (EPSG:3857,
widened by the buffer and densified so that its curved edges in SWEREF 99 TM are kept) is
transformed to the column's SRID once, never the column per row.

(django-vectortiles does the same wrapping; it was tried and left: its filter is ST_Intersects on
the tile's four corners, which at zoom 8 misses areas near a tile's curved edge, and its tiles
have no feature ids.)"""

import math

from django.contrib.gis.db.models import GeometryField
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection, transaction
from django.db.models import F, Func, Value
from django.utils.translation import gettext_lazy as _

WEB_MERCATOR = 3857
CONTENT_TYPE = "application/vnd.mapbox-vector-tile"
MAX_ZOOM = 22
EXTENT = 4096  # tile coordinates per side (the MVT default)
BUFFER = 64  # tile coordinates drawn beyond the edge, so strokes join across tiles
_WORLD = 40075016.685578488  # EPSG:3857's width in metres


class TileEnvelope(Func):
    """ST_TileEnvelope(z, x, y) in EPSG:3857, widened by `margin` (a share of the tile's side)."""

    template = "ST_TileEnvelope(%(expressions)s, margin => %(margin)s)"

    def __init__(self, z: int, x: int, y: int, margin: float = 0.0):
        super().__init__(
            Value(z), Value(x), Value(y), margin=float(margin), output_field=GeometryField(srid=WEB_MERCATOR)
        )


class Segmentize(Func):
    function = "ST_Segmentize"

    def __init__(self, geometry, max_length: float):
        super().__init__(geometry, Value(float(max_length)), output_field=GeometryField(srid=WEB_MERCATOR))


class Concat:
    """A text property built in the tile statement from literal text and the row's fields
    (`Col("field")`), e.g. a feature's address: Concat("/diarium/", Col("diary_year"), "/")."""

    def __init__(self, *parts):
        self.parts = parts

    def fields(self):
        return [part for part in self.parts if isinstance(part, Col)]


class Col(str):
    """A field's value inside a Concat."""


# A tile reads a window of the table: through the spatial index, always. At county zooms (a z8
# tile holds ~40 % of a county's rows) the planner would otherwise pick a sequential scan for
# this statement, whose cost lies in ST_AsMVTGeom either way; for this transaction only.
INDEX_ONLY = "SET LOCAL enable_seqscan = off"


def check_tile(z: int, x: int, y: int) -> None:
    """ValidationError naming the coordinate unless (z, x, y) is a tile of the XYZ grid."""
    if not 0 <= z <= MAX_ZOOM:
        raise ValidationError({"z": _("Zoomnivån (z) ska vara 0–%(max)s.") % {"max": MAX_ZOOM}}, code="tile_zoom")
    side = 2**z
    for name, value in (("x", x), ("y", y)):
        if not 0 <= value < side:
            raise ValidationError(
                {name: _("%(name)s ska vara 0–%(max)s på zoomnivå %(z)s.") % {"name": name, "max": side - 1, "z": z}},
                code="tile_coordinate",
            )


def tile_containing(point, z: int) -> tuple[int, int, int]:
    """The (z, x, y) of the XYZ tile holding `point` (GEOS, any SRID)."""
    lon, lat = point.transform(4326, clone=True).coords if point.srid not in (None, 4326) else point.coords
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tile_filter_envelope(z: int, x: int, y: int, *, extent: int = EXTENT, buffer: int = BUFFER) -> Func:
    """The area whose rows a tile may draw: the tile with its buffer, densified (a side in eight)."""
    envelope = TileEnvelope(z, x, y, margin=buffer / extent)
    return Segmentize(envelope, _WORLD / 2**z / 8)


def tile_queryset(queryset, *, z: int, x: int, y: int, geometry: str, fields, extent: int = EXTENT,
                  buffer: int = BUFFER):  # fmt: skip
    """`queryset` cut to the tile by an index-backed `&&` on `geometry`, as rows of `fields`: the
    inner statement of `vector_tile` (also what the tests EXPLAIN)."""
    envelope = tile_filter_envelope(z, x, y, extent=extent, buffer=buffer)
    return queryset.filter(**{f"{geometry}__bboverlaps": envelope}).order_by().values(*fields)


def tile_sql(queryset, *, z: int, x: int, y: int, layer: str, geometry: str, properties: dict,
             id_field: str = "pk", extent: int = EXTENT, buffer: int = BUFFER,
             cluster: int | None = None) -> tuple[str, list] | None:  # fmt: skip
    """The whole ST_AsMVT statement and its parameters (None when Django knows there are no rows).

    `properties`: name -> a field name, or a Concat of text and fields. The queryset (with its
    rules and filters) is compiled by Django as it is, reading only the fields named here; the
    tile's geometry and attributes are written around it (compiling them as annotations cost
    more than the rest of the request).

    `cluster` (tile units, e.g. 256 of 4096): instead of each row's shape, one point per grid
    cell of that size holding rows (the middle of their bounding boxes), with `count`; a cell of
    one row keeps its id and properties. For zooms where a tile would hold tens of thousands of
    shapes, megabytes no map draws smoothly (see `cluster_statement`)."""
    check_tile(z, x, y)
    if cluster:
        buffer = 0  # a cell's point lies inside its tile: drawn once, by that tile
    fields = [id_field, geometry]
    for value in properties.values():
        for name in value.fields() if isinstance(value, Concat) else [value]:
            if name not in fields:
                fields.append(name)
    inner = tile_queryset(queryset, z=z, x=x, y=y, geometry=geometry, fields=fields, extent=extent, buffer=buffer)
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # e.g. .none(): nothing to draw
        return None
    column = {name: f"q.c{i}" for i, name in enumerate(fields)}
    quote = connection.ops.quote_name
    if cluster:
        srid = queryset.model._meta.get_field(geometry).srid
        return cluster_statement(
            sql, params, column=column, z=z, x=x, y=y, layer=layer, extent=extent, srid=srid,
            geometry=geometry, id_field=id_field, properties=properties, cell=cluster,
        )  # fmt: skip
    select = [
        f"ST_AsMVTGeom(ST_Transform({column[geometry]}::geometry, {WEB_MERCATOR}), "
        "ST_TileEnvelope(%s, %s, %s), %s, %s, true) AS geom",
        f"{column[id_field]} AS id",
    ]
    select_params = [z, x, y, extent, buffer]
    for name, value in properties.items():
        select.append(f"{_property_sql(value, column, select_params)} AS {quote(name)}")
    # ST_AsMVT skips rows whose ST_AsMVTGeom is NULL (nothing left in the tile): no filter on it,
    # which PostgreSQL would inline and so compute every row's tile geometry twice.
    statement = (
        "SELECT ST_AsMVT(t.*, %s, %s, 'geom', 'id') FROM ("
        f"SELECT {', '.join(select)} FROM ({sql}) AS q({', '.join(f'c{i}' for i in range(len(fields)))})) t"
    )
    return statement, [layer, extent, *select_params, *params]


def _property_sql(value, column, params: list) -> str:
    """A property's SQL over the inner statement's columns: a column, or a Concat of text and columns."""
    if not isinstance(value, Concat):
        return column[value]
    parts = []
    for part in value.parts:
        if isinstance(part, Col):
            parts.append(f"{column[part]}::text")
        else:
            parts.append("%s::text")
            params.append(str(part))
    return f"({' || '.join(parts)})"


def cluster_statement(sql, params, *, column, z, x, y, layer, extent, srid, geometry, id_field,
                      properties, cell) -> tuple[str, list]:  # fmt: skip
    """ST_AsMVT of the rows grouped by grid cell (`cell` tile units; the grid is the same in every
    tile, so a cell never straddles two): each cell a point at the mean of its rows' bounding-box
    middles (read from the stored box, never the whole shape), `count` rows, and where the cell
    holds one row, its id and properties (otherwise the smallest id, and no properties)."""
    quote = connection.ops.quote_name
    cell_metres = _WORLD / 2**z / extent * cell
    inner_params: list = []
    columns = [
        f"ST_Transform(ST_SetSRID(ST_Centroid({column[geometry]}::geometry::box2d::geometry), {int(srid)}), "
        f"{WEB_MERCATOR}) AS p",
        f"{column[id_field]} AS id",
    ]
    outer = [
        "ST_AsMVTGeom(ST_Centroid(ST_Collect(g.p)), ST_TileEnvelope(%s, %s, %s), %s, 0, true) AS geom",
        "min(g.id) AS id",
        "count(*) AS count",
    ]
    outer_params = [z, x, y, extent]
    for i, (name, value) in enumerate(properties.items()):
        columns.append(f"{_property_sql(value, column, inner_params)} AS v{i}")
        outer.append(f"CASE WHEN count(*) = 1 THEN (array_agg(g.v{i}))[1] END AS {quote(name)}")
    statement = (
        "SELECT ST_AsMVT(t.*, %s, %s, 'geom', 'id') FROM ("
        f"SELECT {', '.join(outer)} FROM ("
        f"SELECT {', '.join(columns)} FROM ({sql}) AS q({', '.join(f'c{i}' for i in range(len(column)))})"
        ") g GROUP BY ST_SnapToGrid(g.p, %s)) t"
    )
    return statement, [layer, extent, *outer_params, *inner_params, *params, cell_metres]


def vector_tile(queryset, **kwargs) -> bytes:
    """One MVT tile (bytes; empty when nothing is in it) of `queryset`'s `geometry` column, with
    one layer named `layer`, feature ids from `id_field` and `properties` (name -> field name or
    expression) as the features' attributes. The rows are the queryset's: start it from
    `Model.objects.visible_to(user)` and only name properties everyone it serves may read."""
    built = tile_sql(queryset, **kwargs)
    if built is None:
        return b""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(INDEX_ONLY)
        cursor.execute(*built)
        tile = cursor.fetchone()[0]
    return bytes(tile) if tile is not None else b""


def cache_headers(response, request, *, max_age: int = 300):
    """Tiles differ by who asks (visibility, links): anyone signed in gets private, short-lived
    caching; the anonymous public a shared one. Vary on the cookie either way."""
    from django.utils.cache import patch_cache_control, patch_vary_headers

    if request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=min(max_age, 60))
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ["Cookie"])
    return response


IN_VIEW_LIMIT = 50


def in_view_items(queryset, *, name, url, detail=None, limit: int = IN_VIEW_LIMIT) -> dict:
    """What a tiled layer shows in a map's view, as text for the list beside the map (the tiles
    themselves cannot be read by a screen reader): the count and the first `limit` rows (in the
    queryset's order) with `name`, `url` and `detail` (field names or expressions). Two queries,
    however many rows."""
    columns = {"name": name, "url": url}
    if detail is not None:
        columns["detail"] = detail
    columns = {f"_item_{key}": F(expr) if isinstance(expr, str) else expr for key, expr in columns.items()}
    rows = list(queryset.values("pk", **columns)[:limit])
    count = len(rows) if len(rows) < limit else queryset.order_by().count()
    items = [{"id": row["pk"], **{key[6:]: value for key, value in row.items() if key != "pk"}} for row in rows]
    return {"count": count, "limit": limit, "results": items}
