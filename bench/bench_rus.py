"""The RUS choropleth: the API's GeoJSON (indicator lookup, years, class breaks, the
FeatureCollection built in PostGIS) against one hand-written SQL query that builds the same
collection, breaks included. Goal: the API costs at most 1.5× the bare query."""

import json
import math
from decimal import Decimal

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection
from django.test import Client

from networks.models import Organisation
from rus.models import Goal, Indicator, IndicatorValue, Strategy

from .timing import interleaved, median, p95

N_MUNICIPALITIES = 290  # every municipality in Sweden
VERTICES = 400  # per boundary, like a detailed boundary
YEARS = range(2018, 2026)


def _ring(cx, cy, r, n):
    pts = [(cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n)) for i in range(n)]
    return pts + [pts[0]]


def _build() -> Indicator:
    Organisation.objects.filter(kind="municipality").delete()
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Bänkkommun {i}",
            kind="municipality",
            code=f"{1000 + i}",
            slug=f"bank-{i}",
            boundary=MultiPolygon(
                Polygon(_ring(300000 + (i % 20) * 30000, 6200000 + (i // 20) * 40000, 12000, VERTICES)), srid=3006
            ),
        )
        for i in range(N_MUNICIPALITIES)
    )
    strategy = Strategy.objects.create(
        name="Bänkstrategi", slug="bank", period_start=2018, period_end=2030, status="published"
    )
    goal = Goal.objects.create(strategy=strategy, code="1", name="Bänkmål")
    indicator = Indicator.objects.create(
        goal=goal,
        slug="bank",
        name="Bänkindikator",
        baseline_year=2018,
        baseline_value=Decimal(50),
        target_year=2030,
        target_value=Decimal(80),
    )
    areas = list(Organisation.objects.filter(kind="municipality"))
    indicator.areas.set(areas)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, area=a, year=y, value=Decimal(40 + (a.pk * 7 + y) % 50))
        for a in areas
        for y in YEARS
    )
    return indicator


BARE_SQL = """
WITH v AS (
  SELECT area_id, value FROM rus_indicatorvalue WHERE indicator_id = %(ind)s AND year = %(year)s
),
b AS (SELECT min(value) AS lo, max(value) AS hi FROM v JOIN networks_organisation o ON o.id = v.area_id
      WHERE o.kind = 'municipality')
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
  'type', 'Feature', 'id', o.id,
  'geometry', ST_AsGeoJSON(ST_Transform(coalesce(o.boundary, o.seat), 4326), 6)::json,
  'properties', json_build_object(
    'code', o.code, 'name', o.name, 'url', '/kommuner/' || o.slug || '/', 'value', v.value,
    'year', %(year)s, 'indicator', 'bank', 'unit', '',
    'colour', CASE WHEN v.value IS NULL THEN '#bdbdbd'
      ELSE (ARRAY['#eff3ff','#bdd7e7','#6baed6','#3182bd','#08519c'])[
        least(5, greatest(1, ceil((v.value - b.lo) / nullif((b.hi - b.lo) / 5, 0))::int))] END,
    'is_point', o.boundary IS NULL)
) ORDER BY o.code), '[]'::json))::text
FROM networks_organisation o CROSS JOIN b LEFT JOIN v ON v.area_id = o.id
WHERE o.kind = 'municipality' AND (o.boundary IS NOT NULL OR o.seat IS NOT NULL)
"""


def run(report):
    indicator = _build()
    client = Client()
    year = max(YEARS)

    def api():
        response = client.get(f"/api/v1/rus/indicators/{indicator.slug}/choropleth/", {"year": year})
        assert response.status_code == 200
        return response

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(BARE_SQL, {"ind": indicator.pk, "year": year})
            return cursor.fetchone()[0]

    # Same features and values on both sides, else the comparison is meaningless.
    api_features = json.loads(api().content)["features"]
    bare_features = json.loads(bare())["features"]
    assert len(api_features) == len(bare_features) == N_MUNICIPALITIES
    assert [float(f["properties"]["value"]) for f in api_features] == [
        float(f["properties"]["value"]) for f in bare_features
    ]

    times = interleaved({"api": api, "bare": bare}, rounds=25)
    for stat_name, stat in (("median", median), ("p95", p95)):
        report(
            name=f"RUS choropleth {stat_name}: API / bare SQL",
            ratio=stat(times["api"]) / stat(times["bare"]),
            goal=1.5,
            detail=f"({stat(times['api']) * 1000:.1f} ms vs {stat(times['bare']) * 1000:.1f} ms, "
            f"{N_MUNICIPALITIES} boundaries × {VERTICES} vertices)",
        )
