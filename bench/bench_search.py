"""The global search (/sok/ and /api/v1/search/) as the library grows: the first page (every
kind's count and best results) for a common word (in two thirds of the documents) and for a rare
word (one document in 10,000), at 2,000 documents and at 200,000, the same requests timed at
each size. Goals (issue 11): at 200,000 documents a common word's first page takes at most 10×
its time at 2,000, a rare word's at most 3×.

The documents are bench_knowledge's generated Swedish ones (its GENERATE statement); the other
kinds hold a fixed, small number of rows that match the same words (networks, meetings, agenda
items, referral cases), so the global search's every kind is exercised but only the library
grows. `BENCH_SEARCH_DOCS` sets the large size (default 200,000)."""

import functools
import json
import os
import time

from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.utils import timezone

from networks.models import AgendaItem, Meeting, Network, Organisation

from .bench_knowledge import GENERATE
from .timing import interleaved, median, wsgi_get

N_SMALL = 2_000
N_LARGE = int(os.environ.get("BENCH_SEARCH_DOCS", "200000"))
ROUNDS = {"common": 15, "rare": 60}
GOALS = {"common": 10.0, "rare": 3.0}
TERMS = {"common": "planering", "rare": "skyfallskartering"}
SURFACES = {"API": "/api/v1/search/", "page": "/sok/"}

# bench_knowledge's statement numbers its documents 1..n; here the large set adds n+1..N_LARGE.
GENERATE_RANGE = GENERATE.replace("generate_series(1, %s)", "generate_series(%s, %s)")
assert GENERATE_RANGE != GENERATE, "bench_knowledge.GENERATE changed shape"


def _publisher():
    publisher, _ = Organisation.objects.get_or_create(
        slug="region-orebro-lan", defaults={"name": "Region Örebro län", "kind": "region"}
    )
    return publisher


def _documents(first: int, last: int) -> float:
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(GENERATE_RANGE, [_publisher().pk, first, last])
        cursor.execute("VACUUM ANALYZE knowledge_document")
    return time.perf_counter() - start


def _other_kinds():
    """A fixed world beside the documents: 20 networks with 10 meetings of 5 agenda items each,
    their texts about planning (regional planering) and, once in a while, skyfallskartering."""
    published = timezone.now()
    for n in range(20):
        network = Network.objects.create(
            name=f"Bänknätverk {n} för regional planering",
            slug=f"bank-network-{n}",
            kind="network",
            purpose="Samverkan om regional planering." + (" Skyfallskartering." if n == 7 else ""),
        )
        for m in range(10):
            meeting = Meeting.objects.create(
                network=network,
                title=f"Möte {m} om planering",
                description="Planering av bostäder och vägar.",
                starts_at=published,
                ends_at=published + timezone.timedelta(hours=2),
                agenda_published_at=published,
            )
            AgendaItem.objects.bulk_create(
                AgendaItem(meeting=meeting, title=f"Punkt {i}: planering", status="accepted") for i in range(5)
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _measure(application) -> dict:
    """Median seconds per (word, surface), the requests of one word interleaved."""
    medians = {}
    for word, term in TERMS.items():
        sides = {
            surface: functools.partial(wsgi_get, application, path, f"q={term}", consume=True)
            for surface, path in SURFACES.items()
        }
        times = interleaved(sides, rounds=ROUNDS[word])
        for surface in SURFACES:
            medians[(word, surface)] = median(times[surface])
    return medians


def _counts(application) -> dict:
    counts = {}
    for word, term in TERMS.items():
        data = json.loads(wsgi_get(application, SURFACES["API"], f"q={term}"))
        documents = next(entry for entry in data["kinds"] if entry["kind"] == "documents")
        counts[word] = f"{documents['count']}{'+' if documents['count_capped'] else ''}"
    return counts


def run(report):
    application = get_wsgi_application()
    # Persistent connections, as in production: otherwise every request loads the Hunspell
    # dictionary again (~0.2 s) in a new connection.
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = None
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM knowledge_document")
    _other_kinds()
    seconds = _documents(1, N_SMALL)
    print(f"    {N_SMALL:,} documents in {seconds:.1f} s".replace(",", " "), flush=True)
    small, small_counts = _measure(application), _counts(application)
    seconds = _documents(N_SMALL + 1, N_LARGE)
    print(f"    {N_LARGE:,} documents in all (+{seconds:.1f} s)".replace(",", " "), flush=True)
    large, large_counts = _measure(application), _counts(application)
    for word, term in TERMS.items():
        for surface, path in SURFACES.items():
            ratio = large[(word, surface)] / small[(word, surface)]
            report(
                name=f"global search {surface}, {word} word `{term}`: {N_LARGE} / {N_SMALL} documents",
                ratio=ratio,
                goal=GOALS[word],
                detail=f"({large[(word, surface)] * 1000:.1f} ms vs {small[(word, surface)] * 1000:.1f} ms, "
                f"{path}?q={term}; document hits {large_counts[word]} vs {small_counts[word]})",
            )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM knowledge_document")
