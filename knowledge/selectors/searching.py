"""The library's search: the ORM statement (document_search), the API's rows (document_rows;
the page of them is found by knowledge.selectors.scaled), the page's snippets and the facet counts."""

import json

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchHeadline
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    Expression,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext as _

from networks.models import Organisation
from planportal.counting import DEFAULT_CAP
from planportal.geo import SWEREF99TM, parse_bbox

from .. import search
from ..models import (
    Document,
    Theme,
)

SORTS = {"relevance", "year", "title"}
FACET_LIMIT = 30


class RowSQL(Expression):
    """A piece of SQL over the query's own columns: each `{name}` placeholder is compiled from
    `F(field)` for `name=field`, so the SQL stays right in subqueries and joins, where a raw
    `knowledge_document.` prefix would point at the outer query's row. `params` fill the
    template's %s in order. Cheap to build: the search statement is compiled per request."""

    def __init__(self, template, params=(), *, output_field, **columns):
        super().__init__(output_field=output_field)
        self.template, self.params = template, list(params)
        self.names, self.columns = list(columns), [F(field) for field in columns.values()]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def as_sql(self, compiler, connection):
        sql = self.template
        for name, column in zip(self.names, self.columns, strict=True):
            column_sql, column_params = compiler.compile(column)
            if column_params:
                raise ValueError(f"{name}: a column, not an expression with parameters")
            sql = sql.replace(f"{{{name}}}", column_sql)
        return sql, list(self.params)


def SearchSQL(template, params, output_field):  # noqa: N802 (an expression, like the ORM's)
    """A piece of search SQL from knowledge.search with {vector} / {title} placeholders."""
    return RowSQL(template, params, output_field=output_field, vector="search_vector", title="search_title")


def _int_or_error(value, field, message):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: message})


def document_search(*, user, filters=None, fallback=True) -> QuerySet[Document]:
    """The search page and the API list: `q` (Swedish full text), facets theme, year, kind,
    municipality (SCB code), publisher (slug), `bbox` (map view) and `sort`. With `fallback`
    False, `q` is matched by the exact full-text match only (no trigram fallbacks for typos and
    compound tails): the page and the API use that first (knowledge.selectors.scaled)."""
    filters = filters or {}
    qs = Document.objects.visible_to(user)
    q = (filters.get("q") or "").strip()
    built = (search.build(q) if fallback else search.build_exact(q)) if q else None
    if built:
        where, params, rank, rank_params, *_snippet = built
        qs = qs.filter(SearchSQL(where, params, output_field=BooleanField())).annotate(
            rank=SearchSQL(rank, rank_params, output_field=FloatField())
        )
    if theme := filters.get("theme"):
        qs = qs.filter(themes__slug=theme)
    if year := filters.get("year"):
        qs = qs.filter(year=_int_or_error(year, "year", _("Ange året med fyra siffror, t.ex. 2026.")))
    if kind := filters.get("kind"):
        if kind not in Document.Kind.values:
            raise ValidationError({"kind": _("Okänd dokumenttyp. Välj en dokumenttyp i listan.")})
        qs = qs.filter(kind=kind)
    if municipality := filters.get("municipality"):
        qs = qs.filter(municipalities__code=municipality)
    if publisher := filters.get("publisher"):
        qs = qs.filter(publisher__slug=publisher)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if bbox := filters.get("bbox"):
        area = parse_bbox(bbox)
        area_sweref = area.transform(SWEREF99TM, clone=True)
        through = Document.municipalities.through
        covers = through.objects.filter(document_id=OuterRef("pk")).filter(
            Q(organisation__boundary__intersects=area_sweref)
            | Q(organisation__boundary__isnull=True, organisation__seat__intersects=area_sweref)
        )
        qs = qs.filter(Q(coverage__intersects=area_sweref) | Exists(covers))
    sort = filters.get("sort") or ("relevance" if built else "year")
    if sort not in SORTS:
        raise ValidationError({"sort": _("Sortera på relevance, year eller title.")})
    if sort == "relevance" and built:
        qs = qs.order_by(F("rank").desc(), "-year", "pk")
    elif sort == "title":
        qs = qs.order_by("title", "pk")
    else:
        qs = qs.order_by("-year", "title", "pk")
    return qs


def search_page(*, user, filters, number: int, size: int):
    """One page of the API's search results: (the JSON text of its `results`, its SearchHits).
    Lives in knowledge.selectors.scaled, which builds on this module."""
    from .scaled import search_page as scaled_search_page

    return scaled_search_page(user=user, filters=filters, number=number, size=size)


