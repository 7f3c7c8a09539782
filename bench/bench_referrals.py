"""Referral plan areas at scale: 10,000 generated cases, each with a plan area of about 33
vertices (a buffered point) somewhere in Örebro län, over three years and twelve senders.

1. GET /api/v1/referrals/areas/ (all 10,000, through the WSGI application) against the bare SQL
   statement it runs (the FeatureCollection built by PostGIS). Goal: ratio ≤ 1.3.
2. The same rows through djangorestframework-gis's GeoFeatureModelSerializer (areas
   transformed to EPSG:4326 by PostGIS, the same properties, rendered to JSON). Goal: ours at
   least 10× faster.
3. Peak memory of the serving process during one request of all areas (tracemalloc: Python
   allocations), against the response's size. Goal: ≤ 3.5× the response: the statement's text
   passes psycopg (measured ≈2× the text on its own: planportal.geo.feature_collection) and is
   encoded once for the response; nothing is held per feature. drf-gis's peak and the
   process's maximum resident size are printed.
4. The register page, the work list page and the CSV export cost the same number of queries
   for 10,000 cases as for 10. Goal: ratio ≤ 1.0."""

import functools
import os
import resource
import time
import tracemalloc

from django.contrib.gis.db.models.functions import Transform
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from rest_framework.renderers import JSONRenderer

from networks.models import Organisation
from planportal import roles
from referrals.models import Referral

from .timing import interleaved, median, p95, wsgi_get

N_CASES = int(os.environ.get("BENCH_REFERRAL_CASES", "10000"))
ROUNDS = 15
MUNICIPALITIES = [
    "Askersund", "Degerfors", "Hallsberg", "Hällefors", "Karlskoga", "Kumla",
    "Laxå", "Lekeberg", "Lindesberg", "Ljusnarsberg", "Nora", "Örebro",
]  # fmt: skip

# The generated cases: years 2024-2026, every plan type, phase and status, an area of ~33
# vertices (ST_Buffer with 8 segments a quarter) of 150-650 m radius inside the county.
GENERATE = """
INSERT INTO referrals_referral ({columns})
SELECT {values}
FROM (
    SELECT g,
           2024 + g %% 3 AS year,
           100000 + g AS seq,
           make_date(2024 + g %% 3, 1 + g %% 12, 1 + g %% 28) AS received,
           (%(senders)s::bigint[])[1 + g %% 12] AS sender_id,
           460000 + (g::bigint * 7919) %% 90000 AS east,
           6500000 + (g::bigint * 104729) %% 165000 AS north
    FROM generate_series(1, %(n)s) AS g
) s
"""

# Known columns' SQL; every other column gets its Python default as a parameter.
EXPRESSIONS = {
    "diary_year": "s.year",
    "diary_seq": "s.seq",
    "diary_number": "'RÖ ' || s.year || '-' || s.seq",
    "sender_id": "s.sender_id",
    "sender_reference": "'KS ' || s.year || '/' || s.g",
    "plan_name": (
        "(ARRAY['Detaljplan för','Översiktsplan','Planprogram för','Fördjupad översiktsplan för',"
        "'Områdesbestämmelser för','Detaljplan för bostäder vid'])[1 + s.g %% 6] || ' ' || "
        "(ARRAY['Ekängen','Mosås','Hagaby','Norr','Väster','Centrum','Hjärsta','Tybble','Lillån','Ladugårdsängen'])"
        "[1 + (s.g / 6) %% 10] || ' ' || s.g"
    ),
    "plan_type": "(ARRAY['dp','op','program','fop','ob','other'])[1 + s.g %% 6]",
    "phase": "(ARRAY['samrad','granskning','underrattelse','other'])[1 + s.g %% 4]",
    "received": "s.received",
    "deadline": "s.received + 30",
    "area": "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(s.east, s.north), 3006), 150 + s.g %% 500, 8))",
    "area_source": "'drawn'",
    "status": "(ARRAY['registered','in_progress','answered','declined'])[1 + s.g %% 4]",
    "is_example": "true",
    "created_at": "now()",
    "updated_at": "now()",
}


def _generate():
    senders = []
    for i, name in enumerate(MUNICIPALITIES):
        org, _ = Organisation.objects.get_or_create(
            slug=f"bench-{i}",
            defaults={"name": f"{name} kommun", "kind": Organisation.Kind.MUNICIPALITY, "code": f"{1960 + i}"},
        )
        senders.append(org.pk)
    columns, values, params = [], [], {"senders": senders, "n": N_CASES}
    for field in Referral._meta.concrete_fields:
        if field.primary_key or field.generated:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in EXPRESSIONS:
            values.append(EXPRESSIONS[field.column])
        else:
            default = field.get_default()
            params[f"d_{field.column}"] = field.get_db_prep_save(default, connection)
            values.append(f"%(d_{field.column})s")
    sql = GENERATE.format(columns=", ".join(columns), values=", ".join(values))
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM referrals_referral WHERE diary_seq > 100000")
        cursor.execute(sql, params)
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE NOT ST_IsValid(area)) FROM referrals_referral")
        total, invalid = cursor.fetchone()
        cursor.execute("VACUUM ANALYZE referrals_referral")
    assert total >= N_CASES and invalid == 0, (total, invalid)
    return time.perf_counter() - start


# Map clients ask for GeoJSON only (GDAL, QGIS).
_wsgi_get = functools.partial(wsgi_get, accept="application/geo+json")


