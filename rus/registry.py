"""Tracing the strategy's effect (genomslag): higher apps say what references an effect goal.

knowledge registers its documents, referrals its replies, in their AppConfig.ready():

    from rus.registry import register_goal_reference_source
    register_goal_reference_source("documents", _("Dokument"), documents_for_goal, order=10)

`func(goal, user)` returns an iterable (list or queryset) of items, each with `title`, `year`
and a link (a model's `get_absolute_url()`, or a dict's `url` key); it must respect what
`user` may see. The goal page lists them per source and counts them per year.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_sources: dict[str, "ReferenceSource"] = {}


@dataclass
class ReferenceSource:
    key: str
    label: Any
    func: Any
    order: int = 100


@dataclass
class ReferenceItem:
    title: str
    url: str
    year: int | None
    source: str
    extra: dict = field(default_factory=dict)


def register_goal_reference_source(key, label, func, *, order=100):
    """Register (or replace, so reloads are harmless) a source of references to goals."""
    _sources[key] = ReferenceSource(key=key, label=label, func=func, order=order)
    return func


def unregister_goal_reference_source(key):
    _sources.pop(key, None)


def reference_sources() -> list[ReferenceSource]:
    return sorted(_sources.values(), key=lambda s: (s.order, s.key))


def _get(item, name):
    if isinstance(item, dict):
        return item.get(name)
    return getattr(item, name, None)


def _item(raw, source_key) -> ReferenceItem:
    # A model instance links to its own page; a dict (or plain object) gives its `url`.
    url = raw.get_absolute_url() if hasattr(raw, "get_absolute_url") else _get(raw, "url")
    year = _get(raw, "year")
    return ReferenceItem(
        title=str(_get(raw, "title") or raw),
        url=url or "",
        year=int(year) if year is not None else None,
        source=source_key,
    )


def references_for_goal(goal, user) -> list[dict]:
    """[{key, label, items: [ReferenceItem], by_year: {year: n}}] for every registered source."""
    result = []
    for source in reference_sources():
        items = [_item(raw, source.key) for raw in source.func(goal, user)]
        by_year = Counter(i.year for i in items if i.year is not None)
        result.append(
            {"key": source.key, "label": source.label, "items": items, "by_year": dict(sorted(by_year.items()))}
        )
    return result


def counts_per_year(references: list[dict]) -> list[dict]:
    """Rows [{year, counts: [n per source], total}] over all sources, newest year first."""
    years = sorted({y for ref in references for y in ref["by_year"]}, reverse=True)
    rows = []
    for year in years:
        counts = [ref["by_year"].get(year, 0) for ref in references]
        rows.append({"year": year, "counts": counts, "total": sum(counts)})
    return rows