# The API list's fields (DocumentListSerializer's, in its order) → the row column holding each.
RESULT_COLUMNS = {
    "slug": "slug",
    "title": "title",
    "summary": "summary",
    "year": "year",
    "kind": "kind",
    "kind_label": "kind_label",
    "status": "status",
    "status_label": "status_label",
    "is_public": "is_public",
    "publisher": "publisher_slug",
    "publisher_name": "publisher_name",
    "themes": "theme_slugs",
    "municipalities": "municipality_codes",
    "external_url": "external_url",
    "review_by": "review_by",
    "needs_review": "needs_review",
    "is_example": "is_example",
    "updated_at": "updated_at_utc",
    "url": "page_url",
    "rank": "rank",
}


def with_list_data(qs: QuerySet[Document]) -> QuerySet[Document]:
    """What a result list shows: publisher, themes and municipalities, in a fixed number of queries."""
    return qs.select_related("publisher").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
        Prefetch("municipalities", queryset=Organisation.objects.order_by("name")),
    )


ROW_FIELDS = ("slug", "title", "summary", "year", "kind", "status", "is_public", "review_by", "is_example")


def _labels(field, choices) -> RowSQL:
    """The choice's label in the active language (the value itself for an unknown one)."""
    labels = json.dumps({value: str(label) for value, label in choices}, ensure_ascii=False)
    template = f"coalesce(%s::jsonb ->> {{{field}}}, {{{field}}})"
    return RowSQL(template, [labels], output_field=CharField(), **{field: field})


THEME_SLUGS_SQL = """ARRAY(SELECT t.slug FROM knowledge_document_themes dt JOIN knowledge_theme t ON t.id = dt.theme_id
    WHERE dt.document_id = {pk} ORDER BY t."order", t.name, t.id)"""
MUNICIPALITY_CODES_SQL = """ARRAY(SELECT o.code FROM knowledge_document_municipalities dm
    JOIN networks_organisation o ON o.id = dm.organisation_id WHERE dm.document_id = {pk} ORDER BY o.name, o.id)"""


def document_rows(qs: QuerySet[Document], *, today) -> QuerySet:
    """The API list's rows (RESULT_COLUMNS), everything the serializer shows computed in the
    same statement: labels in the active language, themes and municipalities as arrays.
    Written with RowSQL rather than Case/When and subqueries: built and compiled per request,
    those cost the ORM several milliseconds, more than a rare word's SQL (bench_knowledge)."""
    has_rank = "rank" in qs.query.annotations
    return qs.values(*ROW_FIELDS, *(["rank"] if has_rank else [])).annotate(
        kind_label=_labels("kind", Document.Kind.choices),
        status_label=_labels("status", Document.Status.choices),
        publisher_slug=F("publisher__slug"),
        publisher_name=F("publisher__name"),
        theme_slugs=RowSQL(THEME_SLUGS_SQL, output_field=ArrayField(CharField()), pk="pk"),
        municipality_codes=RowSQL(MUNICIPALITY_CODES_SQL, output_field=ArrayField(CharField()), pk="pk"),
        needs_review=RowSQL(
            "coalesce({review_by} < %s, false)", [today], output_field=BooleanField(), review_by="review_by"
        ),
        # As DRF writes a UTC instant: 2026-11-27T10:15:00.123456Z
        updated_at_utc=RowSQL(UTC_ISO_SQL, output_field=CharField(), updated_at="updated_at"),
        external_url=RowSQL("nullif({url}, '')", output_field=CharField(), url="url"),
        page_url=RowSQL("%s || {slug} || '/'", [_document_url_prefix()], output_field=CharField(), slug="slug"),
        row_id=F("pk"),
        **({} if has_rank else {"rank": Value(None, output_field=FloatField())}),
    )


UTC_ISO_SQL = "to_char({updated_at} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"


def _document_url_prefix() -> str:
    """/dokument/ (the document page's address without its slug)."""
    return reverse("knowledge:document_detail", kwargs={"slug": "x"})[:-2]


def with_headline(qs: QuerySet[Document], q: str) -> QuerySet[Document]:
    """A highlighted snippet of the summary for each result (computed for the fetched page only),
    as safe HTML: the summary's text escaped, the words found in <mark>."""
    built = search.build(q) if q else None
    if not built:
        return qs
    *_, tsquery, tsquery_params = built
    query = RawSQL(tsquery.replace(" && ", " || "), tsquery_params)
    return qs.annotate(
        headline=MarkedHeadline(
            "summary",
            query,
            config=search.HEADLINE_CONFIG,
            start_sel=search.HEADLINE_START,
            stop_sel=search.HEADLINE_STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
        )
    )


class MarkedHeadline(SearchHeadline):
    """ts_headline with sentinel marks, read as escaped HTML with <mark>s (search.marked): the
    summary is an editor's text, never markup."""

    output_field = search.MarkedHeadlineField()


