"""Search over 200,000 generated Swedish documents: the documents API (`q`, ranking, a page of
20) against the bare SQL statements it runs, measured side by side, for a rare term and for a
term in two thirds of the documents. Goals: a rare term's API time at most 3× its bare SQL (its
SQL takes a millisecond or two, and a Django request has a fixed cost of about as much), a
common term's at most 1.5×. Also: EXPLAIN shows no query that recomputes the tsvector per row
(the stored, trigger-kept column is used).

The compiled-statement cache (planportal/sqlcache.py) that once saved the ORM's compilation
of the search was retired (issue 10): the bench says whether any goal still needs it.
Scaling (issue 11): the search page (with its facets) and the API's first page for a common and a
rare word at 2,000 documents and at 200,000, ratio of the two times (goals: common ≤ 10×, rare
≤ 3×; see knowledge.selectors.scaled for how).

`BENCH_KNOWLEDGE_DOCS` sets the number of documents (default 200,000)."""

import functools
import json
import os
import time

from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from networks.models import Organisation

from .timing import interleaved, median, p95, trivial_get, wsgi_get

N_DOCUMENTS = int(os.environ.get("BENCH_KNOWLEDGE_DOCS", "200000"))
ROUNDS = 25
RARE_GOAL, COMMON_GOAL = 3.0, 1.5
RARE_ROUNDS = 300  # a rare term's request takes milliseconds: more rounds for a steady median and p95

# Generated in SQL: titles and summaries combined from Swedish words; `planering` is in two
# thirds of the summaries, `skyfallskartering` and `fornlämningsregister` each in one document in 10,000.
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
      || CASE WHEN g %% 10000 = 7 THEN ' med skyfallskartering'
              WHEN g %% 10000 = 3 THEN ' med fornlämningsregister' ELSE '' END
      || ' i länets kommuner.',
    2000 + g %% 27,
    (ARRAY['report','plan','statistics','structure_image','gis_data','guidance'])[1 + g %% 6],
    %s, '', 'current', true, 0, true, now(), now(), '', ''
