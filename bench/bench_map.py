"""The portal map's referral layer as vector tiles, with 100,000 plan areas (the generator of
bench_referrals: ~33-vertex areas all over Örebro län, every status, three years).

For one tile at zoom 8, 11 and 14 over the middle of the data:
1. GET /api/v1/referrals/tiles/{z}/{x}/{y}.pbf through the WSGI application (anonymous) against
   the bare ST_AsMVT statement written by hand over the table (the same features, properties and
   envelope, without Django, the visibility queryset or the filters). Goal: median ratio ≤ 1.2.
   The two tiles are decoded and must hold the same feature ids. Below zoom 11 both draw one point
   per grid cell (referrals.api.tiles.CLUSTER_CELL) with its count, not the areas themselves.
2. The plan of the endpoint's tile statement (EXPLAIN, with the planner's own choices): it must
   reach the rows through the plan area's GiST index. Printed, and reported as 1 (yes) / 0. The
   endpoint runs it with sequential scans off (planportal.mvt.INDEX_ONLY); the bare statement is
   left to the planner (at z8 it picks a parallel sequential scan), so the ratio shows the cost."""

import os
import time

import mapbox_vector_tile
from django.contrib.gis.geos import Point
from django.core.wsgi import get_wsgi_application
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from planportal import mvt
from referrals.api.tiles import CLUSTER_CELL, DETAIL_ZOOM
from referrals.selectors_public import _url_parts

from . import bench_referrals
from .timing import interleaved, median, p95, trivial_get, wsgi_get

N_AREAS = int(os.environ.get("BENCH_MAP_AREAS", "100000"))
ZOOMS = (8, 11, 14)
ROUNDS = int(os.environ.get("BENCH_MAP_ROUNDS", "15"))
CENTRE = Point(505000, 6582000, srid=3006)  # the middle of the generated areas (near Örebro)

# As PostGIS's manual writes a tile query (ST_AsMVT's example: no filter on a NULL tile geometry,
# which ST_AsMVT skips), over the table, with the same columns and envelope as the endpoint's.
BARE = """
WITH mvtgeom AS (
    SELECT ST_AsMVTGeom(ST_Transform(r.area, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4096, 64, true) AS geom,
           r.id, r.diary_number, r.plan_name, r.status, r.diary_year AS year,
           %(before)s || r.diary_year || %(middle)s || r.diary_seq || %(after)s AS url
    FROM referrals_referral r
    WHERE r.area && ST_Transform(
        ST_Segmentize(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => 64.0 / 4096), %(segment)s), 3006
    )
)
SELECT ST_AsMVT(mvtgeom.*, 'referrals', 4096, 'geom', 'id') FROM mvtgeom
"""


# Below the detail zoom (referrals.api.tiles.DETAIL_ZOOM) the endpoint draws one point per grid
# cell; written by hand the same way: the middle of each area's box, grouped by cell.
BARE_CLUSTER = """
WITH points AS (
    SELECT ST_Transform(ST_SetSRID(ST_Centroid(r.area::box2d::geometry), 3006), 3857) AS p,
           r.id, r.diary_number, r.plan_name, r.status, r.diary_year AS year,
           %(before)s || r.diary_year || %(middle)s || r.diary_seq || %(after)s AS url
    FROM referrals_referral r
    WHERE r.area && ST_Transform(ST_Segmentize(ST_TileEnvelope(%(z)s, %(x)s, %(y)s), %(segment)s), 3006)
), cells AS (
    SELECT ST_AsMVTGeom(ST_Centroid(ST_Collect(p)), ST_TileEnvelope(%(z)s, %(x)s, %(y)s), 4096, 0, true) AS geom,
           min(id) AS id, count(*) AS count,
           CASE WHEN count(*) = 1 THEN (array_agg(diary_number))[1] END AS diary_number,
           CASE WHEN count(*) = 1 THEN (array_agg(plan_name))[1] END AS plan_name,
           CASE WHEN count(*) = 1 THEN (array_agg(status))[1] END AS status,
           CASE WHEN count(*) = 1 THEN (array_agg(year))[1] END AS year,
           CASE WHEN count(*) = 1 THEN (array_agg(url))[1] END AS url
    FROM points GROUP BY ST_SnapToGrid(p, %(cell)s)
)
SELECT ST_AsMVT(cells.*, 'referrals', 4096, 'geom', 'id') FROM cells
"""


