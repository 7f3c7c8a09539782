"""Features of a collection as GeoJSON text, built by PostGIS: a page (with the number matched
and returned) in one statement, one feature in one statement. Python never holds a feature:
the features' JSON array is PostGIS's text, put into the response as it is."""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F

from planportal.geo import SWEREF99TM, geojson_feature

from .collections import Collection
from .params import Crs


@dataclass(frozen=True)
class Page:
    matched: int
    returned: int
    features: str  # a JSON array (text)


def _feature(collection: Collection, crs: Crs):
    properties = collection.properties or F("properties")  # a layer: its uploaded attributes
    return geojson_feature(
        geometry=collection.geometry,
        properties=properties,
        precision=crs.precision,
        srid=crs.srid,
        flip_axes=crs.north_first,
    )


def matching(collection: Collection, *, bbox=None, dates=None):
    """The collection's features within `bbox` (a Polygon, any SRID) and the `dates` (first day,
    last day), in a stable order for paging."""
    qs = collection.queryset
    if bbox is not None:
        box = bbox if bbox.srid == SWEREF99TM else bbox.transform(SWEREF99TM, clone=True)
        qs = qs.filter(**{f"{collection.geometry}__intersects": box})
    if dates is not None:
        qs = collection.temporal(qs, *dates)
    return qs.order_by("pk")


def page(collection: Collection, *, crs: Crs, bbox=None, dates=None, limit: int, offset: int) -> Page:
    """One page of features and the number matched, in one statement."""
    qs = matching(collection, bbox=bbox, dates=dates)
    # The page's keys first, then the features of those only: PostgreSQL would otherwise build
    # the skipped rows' GeoJSON too (the projection runs below LIMIT … OFFSET).
    keys = qs.values("pk")[offset : offset + limit]
    rows = (
        collection.queryset.filter(pk__in=keys)
        .order_by("pk")
        .annotate(_feature=_feature(collection, crs))
        .values("_feature")
    )
    try:
        count_sql, count_params = qs.order_by().values("pk").query.sql_with_params()
        page_sql, page_params = rows.query.sql_with_params()
    except EmptyResultSet:  # Django knows there are none (e.g. an empty pk__in)
        return Page(0, 0, "[]")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM ({count_sql}) matched), count(*), "
            "coalesce(json_agg(sub._feature), '[]'::json)::text "
            f"FROM ({page_sql}) sub",
            (*count_params, *page_params),
        )
        matched, returned, features = cursor.fetchone()
    return Page(matched, returned, features)


def one(collection: Collection, *, pk: int, crs: Crs) -> str | None:
    """One feature (text), None when the collection has none with that id."""
    rows = collection.queryset.filter(pk=pk).annotate(_feature=_feature(collection, crs)).values("_feature")
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT sub._feature::text FROM ({sql}) sub", params)
        row = cursor.fetchone()
    return row[0] if row else None
