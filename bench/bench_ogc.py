"""OGC API Features: a page of 1,000 referral plan areas (of 10,000 generated cases, the same
data as bench_referrals.py; the page at offset 4,000) through the WSGI application, against
the bare SQL statement that builds the same 1,000 GeoJSON features, hand-written as well as it
can be (the page's keys first, so that the skipped rows' GeoJSON is not built). Goal: ratio ≤
1.5, in WGS 84 (CRS84) and in SWEREF 99 TM (EPSG:3006, northing first).

The endpoint's statement also counts every matching case (numberMatched) and the response
carries the paging links; the bare statement builds only the features."""

import functools

from django.core.wsgi import get_wsgi_application
from django.db import connection

from ogc.params import EPSG3006
from referrals.models import Phase, PlanType, Referral

from . import bench_referrals
from .timing import interleaved, median, wsgi_get

LIMIT = 1000
OFFSET = 4000
ROUNDS = 60


def _label(column: str, choices) -> str:
    whens = " ".join(f"WHEN {column} = '{value}' THEN '{label}'" for value, label in choices)
    return f"CASE {whens} END"


def _bare_sql(srid: int, flip: bool, precision: int) -> str:
    geometry = f"ST_Transform(r.area, {srid})"
    if flip:
        geometry = f"ST_FlipCoordinates({geometry})"
    return f"""
    SELECT coalesce(json_agg(f.feature), '[]'::json)::text FROM (
      SELECT json_build_object(
        'type', 'Feature', 'id', r.id,
        'geometry', ST_AsGeoJSON({geometry}, {precision}, 0)::json,
        'properties', json_build_object(
          'diary_number', r.diary_number, 'plan_name', r.plan_name, 'sender', o.name,
          'status', r.status, 'status_label', {_label("r.status", Referral.Status.choices)},
          'plan_type', r.plan_type, 'plan_type_label', {_label("r.plan_type", PlanType.choices)},
          'phase', r.phase, 'phase_label', {_label("r.phase", Phase.choices)},
          'received', r.received, 'deadline', r.deadline,
          'url', 'http://testserver/diarium/' || r.diary_year || '-' || r.diary_seq || '/',
          'is_example', r.is_example)) AS feature
      FROM referrals_referral r JOIN networks_organisation o ON o.id = r.sender_id
      WHERE r.id IN (
        SELECT id FROM referrals_referral WHERE area IS NOT NULL ORDER BY id LIMIT {LIMIT} OFFSET {OFFSET}
      )
      ORDER BY r.id
    ) f
    """


def _bare(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return len(cursor.fetchone()[0])


def run(report):
    bench_referrals._generate()  # 10,000 cases (BENCH_REFERRAL_CASES), as bench_referrals measures them
    application = get_wsgi_application()
    # One connection kept across requests, as production keeps them (CONN_MAX_AGE): otherwise each
    # request would open a new one and measure the connection and PostGIS's start-up instead.
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = None
    path = "/ogc/collections/referral-areas/items"
    for name, crs, srid, flip, precision in (
        ("WGS 84 (CRS84)", "", 4326, False, 6),
        ("SWEREF 99 TM (EPSG:3006)", EPSG3006.uri, 3006, True, 2),
    ):
        query = f"limit={LIMIT}&offset={OFFSET}" + (f"&crs={crs}" if crs else "")
        ours = functools.partial(wsgi_get, application, path, query, accept="application/geo+json", consume=True)
        bare = functools.partial(_bare, _bare_sql(srid, flip, precision))
        assert ours() > bare() > 100_000  # both build the page (sizes differ by the links and the count)
        times = interleaved({"ours": ours, "bare": bare}, rounds=ROUNDS)
        ratio = median(times["ours"]) / median(times["bare"])
        report(
            name=f"OGC items page of {LIMIT} features, {name} ÷ bare SQL",
            ratio=ratio,
            goal=1.5,
            note=f"({median(times['ours']) * 1000:.0f} ms vs {median(times['bare']) * 1000:.0f} ms)",
        )
