"""The municipality layer: the API's GeoJSON response against the bare SQL query that builds
the same FeatureCollection in PostGIS. Goal: the API costs at most 1.5× the bare query."""

import json

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection
from django.test import Client

from networks.api.views import municipality_feature_collection
from networks.models import Organisation
from networks.selectors import municipality_list

from .timing import interleaved, median, p95

N_MUNICIPALITIES = 290  # every municipality in Sweden
VERTICES = 400  # per boundary, like a detailed boundary


def _ring(cx, cy, r, n):
    import math

    pts = [(cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n)) for i in range(n)]
    return pts + [pts[0]]


def _build():
    Organisation.objects.filter(kind="municipality").delete()
    rows = []
    for i in range(N_MUNICIPALITIES):
        cx, cy = 300000 + (i % 20) * 30000, 6200000 + (i // 20) * 40000
        rows.append(
            Organisation(
                name=f"Bänkkommun {i}",
                kind="municipality",
                code=f"{1000 + i}",
                slug=f"bank-{i}",
                boundary=MultiPolygon(Polygon(_ring(cx, cy, 12000, VERTICES)), srid=3006),
            )
        )
    Organisation.objects.bulk_create(rows)


def run(report):
    _build()
    client = Client()
    qs = municipality_list(user=None)

    def api():
        response = client.get("/api/v1/municipalities/")
        assert response.status_code == 200
        return response

    def bare():
        # The same FeatureCollection by hand-written SQL: the floor for this layer.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT json_build_object('type','FeatureCollection','features', coalesce(json_agg("
                "json_build_object('type','Feature','id',o.id,'geometry',"
                "ST_AsGeoJSON(ST_Transform(coalesce(o.boundary, o.seat), 4326), 6)::json,"
                "'properties', json_build_object('code',o.code,'name',o.name,'slug',o.slug,"
                "'url','/kommuner/' || o.slug || '/')) ORDER BY o.code), '[]'::json))::text "
                "FROM networks_organisation o WHERE o.kind = 'municipality'"
            )
            return cursor.fetchone()[0]

    # Same output on both sides (ids, properties, geometry), else the comparison is meaningless.
    api_features = json.loads(api().content)["features"]
    assert len(api_features) == len(json.loads(bare())["features"]) == N_MUNICIPALITIES
    assert municipality_feature_collection(qs)  # selector path used by the view

    times = interleaved({"api": api, "bare": bare}, rounds=25)
    for stat_name, stat in (("median", median), ("p95", p95)):
        ratio = stat(times["api"]) / stat(times["bare"])
        report(
            name=f"municipality layer {stat_name}: API / bare SQL",
            ratio=ratio,
            goal=1.5,
            detail=f"({stat(times['api']) * 1000:.1f} ms vs {stat(times['bare']) * 1000:.1f} ms, "
            f"{N_MUNICIPALITIES} boundaries × {VERTICES} vertices)",
        )