def _drf_gis(queryset):
    """The same FeatureCollection through djangorestframework-gis, as a serializer would be
    written for it (the areas transformed by PostGIS: drf-gis does not reproject)."""
    from rest_framework import serializers
    from rest_framework_gis.fields import GeometryField
    from rest_framework_gis.serializers import GeoFeatureModelSerializer

    class AreaSerializer(GeoFeatureModelSerializer):
        area_4326 = GeometryField(precision=6)
        sender = serializers.CharField(source="sender.name")
        status_label = serializers.CharField(source="get_status_display")
        plan_type_label = serializers.CharField(source="get_plan_type_display")
        phase_label = serializers.CharField(source="get_phase_display")
        url = serializers.CharField(source="get_public_url")

        class Meta:
            model = Referral
            geo_field = "area_4326"
            fields = [
                "id", "diary_number", "plan_name", "sender", "status", "status_label", "plan_type",
                "plan_type_label", "phase", "phase_label", "received", "deadline", "url",
            ]  # fmt: skip

    rows = (
        queryset.filter(area__isnull=False)
        .select_related("sender")
        .annotate(area_4326=Transform("area", 4326))
        .order_by("-diary_year", "-diary_seq")
    )
    return JSONRenderer().render(AreaSerializer(rows, many=True).data)


def _count(client, url):
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    if "format=csv" in url:
        assert response["Content-Type"].startswith("text/csv"), (url, response["Content-Type"])
    return len(ctx.captured_queries), time.perf_counter() - started


def _query_counts(client, officer_client):
    pages = {
        "register page": (client, "/diarium/?q=detaljplan&sort=sender"),
        "register CSV export": (client, "/diarium/export/?format=csv&status=open"),
        "map page": (client, "/remisser/karta/?status=open"),
        "statistics page": (client, "/remisser/statistik/"),
    }
    try:
        from django.urls import reverse

        pages["work list page"] = (officer_client, reverse("referrals:index") + "?status=all")
    except Exception:  # noqa: BLE001 - the work list is another part of the work
        print("    (the work list page is not installed: not measured)")
    # The CSV itself, not the page that offers to build a large list as a job (exports.views).
    with override_settings(EXPORT_SYNC_MAX_ROWS=10**9):
        return {name: _count(c, url) for name, (c, url) in pages.items()}


def _print_times(counts):
    print(
        "    with all cases: " + ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, (_n, seconds) in counts.items()),
        flush=True,
    )


def run(report):
    from tests.factories import UserFactory

    client = Client()
    officer = UserFactory(username="bench-officer", roles=[roles.CASE_OFFICER])
    officer_client = Client()
    officer_client.force_login(officer)

    # Query counts with a few cases first, then with all of them.
    saved = N_CASES
    globals()["N_CASES"] = 10
    _generate()
    few = _query_counts(client, officer_client)
    globals()["N_CASES"] = saved
    seconds = _generate()
    print(f"    generated {N_CASES:,} cases with plan areas in {seconds:.1f} s".replace(",", " "), flush=True)
    many = _query_counts(client, officer_client)
    _print_times(many)
    for name in few:
        report(
            name=f"{name}: queries with {N_CASES} cases ÷ with 10",
            ratio=many[name][0] / few[name][0],
            goal=1.0,
            detail=f"({many[name][0]} vs {few[name][0]} queries)",
        )

    application = get_wsgi_application()
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = None
    path = "/api/v1/referrals/areas/"
    with CaptureQueriesContext(connection) as ctx:
        body = _wsgi_get(application, path)
    statements = [q["sql"] for q in ctx.captured_queries]
    assert len(statements) == 1, statements
    features = body.count(b'"type" : "Feature"') + body.count(b'"type": "Feature"')
    size_mb = len(body) / 1e6
    print(f"    one request: {features} features, {size_mb:.1f} MB, {len(statements)} statement", flush=True)

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(statements[0])
            cursor.fetchone()

    times = interleaved({"endpoint": lambda: _wsgi_get(application, path), "bare": bare}, rounds=ROUNDS)
    for stat_name, stat in (("median", median), ("p95", p95)):
        report(
            name=f"plan areas of {N_CASES} cases, {stat_name}: endpoint / bare SQL",
            ratio=stat(times["endpoint"]) / stat(times["bare"]),
            goal=1.3,
            detail=f"({stat(times['endpoint']) * 1000:.0f} ms vs {stat(times['bare']) * 1000:.0f} ms, "
            f"{size_mb:.1f} MB)",
        )

    drf_body = _drf_gis(Referral.objects.all())
    assert drf_body.count(b'"Feature"') == features, (drf_body.count(b'"Feature"'), features)
    drf_rounds = interleaved(
        {"endpoint": lambda: _wsgi_get(application, path), "drf-gis": lambda: _drf_gis(Referral.objects.all())},
        rounds=5,
        warmup=1,
    )
    report(
        name=f"plan areas of {N_CASES} cases: drf-gis GeoFeatureModelSerializer / endpoint",
        ratio=median(drf_rounds["drf-gis"]) / median(drf_rounds["endpoint"]),
        goal=10,
        lower_is_better=False,
        detail=f"({median(drf_rounds['drf-gis']) * 1000:.0f} ms vs {median(drf_rounds['endpoint']) * 1000:.0f} ms)",
    )

    tracemalloc.start()
    size = _wsgi_get(application, path, consume=True)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    _drf_gis(Referral.objects.all())
    _current, drf_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report(
        name=f"plan areas of {N_CASES} cases: peak Python memory of the request ÷ response size",
        ratio=peak / size,
        goal=3.5,
        detail=f"(peak {peak / 1e6:.1f} MB for a {size_mb:.1f} MB response; drf-gis peaks at "
        f"{drf_peak / 1e6:.0f} MB; the process's maximum resident size {maxrss_mb:.0f} MB)",
    )