FACET_SQL = """
WITH {ctes}
(SELECT 'total', NULL, NULL, count(*) FROM hits)
UNION ALL
(SELECT 'theme', t.slug, t.name, count(*) AS n FROM {theme} h
   JOIN knowledge_document_themes dt ON dt.document_id = h.id JOIN knowledge_theme t ON t.id = dt.theme_id
 GROUP BY t.slug, t.name ORDER BY n DESC, t.name LIMIT {limit})
UNION ALL
(SELECT 'year', h.year::text, h.year::text, count(*) FROM {year} h GROUP BY h.year ORDER BY h.year DESC LIMIT {limit})
UNION ALL
(SELECT 'kind', h.kind, h.kind, count(*) AS n FROM {kind} h GROUP BY h.kind ORDER BY n DESC, h.kind LIMIT {limit})
UNION ALL
(SELECT 'municipality', o.code, o.name, count(*) FROM {municipality} h
   JOIN knowledge_document_municipalities dm ON dm.document_id = h.id
   JOIN networks_organisation o ON o.id = dm.organisation_id
 GROUP BY o.code, o.name ORDER BY o.name LIMIT {limit})
UNION ALL
(SELECT 'publisher', o.slug, o.name, count(*) AS n FROM {publisher} h
   JOIN networks_organisation o ON o.id = h.publisher_id
 GROUP BY o.slug, o.name ORDER BY n DESC, o.name LIMIT {limit})
"""
NO_HITS = "SELECT NULL::bigint, NULL::integer, NULL::varchar, NULL::bigint WHERE false"
FACET_ORDER = {
    "theme": lambda o: (-o["count"], o["label"]),
    "year": lambda o: -int(o["value"]),
    "kind": lambda o: (-o["count"], o["value"]),
    "municipality": lambda o: o["label"],
    "publisher": lambda o: (-o["count"], o["label"]),
}


def _hits_sql(*, user, filters, fallback=True, cap=None) -> tuple[str, list]:
    """The search's hits (id, year, kind, publisher) as the ORM compiles them; with `cap`, the
    newest cap + 1 of them (by id, newest first)."""
    qs = document_search(user=user, filters=filters, fallback=fallback)
    qs = qs.order_by().values("pk", "year", "kind", "publisher_id")
    if cap is not None:
        qs = qs.order_by("-pk")[: cap + 1]
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return NO_HITS, []
    return sql, list(params)


FACET_CAP = DEFAULT_CAP


def document_facets(*, user, filters, fallback=True, cap=FACET_CAP) -> dict:
    """What each facet option would give, and the results' total ("total"), in one statement.

    Choosing an option replaces that facet's value (the page's links do), so each facet is
    counted over the search with every filter except its own: an option's count is the number
    of documents its link shows. The hits are the ORM's statement (visibility and filters
    included), found once per distinct filter set, then grouped; at 200,000 documents a
    common term's hits were otherwise matched again for every facet.

    Past `cap` hits a facet is counted over the newest `cap` of them only (read newest first,
    stopping there): its options then carry `at_least` (the count is a lower bound), the facet
    is listed in "capped", and "total" is `cap` with "total_capped". `fallback` is the search's
    mode (knowledge.selectors.scaled.uses_fallback)."""
    facets = {key: [] for key in FACET_ORDER}
    ctes, params, sources = [], [], {}
    for name, without in (("hits", None), *((f"hits_{key}", key) for key in FACET_ORDER if filters.get(key))):
        sql, cte_params = _hits_sql(
            user=user, filters={**filters, without: ""} if without else filters, fallback=fallback, cap=cap
        )
        ctes.append(f"{name}_all AS MATERIALIZED (SELECT * FROM ({sql}) AS h (id, year, kind, publisher_id))")
        # The newest `cap` of the cap + 1 read: all of them when there are no more.
        ctes.append(
            f"{name} AS MATERIALIZED (SELECT * FROM {name}_all WHERE id > "
            f"(SELECT CASE WHEN count(*) > {int(cap)} THEN min(id) ELSE 0 END FROM {name}_all))"
        )
        params += cte_params
        if without:
            sources[without] = name
    statement = FACET_SQL.format(
        ctes=",\n".join(ctes), limit=FACET_LIMIT, **{key: sources.get(key, "hits") for key in FACET_ORDER}
    )
    statement += "".join(
        f"UNION ALL\n(SELECT 'size', '{name}', NULL, count(*) FROM {name}_all)\n"
        for name in ("hits", *sources.values())
    )
    kinds = dict(Document.Kind.choices)
    total, sizes = 0, {}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for facet, value, label, count in cursor.fetchall():
            if facet == "total":
                total = count
            elif facet == "size":
                sizes[value] = count
            elif value is not None:
                label = str(kinds.get(label, label)) if facet == "kind" else label
                facets[facet].append({"value": value, "label": label, "count": count})
    capped = {key: sizes.get(sources.get(key, "hits"), 0) > cap for key in FACET_ORDER}
    for key, order in FACET_ORDER.items():
        facets[key].sort(key=order)
        for option in facets[key]:
            option["at_least"] = capped[key]
    return {**facets, "total": total, "total_capped": sizes.get("hits", 0) > cap, "capped": capped}