FROM generate_series(1, %s) AS g
"""


def _generate(n=None):
    n = N_DOCUMENTS if n is None else n
    publisher, _ = Organisation.objects.get_or_create(
        slug="region-orebro-lan", defaults={"name": "Region Örebro län", "kind": "region"}
    )
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM knowledge_document")
        cursor.execute(GENERATE, [publisher.pk, n])
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE search_vector IS NULL) FROM knowledge_document")
        total, missing = cursor.fetchone()
    assert total == n and missing == 0
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


# Scaling (issue 11): the first page of the search page (with its facets) and of the API, for a
# common word (two thirds of the documents) and a rare one, at 2,000 documents and at N_DOCUMENTS,
# the same requests timed at each size. Goals: common ≤ 10×, rare ≤ 3×.
N_SMALL = 2_000
SCALE_GOALS = {"common": 10.0, "rare": 3.0}
SCALE_TERMS = {"common": "planering", "rare": "skyfallskartering"}
SCALE_ROUNDS = {"common": 15, "rare": 60}
SCALE_SURFACES = {"API": ("/api/v1/documents/", "application/json"), "page": ("/dokument/sok/", "text/html")}


def _scale_measure(application) -> tuple[dict, dict]:
    """Median seconds per (word, surface), one word's requests interleaved; and the API's counts."""
    medians, counts = {}, {}
    for word, term in SCALE_TERMS.items():
        sides = {
            surface: functools.partial(wsgi_get, application, path, f"q={term}", accept=accept, consume=True)
            for surface, (path, accept) in SCALE_SURFACES.items()
        }
        times = interleaved(sides, rounds=SCALE_ROUNDS[word])
        for surface in SCALE_SURFACES:
            medians[(word, surface)] = median(times[surface])
        data = json.loads(wsgi_get(application, "/api/v1/documents/", f"q={term}"))
        counts[word] = f"{'more than ' if data['count_capped'] else ''}{data['count']}"
    return medians, counts


def _scale_report(report, small, large):
    (small_times, small_counts), (large_times, large_counts) = small, large
    for word, term in SCALE_TERMS.items():
        for surface, (path, _accept) in SCALE_SURFACES.items():
            large_ms, small_ms = large_times[(word, surface)] * 1000, small_times[(word, surface)] * 1000
            ratio = large_ms / small_ms
            report(
                name=f"document search {surface}, {word} word `{term}`: {N_DOCUMENTS} / {N_SMALL} documents",
                ratio=ratio,
                goal=SCALE_GOALS[word],
                detail=f"({large_ms:.1f} ms vs {small_ms:.1f} ms, "
                f"{path}?q={term}{' with its facets' if surface == 'page' else ''}; "
                f"hits {large_counts[word]} vs {small_counts[word]})",
            )


def run(report):
    client = Client()
    application = get_wsgi_application()
    # Persistent connections, as in production (planportal/settings/production.py): through the
    # WSGI application a request otherwise ends by closing its connection, and the next one's
    # first search would load the Hunspell dictionary again (~0.2 s).
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = None
    seconds = _generate(N_SMALL)
    print(f"    generated {N_SMALL:,} documents in {seconds:.1f} s".replace(",", " "), flush=True)
    small = _scale_measure(application)
    seconds = _generate()
    print(f"    generated {N_DOCUMENTS:,} documents in {seconds:.1f} s".replace(",", " "), flush=True)
    _scale_report(report, small, _scale_measure(application))
    # For reading the ratios: the fixed cost of a trivial API request (one tiny query) on this machine.
    floor = median(interleaved({"themes": lambda: trivial_get(application)}, rounds=RARE_ROUNDS)["themes"])
    # Two rare words, measured in the same interleaved rounds; every request compiles its
    # statement afresh (no compiled-statement cache).
    missed = []
    for label, terms, rounds, goal in (
        ("rare term", ("skyfallskartering", "fornlämningsregister"), RARE_ROUNDS, RARE_GOAL),
        ("common term (2/3)", ("planering",), ROUNDS, COMMON_GOAL),
    ):
        captured = []
        for term in terms:
            started = time.perf_counter()
            data, statements = _captured(client, f"/api/v1/documents/?q={term}")
            cold = time.perf_counter() - started
            assert len(data["results"]) == min(20, data["count"]) and data["count"] > 0
            assert (
                wsgi_get(application, "/api/v1/documents/", f"q={term}")
                == client.get(f"/api/v1/documents/?q={term}").content
            )
            captured.append((term, data["count"], statements))
        print(
            f"    {label}: the first request (the Hunspell dictionary loaded, caches cold) took {cold * 1000:.1f} ms",
            flush=True,
        )

        def bare(statements):
            # The endpoint's own statements, already-interpolated SQL text as Django logged
            # them, run on the same connection.
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()

        sides = {}
        for term, _, term_statements in captured:
            sides[f"endpoint {term}"] = functools.partial(wsgi_get, application, "/api/v1/documents/", f"q={term}")
            sides[f"bare {term}"] = functools.partial(bare, term_statements)
        times = interleaved(sides, rounds=rounds)
        for term, count, term_statements in captured:
            endpoint_times, bare_times = times[f"endpoint {term}"], times[f"bare {term}"]
            for stat_name, stat in (("median", median), ("p95", p95)):
                ratio = stat(endpoint_times) / stat(bare_times)
                if ratio > goal:
                    missed.append(f"{label} {stat_name} ({ratio:.2f} > {goal})")
                report(
                    name=f"document search, {label} `{term}` {stat_name}: endpoint / bare SQL",
                    ratio=ratio,
                    goal=goal,
                    detail=f"({stat(endpoint_times) * 1000:.1f} ms vs {stat(bare_times) * 1000:.1f} ms, "
                    f"{count} hits of {N_DOCUMENTS}, {len(term_statements)} statement(s); "
                    f"a trivial API request costs {floor * 1000:.1f} ms here)",
                )
        statements = [sql for _, _, sqls in captured for sql in sqls]
        report(
            name=f"document search, {label}: statements whose plan recomputes the tsvector",
            ratio=_explain_recomputes(statements),
            goal=0,
            detail="(EXPLAIN VERBOSE shows no to_tsvector: the stored column and its GIN index are used)",
        )
    print(
        "    compiled-statement cache (retired): "
        + (
            "no goal needs it, every search ratio is within its goal without it"
            if not missed
            else "missed without it: " + "; ".join(missed)
        ),
        flush=True,
    )
