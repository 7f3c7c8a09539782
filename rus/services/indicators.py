"""Indicators and their values, entered one at a time."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    Indicator,
    IndicatorValue,
)
from .common import _require_editor


def validate_indicator_years(*, baseline_year, target_year):
    if baseline_year is not None and target_year is not None and target_year <= baseline_year:
        raise ValidationError(
            {
                "target_year": _("Målåret (%(target)s) måste vara efter utgångsåret (%(baseline)s).")
                % {"target": target_year, "baseline": baseline_year}
            },
            code="target_before_baseline",
        )


INDICATOR_FIELDS = (
    "goal",
    "slug",
    "name",
    "definition",
    "unit",
    "source",
    "source_id",
    "better",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "status",
    "order",
    "is_example",
)


def indicator_save(*, actor, data: dict, indicator: Indicator | None = None, areas=None) -> Indicator:
    """Create or change an indicator. `areas` (organisations) replaces the areas it is measured for."""
    _require_editor(actor)
    indicator = indicator or Indicator()
    for name in INDICATOR_FIELDS:
        if name in data:
            setattr(indicator, name, data[name])
    validate_indicator_years(baseline_year=indicator.baseline_year, target_year=indicator.target_year)
    indicator.full_clean()
    with transaction.atomic():
        indicator.save()
        if areas is not None:
            indicator.areas.set(areas)
    return indicator


def validate_value_area(*, indicator, area):
    if not indicator.areas.filter(pk=area.pk).exists():
        raise ValidationError(
            {"area": _("Indikatorn ”%(indicator)s” mäts inte för %(area)s.") % {"indicator": indicator, "area": area}},
            code="area_not_measured",
        )


def validate_value_year(*, indicator, year):
    if year < indicator.baseline_year or year > indicator.target_year:
        raise ValidationError(
            {
                "year": _("Året %(year)s ligger utanför indikatorns period %(start)s–%(end)s.")
                % {"year": year, "start": indicator.baseline_year, "end": indicator.target_year}
            },
            code="year_out_of_range",
        )


def value_record(
    *, actor, indicator, area, year: int, value, is_preliminary=False, source_note="", is_example=False
) -> IndicatorValue:
    """Record (or update) the value of an indicator for an area and a year."""
    _require_editor(actor)
    validate_value_area(indicator=indicator, area=area)
    validate_value_year(indicator=indicator, year=year)
    with transaction.atomic():
        obj, _created = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            area=area,
            year=year,
            defaults={
                "value": Decimal(value),
                "is_preliminary": is_preliminary,
                "source_note": source_note,
                "is_example": is_example,
            },
        )
    return obj
