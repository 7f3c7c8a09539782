"""The lists a user can download. Each app declares its own in `<app>/export_lists.py` (found by
ExportsConfig.ready), so this app never imports the apps above it:

    # networks/export_lists.py
    from exports.registry import Column, register_export

    register_export(
        "networks.organisations",
        label=_("Organisationer"),
        selector=lambda user, filters: selectors.organisation_list(user=user, filters=filters),
        filter_keys=("kind",),
        columns=[Column("name", _("Namn")), Column("kind", _("Typ"), choices=Organisation.Kind.choices), ...],
        geometry="boundary",
        filename="organisationer",
    )

`selector(user, filters)` returns the same queryset the page shows (it starts from
`visible_to(user)`), and raises a ValidationError keyed by the parameter on a bad filter.
`filters` holds the page's query parameters named in `filter_keys` (strings, as sent)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured

FORMATS = ("csv", "geojson", "gpkg")


@dataclass(frozen=True)
class Column:
    """One column. `source`: a field path ("sender__name"), an ORM expression, or a callable
    `source(user)` giving one (a case's address differs for officers). `kind`: "text"; "url"
    (a path in the portal, written as an absolute address); "list" (an array, written joined);
    "json" (an object: JSON text in CSV, the object itself in GeoJSON).
    `choices`: the stored value's label (translated when the file is written)."""

    key: str
    label: object
    source: object = None
    choices: Sequence | None = None
    kind: str = "text"

    def expression(self, user):
        source = self.key if self.source is None else self.source
        if isinstance(source, str) or hasattr(source, "resolve_expression"):
            return source
        return source(user)


@dataclass(frozen=True)
class ExportList:
    name: str
    label: object
    selector: Callable
    columns: Sequence[Column] | Callable
    filename: str
    filter_keys: tuple = ()
    geometry: object = None
    login_required: bool = False
    # refusal(user) -> a message when this user may not download the list (None: allowed)
    refusal: Callable | None = None
    formats: tuple = field(default=FORMATS)

    def columns_for(self, user) -> list[Column]:
        return list(self.columns(user) if callable(self.columns) else self.columns)

    def filters_from(self, params) -> dict:
        """The list's filters from a query dict: the named parameters that are not empty."""
        return {key: params.get(key, "").strip() for key in self.filter_keys if (params.get(key) or "").strip()}


_registry: dict[str, ExportList] = {}


def register_export(name: str, **options) -> ExportList:
    formats = FORMATS if options.get("geometry") is not None else ("csv", "geojson")
    spec = ExportList(name=name, formats=options.pop("formats", formats), **options)
    if "gpkg" in spec.formats and spec.geometry is None:
        raise ImproperlyConfigured(f"Export {name}: a GeoPackage needs a geometry.")
    _registry[name] = spec
    return spec


def get_export(name: str) -> ExportList | None:
    return _registry.get(name)


def all_exports() -> list[ExportList]:
    return sorted(_registry.values(), key=lambda spec: spec.name)


def portal_url(url_name: str, **fields):
    """A page's address built in SQL from the row's fields, get_absolute_url's twin for a
    column of kind "url": portal_url("networks:network_detail", slug="slug")."""
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Cast, Concat
    from django.urls import NoReverseMatch, reverse

    placeholders = {}
    for index, name in enumerate(fields):
        placeholders[name] = f"qqexportq{index}q"
    try:
        url = reverse(url_name, kwargs=placeholders)
    except NoReverseMatch:  # an <int:...> in the pattern
        placeholders = {name: 987654320 + index for index, name in enumerate(fields)}
        url = reverse(url_name, kwargs=placeholders)
    parts = []
    for name, field_path in fields.items():
        before, url = url.split(str(placeholders[name]), 1)
        parts += [Value(before), Cast(F(field_path), CharField())]
    parts.append(Value(url))
    return Concat(
        *[part for part in parts if not (isinstance(part, Value) and part.value == "")], output_field=CharField()
    )
