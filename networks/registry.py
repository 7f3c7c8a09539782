"""Links from agenda items to things of higher apps (knowledge documents, RUS goals …),
without `networks` importing those apps.

A higher app registers a provider in its AppConfig.ready():

    from networks.registry import register_agenda_item_link_provider

    register_agenda_item_link_provider(
        field_name="documents",                # a form/API field name; also the default reverse accessor
        label=_("Dokument"),                   # Swedish label on the form and the meeting page
        queryset=lambda user: Document.objects.visible_to(user),   # what `user` may pick
        save=lambda item, objects, actor: item.documents.set(objects),
        # optional:
        current=lambda item: item.documents.all(),   # what is linked now (default: getattr(item, field_name).all())
        prefetch="documents",                  # prefetch_related lookup for the meeting page (default: field_name)
        help_text=_("Välj dokument som hör till punkten."),
        order=10,
    )

The agenda-item form (propose/edit) shows one multiple-choice field per provider, limited to
`queryset(user)`; after the item is saved, `save(item, selected_objects, actor)` runs in the
same transaction. The API accepts the same field names inside `links`, e.g.
`{"title": "...", "links": {"documents": [3, 7]}}` (ids, checked against `queryset(user)`).
The meeting page shows, per item and provider, `current(item)` with each object's `str()`
and `get_absolute_url()` when it has one.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AgendaItemLinkProvider:
    field_name: str
    label: Any
    queryset: Callable[[Any], Any]
    save: Callable[[Any, Iterable[Any], Any], None]
    current: Callable[[Any], Iterable[Any]] | None = None
    prefetch: str | None = None
    help_text: Any = ""
    order: int = 100
    extra: dict = field(default_factory=dict)

    def linked(self, item) -> list:
        if self.current is not None:
            return list(self.current(item))
        related = getattr(item, self.field_name, None)
        return list(related.all()) if related is not None else []

    @property
    def prefetch_lookup(self) -> str:
        return self.prefetch or self.field_name


agenda_item_link_providers: list[AgendaItemLinkProvider] = []


def register_agenda_item_link_provider(
    *,
    field_name: str,
    label,
    queryset: Callable,
    save: Callable,
    current: Callable | None = None,
    prefetch: str | None = None,
    help_text="",
    order: int = 100,
) -> AgendaItemLinkProvider:
    """Register (or replace, by field_name) a provider; returns it."""
    provider = AgendaItemLinkProvider(
        field_name=field_name,
        label=label,
        queryset=queryset,
        save=save,
        current=current,
        prefetch=prefetch,
        help_text=help_text,
        order=order,
    )
    unregister_agenda_item_link_provider(field_name)
    agenda_item_link_providers.append(provider)
    agenda_item_link_providers.sort(key=lambda p: (p.order, p.field_name))
    return provider


def unregister_agenda_item_link_provider(field_name: str) -> None:
    agenda_item_link_providers[:] = [p for p in agenda_item_link_providers if p.field_name != field_name]


def link_providers() -> list[AgendaItemLinkProvider]:
    return list(agenda_item_link_providers)
