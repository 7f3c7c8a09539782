"""Exports at scale (exports app): the referral register of 10,000 generated cases (the cases of
bench_referrals, each with a plan area), downloaded at once (EXPORT_SYNC_MAX_ROWS raised).

1. The CSV of all cases through the WSGI application (the count that decides "at once or as a
   job", then streamed: every cell through planportal.csvexport's formula check, labels,
   absolute links) ÷ its bare statement: the same values query executed and fetched by psycopg,
   nothing written. Goal: ≤ 5 — the bare fetch of eleven short columns is cheap (~0.2 s), and
   writing 110,000 cells in Python one by one costs about three times that (measured 4.7 with
   the converters chosen once per column; 8 before).
2. The same for GeoJSON (geometry from PostGIS, a feature per row written in Python): the
   geometry's text makes the bare statement dearer, so the writing weighs less. Goal: ≤ 3.
3. Queries of each download for 10,000 cases ÷ for 10. Goal: 1.0."""

import os

from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from exports.registry import get_export
from exports.writers import Plan

from . import bench_referrals
from .timing import interleaved, median, wsgi_get

ROUNDS = int(os.environ.get("BENCH_EXPORT_ROUNDS", "7"))


def _queries(client, export_format):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/export/referrals.register/", {"format": export_format})
        b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def run(report):
    from django.contrib.auth.models import AnonymousUser

    with override_settings(EXPORT_SYNC_MAX_ROWS=10**9):
        client = Client()
        saved = bench_referrals.N_CASES
        bench_referrals.N_CASES = 10
        bench_referrals._generate()
        few = {f: _queries(client, f) for f in ("csv", "geojson")}
        bench_referrals.N_CASES = saved
        seconds = bench_referrals._generate()
        print(f"    generated {saved:,} cases in {seconds:.1f} s".replace(",", " "), flush=True)
        many = {f: _queries(client, f) for f in ("csv", "geojson")}
        for export_format in ("csv", "geojson"):
            report(
                name=f"register {export_format} download: queries with {saved} cases ÷ with 10",
                ratio=many[export_format] / few[export_format],
                goal=1.0,
                detail=f"({many[export_format]} vs {few[export_format]} queries)",
            )

        application = get_wsgi_application()
        spec = get_export("referrals.register")
        for export_format in ("csv", "geojson"):
            plan = Plan(spec, user=AnonymousUser(), filters={}, base_url="http://x", export_format=export_format)
            sql, params = plan.queryset().query.sql_with_params()

            def bare(sql=sql, params=params):
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    return len(cursor.fetchall())

            rows = bare()
            times = interleaved(
                {
                    "download": lambda f=export_format: wsgi_get(
                        application, "/export/referrals.register/", f"format={f}", consume=True
                    ),
                    "bare": bare,
                },
                rounds=ROUNDS,
                warmup=1,
            )
            size = wsgi_get(application, "/export/referrals.register/", f"format={export_format}", consume=True)
            ratio = median(times["download"]) / median(times["bare"])
            report(
                name=f"register {export_format} download of {rows} cases ÷ its bare statement",
                ratio=ratio,
                goal=5.0 if export_format == "csv" else 3.0,
                detail=f"({median(times['download']) * 1000:.0f} ms vs {median(times['bare']) * 1000:.0f} ms,"
                f" {size / 1e6:.1f} MB)",
            )
