"""The strategy's indicators and their values as files (exports app), with the pages' filters;
drafts only for those who may see them (visible_to)."""

from django.contrib.gis.db.models import GeometryField
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from exports import filters as check
from exports.registry import Column, portal_url, register_export
from planportal.geo import SWEREF99TM

from . import selectors
from .models import Indicator, StructureFeature


def indicators(user, filters):
    check.choice(filters, "source", Indicator.Source.choices)
    check.integer(filters, "goal", minimum=1)
    check.choice(filters, "sort", selectors.INDICATOR_SORTS)
    return selectors.indicator_list(user=user, filters=filters)


register_export(
    "rus.indicators",
    label=_("Indikatorer"),
    selector=indicators,
    filter_keys=("q", "goal", "source", "sort"),
    columns=[
        Column("name", _("Namn")),
        Column("goal_code", _("Effektmål nr"), source="goal__code"),
        Column("goal", _("Effektmål"), source="goal__name"),
        Column("unit", _("Enhet")),
        Column("source", _("Källa"), choices=Indicator.Source.choices),
        Column("source_id", _("Källans id")),
        Column("baseline_year", _("Utgångsår")),
        Column("baseline_value", _("Utgångsvärde")),
        Column("target_year", _("Målår")),
        Column("target_value", _("Målvärde")),
        Column("is_example", _("Exempeldata")),
        Column("url", _("Länk"), source=lambda user: portal_url("rus:indicator_detail", slug="slug"), kind="url"),
    ],
    filename="indikatorer",
)


def values(user, filters):
    """The values, of one indicator (`indicator`) or of the indicators the list shows with its
    filters (q, goal, source)."""
    check.integer(filters, "year", minimum=1900, maximum=2100)
    qs = selectors.value_list(user=user, filters=filters)
    if any(filters.get(key) for key in ("q", "goal", "source")):
        qs = qs.filter(indicator__in=indicators(user, filters).order_by().values("pk"))
    return qs


register_export(
    "rus.values",
    label=_("Indikatorvärden"),
    selector=values,
    filter_keys=("indicator", "area", "year", "q", "goal", "source"),
    columns=[
        Column("indicator", _("Indikator"), source="indicator__name"),
        Column("indicator_slug", _("Indikatorns kortadress"), source="indicator__slug"),
        Column("area", _("Område"), source="area__name"),
        Column("area_code", _("Områdets kod"), source="area__code"),
        Column("year", _("År")),
        Column("value", _("Värde")),
        Column("unit", _("Enhet"), source="indicator__unit"),
        Column("is_preliminary", _("Preliminärt")),
        Column("is_example", _("Exempeldata")),
    ],
    # The area's boundary, or its seat where it has none (as the maps draw it).
    geometry=Coalesce("area__boundary", "area__seat", output_field=GeometryField(srid=SWEREF99TM)),
    filename="indikatorvarden",
)


def structure_features(user, filters):
    qs = selectors.structure_feature_list(user=user)
    if key := filters.get("image"):
        qs = qs.filter(image__key=key)
    return qs


register_export(
    "rus.structure_features",
    label=_("Strukturbildernas objekt"),
    selector=structure_features,
    filter_keys=("image",),
    columns=[
        Column("image", _("Strukturbild"), source="image__name"),
        Column("kind", _("Typ"), choices=StructureFeature.Kind.choices),
        Column("name", _("Namn")),
        Column("description", _("Beskrivning")),
        Column("is_example", _("Schematiskt exempel")),
    ],
    geometry="geometry",
    filename="strukturbild",
)
