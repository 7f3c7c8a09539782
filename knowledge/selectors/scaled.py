"""The library's search as the page and the API run it, so that it stays fast as the library grows.

At 200,000 documents a common word matches 130,000 of them; ranking, counting and grouping every
hit made a first page cost a second and more (bench/bench_knowledge.py). Here:

* **Typo fallbacks only when the exact match finds little.** The trigram fallbacks (typos,
  compound tails in titles) cannot use the full-text index's order and cost a similarity per
  title; they are added when the words' exact full-text match finds fewer than
  `FEW_EXACT_HITS` documents the user may see. The choice depends on the words alone (not on
  the facet filters), so every facet link of a search runs in the same mode and its count is
  the number of documents the link shows.
* **Counts stop at `SEARCH_CAP`** (planportal.counting): past it the page says
  "fler än 10 000" and the API answers `count_capped: true`.
* **Past the cap, relevance is ranked among the `SEARCH_CAP` most recently added hits** (the
  hits are read newest first and stop there), and the page and the API say so. Under the cap
  every hit is ranked, exactly as before. Sorting by year or title is unaffected.

One statement finds a page: the capped count and the page's ids and ranks (`search_hits`); a
second reads those rows (`search_page` for the API's JSON, `page_documents` for the page)."""

from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, FloatField, IntegerField
from django.utils import timezone

from planportal.counting import DEFAULT_CAP, capped_count

from ..models import Document
from .searching import RESULT_COLUMNS, RowSQL, document_rows, document_search, with_headline, with_list_data

SEARCH_CAP = DEFAULT_CAP
FEW_EXACT_HITS = 20


@dataclass
class SearchHits:
    """One page of a search: the ids in order (with their ranks when `q` was given), the total
    (at most `SEARCH_CAP`; `capped` when there are more), whether the typo fallbacks were used,
    and whether relevance was ranked among the newest `SEARCH_CAP` hits only."""

    ids: list = field(default_factory=list)
    ranks: list = field(default_factory=list)
    total: int = 0
    capped: bool = False
    fallback: bool = False
    ranked_newest: bool = False
    cap: int = SEARCH_CAP


def uses_fallback(*, user, q) -> bool:
    """True when the words' exact match finds fewer than FEW_EXACT_HITS documents `user` may see
    (counted through a LIMIT: at most FEW_EXACT_HITS + 1 rows are read)."""
    if not (q or "").strip():
        return False
    exact = document_search(user=user, filters={"q": q}, fallback=False)
    try:
        found, _ = capped_count(exact, cap=FEW_EXACT_HITS)
    except EmptyResultSet:
        return True
    return found < FEW_EXACT_HITS


def _relevance(qs) -> bool:
    return "rank" in qs.query.annotations and qs.query.order_by and not isinstance(qs.query.order_by[0], str)


def _statement(qs, *, offset, limit, cap) -> tuple[str, list, bool]:
    """-> (sql, params, ranked_by_relevance). Rows: (0, NULL, NULL, hits found up to cap + 1),
    then (position, id, rank, NULL) for the page."""
    has_rank = "rank" in qs.query.annotations
    rank = "rank" if has_rank else None
    if _relevance(qs):
        # The newest cap + 1 hits (by id: an index read backwards), ranked among the newest cap.
        newest = qs.order_by("-pk").values("pk", "year", "rank")[: cap + 1]
        sql, params = newest.query.sql_with_params()
        statement = f"""
WITH hits AS MATERIALIZED (SELECT * FROM ({sql}) AS h (id, year, rank)),
bound AS (SELECT CASE WHEN count(*) > %s THEN min(id) ELSE 0 END AS low FROM hits)
(SELECT 0::bigint, NULL::bigint, NULL::float8, count(*) FROM hits)
UNION ALL
(SELECT row_number() OVER (ORDER BY h.rank DESC, h.year DESC, h.id), h.id, h.rank::float8, NULL
   FROM hits h WHERE h.id > (SELECT low FROM bound)
  ORDER BY h.rank DESC, h.year DESC, h.id LIMIT %s OFFSET %s)"""
        return statement, [*params, cap, limit, offset], True
    counted = qs.order_by().values("pk")[: cap + 1]
    count_sql, count_params = counted.query.sql_with_params()
    page = qs.values("pk", *([rank] if rank else []))[offset : offset + limit]
    page_sql, page_params = page.query.sql_with_params()
    rank_column = "p.rank::float8" if rank else "NULL::float8"
    columns = "(pk, rank)" if rank else "(pk)"
    statement = f"""
(SELECT 0::bigint, NULL::bigint, NULL::float8, count(*) FROM ({count_sql}) AS c)
UNION ALL
(SELECT row_number() OVER (), p.pk, {rank_column}, NULL FROM ({page_sql}) AS p {columns})"""
    return statement, [*count_params, *page_params], False