def _bare(z, x, y):
    before, middle, after = _url_parts("referrals:register_detail")
    segment = 40075016.685578488 / 2**z / 8  # densified as planportal.mvt does: curved edges in SWEREF 99 TM
    cell = 40075016.685578488 / 2**z / 4096 * CLUSTER_CELL
    params = {
        "z": z, "x": x, "y": y, "before": before, "middle": middle, "after": after, "segment": segment, "cell": cell
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(BARE if z >= DETAIL_ZOOM else BARE_CLUSTER, params)
        return bytes(cursor.fetchone()[0] or b"")


def _ids(tile: bytes) -> set:
    return {f["id"] for f in mapbox_vector_tile.decode(tile).get("referrals", {"features": []})["features"]}


def _plan(statement: str) -> str:
    """The plan of the statement as the endpoint runs it (planportal.mvt.INDEX_ONLY set)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(mvt.INDEX_ONLY)
        cursor.execute(f"EXPLAIN {statement}")
        return "\n".join(row[0] for row in cursor.fetchall())


def _index_name() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes "
            "WHERE tablename = 'referrals_referral' AND indexdef ILIKE '%%gist%%(area)%%'"
        )
        return cursor.fetchone()[0]


def run(report):
    saved = bench_referrals.N_CASES
    bench_referrals.N_CASES = N_AREAS
    try:
        seconds = bench_referrals._generate()
    finally:
        bench_referrals.N_CASES = saved
    print(f"    generated {N_AREAS:,} plan areas in {seconds:.1f} s".replace(",", " "), flush=True)

    application = get_wsgi_application()
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = None
    index = _index_name()
    for z in ZOOMS:
        z, x, y = mvt.tile_containing(CENTRE, z)
        path = f"/api/v1/referrals/tiles/{z}/{x}/{y}.pbf"
        with CaptureQueriesContext(connection) as ctx:
            tile = wsgi_get(application, path, accept="*/*")
        statements = [q["sql"] for q in ctx.captured_queries if "ST_AsMVT" in q["sql"]]
        assert len(statements) == 1, [q["sql"] for q in ctx.captured_queries]
        bare_tile = _bare(z, x, y)
        ids = _ids(tile)
        assert ids == _ids(bare_tile), (len(ids), len(_ids(bare_tile)))
        started = time.perf_counter()
        times = interleaved(
            {
                "endpoint": lambda p=path: wsgi_get(application, p, accept="*/*"),
                "bare": lambda t=(z, x, y): _bare(*t),
                # for reading the ratio: the fixed cost of any API request (one tiny query) here
                "trivial": lambda: trivial_get(application),
            },
            rounds=ROUNDS,
            warmup=1,
        )
        elapsed = time.perf_counter() - started
        endpoint, bare = median(times["endpoint"]), median(times["bare"])
        kind = "areas" if z >= DETAIL_ZOOM else "grid points"
        report(
            name=f"referral tile z{z} ({len(ids)} {kind} of {N_AREAS} areas): endpoint / bare ST_AsMVT, median",
            ratio=endpoint / bare,
            goal=1.2,
            note=f"({endpoint * 1000:.1f} ms vs {bare * 1000:.1f} ms; p95 {p95(times['endpoint']) * 1000:.1f} vs "
            f"{p95(times['bare']) * 1000:.1f} ms; {len(tile) / 1000:.0f} kB; {ROUNDS} rounds in {elapsed:.0f} s; "
            f"a trivial API request costs {median(times['trivial']) * 1000:.1f} ms here)",
        )
        plan = _plan(statements[0])
        print("    plan of the endpoint's tile statement:\n      " + plan.replace("\n", "\n      "), flush=True)
        report(
            name=f"referral tile z{z}: the plan reaches the rows through the area's GiST index ({index})",
            ratio=1.0 if index in plan else 0.0,
            goal=1,
            lower_is_better=False,
            note="(EXPLAIN of the statement the endpoint ran, as it runs it)",
        )
