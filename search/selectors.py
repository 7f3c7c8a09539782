"""The global search: one query over every kind (search.kinds), grouped by kind with counts.

Without a kind: every kind's count and its best few results. With `kind`: every kind's count
(for the filter links) and one page of that kind's results. Counts are capped (past COUNT_CAP
a count reads "more than 10,000"): counting every hit of a common word costs as much as
finding them. The number of statements is fixed by the number of kinds, never by the rows."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .kinds import KINDS, KINDS_BY_KEY, Query

COUNT_CAP = 10_000
# Below this many exact full-text hits a kind also takes the typo fallbacks (trigram).
FEW = 3
OVERVIEW_SIZE = 5
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 200


def _positive_int(value, field: str, default: int, *, maximum: int | None = None) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1 or (maximum is not None and number > maximum):
        if maximum is None:
            message = _("%(field)s ska vara ett heltal, 1 eller större.") % {"field": field}
        else:
            message = _("%(field)s ska vara ett heltal från 1 till %(max)s.") % {"field": field, "max": maximum}
        raise ValidationError({field: message})
    return number


def parse_params(params) -> dict:
    """The search's parameters from a query dict: `q` (required), `kind`, `page`, `page_size`;
    ValidationError (keyed by the parameter, in the active language) on bad input."""
    q = (params.get("q") or "").strip()
    errors = {}
    if not q:
        errors["q"] = _("Skriv ett eller flera sökord (q).")
    elif len(q) > MAX_QUERY_LENGTH:
        errors["q"] = _("Sökningen (q) får vara högst %(max)s tecken.") % {"max": MAX_QUERY_LENGTH}
    elif Query.build(q) is None:
        errors["q"] = _("Sökningen (q) innehåller inga ord att söka på. Skriv ett ord med bokstäver eller siffror.")
    kind = (params.get("kind") or "").strip() or None
    if kind is not None and kind not in KINDS_BY_KEY:
        errors["kind"] = _("Okänd typ %(kind)s (kind). Välj en av: %(kinds)s.") % {
            "kind": kind,
            "kinds": ", ".join(KINDS_BY_KEY),
        }
    try:
        page = _positive_int(params.get("page"), "page", 1)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        page = 1
    try:
        size = _positive_int(params.get("page_size"), "page_size", PAGE_SIZE, maximum=MAX_PAGE_SIZE)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        size = PAGE_SIZE
    if errors:
        raise ValidationError(errors)
    return {"q": q, "kind": kind, "page": page, "page_size": size}


def global_search(*, user, q: str, kind: str | None = None, page: int = 1, page_size: int = PAGE_SIZE) -> dict:
    """{"q", "kind", "kinds": [every kind's count], "groups": [kinds with results]}.

    A group: {"kind", "label", "count", "count_capped", "results", "page", "has_next",
    "ranked_newest" (past the cap, relevance ranked among the newest hits: documents)}; its
    results are rows (kinds.Kind.rows): kind, title, url, details (short texts) and snippet
    (escaped HTML with <mark>, or None). Without `kind`, each kind with hits is a group of its
    best OVERVIEW_SIZE; with `kind`, that kind alone, page `page` of `page_size`."""
    query = Query.build(q)
    if query is None:
        raise ValidationError({"q": _("Skriv ett eller flera sökord (q).")})
    counts, groups = [], []
    size, number = (page_size, page) if kind else (OVERVIEW_SIZE, 1)
    start = (number - 1) * size
    for item in KINDS:
        if kind is not None and item.key != kind:
            count, capped = item.count(user=user, query=query, cap=COUNT_CAP, few=FEW)
            rows, ranked_newest = [], False
        else:
            count, capped, rows, ranked_newest = item.find(
                user=user, query=query, offset=start, limit=size + 1, cap=COUNT_CAP, few=FEW
            )
        counts.append({"kind": item.key, "label": str(item.label), "count": count, "count_capped": capped})
        if rows or kind == item.key:
            groups.append(
                {
                    **counts[-1],
                    "results": rows[:size],
                    "page": number,
                    "page_size": size,
                    "start": start + 1,
                    "has_next": len(rows) > size,
                    "ranked_newest": ranked_newest,
                }
            )
    return {"q": q, "kind": kind, "kinds": counts, "groups": groups}
