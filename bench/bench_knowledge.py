"""Search over 200,000 generated Swedish documents: the documents API (`q`, ranking, a page of
20) against the bare SQL statements it runs, measured side by side, for a rare term and for a
term in two thirds of the documents. Goal: ratio ≤ 1.5. Also: EXPLAIN shows no query that
recomputes the tsvector per row (the stored, trigger-kept column is used)."""

import os
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from networks.models import Organisation

from .timing import interleaved, median, p95

N_DOCUMENTS = int(os.environ.get("BENCH_KNOWLEDGE_DOCS", "200000"))
ROUNDS = 25

# Generated in SQL: titles and summaries combined from Swedish words; `planering` is in two
# thirds of the summaries, `skyfallskartering` in one document in 10,000.
GENERATE = """
INSERT INTO knowledge_document (
    title, slug, summary, year, kind, publisher_id, url, status, is_public, view_count, is_example,
    created_at, updated_at, file_text, search_title)
SELECT
    (ARRAY['Bostadsmarknadsanalys','Översiktsplan','Detaljplan','Trafikförsörjningsprogram','Strukturbild',
           'Resvaneundersökning','Befolkningsprognos','Energiplan','Naturvårdsprogram','Länstransportplan',
           'Kompetensförsörjning','Klimatanpassning'])[1 + g %% 12]
      || ' för ' || (ARRAY['Örebro','Kumla','Hallsberg','Laxå','Lekeberg','Degerfors','Hällefors','Ljusnarsberg',
           'Askersund','Karlskoga','Nora','Lindesberg'])[1 + (g / 12) %% 12]
      || ' ' || (2000 + g %% 27) || ' nr ' || g,
    'bank-' || g,
    CASE WHEN g %% 3 <> 0 THEN 'Underlag för regional planering av ' ELSE 'Analys av ' END
      || (ARRAY['bostäder och bebyggelse','vägar och järnvägar','kollektivtrafikens utbud','jordbruksmark',
           'vindkraft och elnät','gröna samband','arbetsmarknad och pendling','skolor och kompetens',
           'beredskap och civilt försvar','dagvatten och översvämningar'])[1 + g %% 10]
      || CASE WHEN g %% 10000 = 7 THEN ' med skyfallskartering' ELSE '' END
      || ' i länets kommuner.',
    2000 + g %% 27,
    (ARRAY['report','plan','statistics','structure_image','gis_data','guidance'])[1 + g %% 6],
    %s, '', 'current', true, 0, true, now(), now(), '', ''
FROM generate_series(1, %s) AS g
"""


def _generate():
    publisher, _ = Organisation.objects.get_or_create(
        slug="region-orebro-lan", defaults={"name": "Region Örebro län", "kind": "region"}
    )
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM knowledge_document")
        cursor.execute(GENERATE, [publisher.pk, N_DOCUMENTS])
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE search_vector IS NULL) FROM knowledge_document")
        total, missing = cursor.fetchone()
    assert total == N_DOCUMENTS and missing == 0
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        # Steady state, as autovacuum leaves a table: GIN pending lists merged, statistics fresh.
        cursor.execute("VACUUM ANALYZE knowledge_document")
    return seconds


def _captured(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.json(), [q["sql"] for q in ctx.captured_queries]


def _explain_recomputes(statements) -> int:
    """How many of the statements' plans call to_tsvector (i.e. recompute a vector per row)."""
    count = 0
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute("EXPLAIN (VERBOSE) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            count += "to_tsvector" in plan
    return count


def run(report):
    seconds = _generate()
    print(f"    generated {N_DOCUMENTS:,} documents in {seconds:.1f} s".replace(",", " "), flush=True)
    client = Client()
    # For reading the ratios: the fixed cost of a trivial API request (one tiny query) on this machine.
    floor = median(interleaved({"themes": lambda: client.get("/api/v1/themes/")}, rounds=ROUNDS)["themes"])
    for label, term in (("rare term", "skyfallskartering"), ("common term (2/3)", "planering")):
        url = f"/api/v1/documents/?q={term}"
        data, statements = _captured(client, url)
        assert len(data["results"]) == min(20, data["count"]) and data["count"] > 0
        # The endpoint's own statements (count, ranked page, prefetches), run bare on the same connection.
        # They are already-interpolated SQL text, as Django logged them.

        def bare(statements=statements):
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()

        def endpoint(url=url):
            response = client.get(url)
            assert response.status_code == 200

        times = interleaved({"endpoint": endpoint, "bare": bare}, rounds=ROUNDS)
        for stat_name, stat in (("median", median), ("p95", p95)):
            report(
                name=f"document search, {label} {stat_name}: endpoint / bare SQL",
                ratio=stat(times["endpoint"]) / stat(times["bare"]),
                goal=1.5,
                detail=f"({stat(times['endpoint']) * 1000:.1f} ms vs {stat(times['bare']) * 1000:.1f} ms, "
                f"{data['count']} hits of {N_DOCUMENTS}, {len(statements)} statement(s); "
                f"a trivial API request costs {floor * 1000:.1f} ms here)",
            )
        report(
            name=f"document search, {label}: statements whose plan recomputes the tsvector",
            ratio=_explain_recomputes(statements),
            goal=0,
            detail="(EXPLAIN VERBOSE shows no to_tsvector: the stored column and its GIN index are used)",
        )