def search_hits(*, user, filters, offset, limit, cap=None) -> SearchHits:
    """The page of a search (document_search's filters and sort) from `offset`, `limit` rows;
    `cap` defaults to SEARCH_CAP (read when called)."""
    cap = SEARCH_CAP if cap is None else cap
    q = (filters.get("q") or "").strip()
    fallback = uses_fallback(user=user, q=q)
    qs = document_search(user=user, filters=filters, fallback=fallback)
    # The pages reach as far as the count: the first `cap` hits in the chosen order.
    limit = max(0, min(limit, cap - offset))
    try:
        sql, params, ranked = _statement(qs, offset=offset, limit=limit, cap=cap)
    except EmptyResultSet:
        return SearchHits(fallback=fallback, cap=cap)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = sorted(cursor.fetchall(), key=lambda row: row[0])
    found = rows[0][3] if rows else 0
    page = [row for row in rows if row[0] > 0]
    capped = found > cap
    return SearchHits(
        ids=[row[1] for row in page],
        ranks=[row[2] for row in page],
        total=min(found, cap),
        capped=capped,
        fallback=fallback,
        ranked_newest=ranked and capped,
        cap=cap,
    )


def _in_page_order(qs, hits: SearchHits):
    """`qs` limited to the page's ids, each row annotated with its place on the page (and its rank)."""
    qs = qs.filter(pk__in=hits.ids).annotate(
        page_position=RowSQL("array_position(%s::bigint[], {pk})", [hits.ids], output_field=IntegerField(), pk="pk")
    )
    if any(rank is not None for rank in hits.ranks):
        qs = qs.annotate(
            rank=RowSQL(
                "(%s::float8[])[array_position(%s::bigint[], {pk})]",
                [hits.ranks, hits.ids],
                output_field=FloatField(),
                pk="pk",
            )
        )
    return qs


def search_page(*, user, filters, number: int, size: int) -> tuple[str, SearchHits]:
    """One page of the API's search results: the JSON text of its `results` list (built by
    PostgreSQL, see searching._results_json) and the page's SearchHits (total, capped …)."""
    hits = search_hits(user=user, filters=filters, offset=(number - 1) * size, limit=size)
    if not hits.ids:
        return "[]", hits
    qs = document_rows(_in_page_order(Document.objects.visible_to(user), hits), today=timezone.localdate())
    sql, params = qs.annotate(row_position=F("page_position")).query.sql_with_params()
    pairs = ", ".join(f"'{key}', r.\"{column}\"" for key, column in RESULT_COLUMNS.items())
    statement = (
        f"SELECT coalesce(json_agg(json_build_object({pairs}) ORDER BY r.row_position), '[]')::text FROM ({sql}) r"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        (results,) = cursor.fetchone()
    return results, hits


def page_documents(*, user, hits: SearchHits, q: str) -> list[Document]:
    """The page's documents for the search page, in the page's order, with what a result shows
    (publisher, themes, municipalities) and the summary's highlighted snippet."""
    if not hits.ids:
        return []
    qs = with_headline(with_list_data(_in_page_order(Document.objects.visible_to(user), hits)), q)
    return sorted(qs, key=lambda document: document.page_position)
