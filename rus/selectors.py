"""Reads of the RUS follow-up. Every read starts from a model's visible_to(user)."""

from collections import defaultdict
from decimal import Decimal

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.measure import D
from django.db.models import Case, CharField, F, FilteredRelation, Prefetch, Q, Value, When
from django.db.models.functions import Concat

from networks.models import Organisation
from networks.querysets import municipality_url, organisation_geometry
from planportal.geo import SWEREF99TM, feature_collection

from .models import (
    Assessment,
    Goal,
    Indicator,
    IndicatorValue,
    OverarchingGoal,
    PriorityArea,
    Strategy,
    StructureFeature,
    StructureImage,
)
from .status import Status, indicator_status

# Kolada's and SCB's codes for Örebro län as a whole; the county is the Region's organisation.
COUNTY_CODES = ("0018", "18")

# Five classes from light to dark (ColorBrewer "Blues", colour-blind safe), for the choropleth.
CHOROPLETH_COLOURS = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
NO_VALUE_COLOUR = "#bdbdbd"


def county():
    """The county as an area: the Region's organisation (Region Örebro län)."""
    return Organisation.objects.filter(kind=Organisation.Kind.REGION).order_by("pk").first()


# --- the strategy ----------------------------------------------------------------------------


def strategy_list(*, user):
    return Strategy.objects.visible_to(user).order_by("-period_start", "name")


def strategy_current(*, user):
    """The newest strategy the user may see (published first)."""
    return (
        Strategy.objects.visible_to(user)
        .annotate(_published=Case(When(status="published", then=Value(0)), default=Value(1)))
        .order_by("_published", "-period_start", "-pk")
        .first()
    )


def latest_values(indicator_ids, area) -> dict:
    """{indicator_id: (year, value, is_preliminary)} of the newest value for `area`; one query."""
    if area is None:
        return {}
    rows = (
        IndicatorValue.objects.filter(indicator_id__in=list(indicator_ids), area=area)
        .order_by("indicator_id", "-year")
        .distinct("indicator_id")
        .values_list("indicator_id", "year", "value", "is_preliminary")
    )
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def attach_status(indicators, area=None):
    """Sets `.latest` and `.target_status` (StatusResult) on each indicator, for the county by default."""
    indicators = list(indicators)
    area = area if area is not None else county()
    latest = latest_values([i.pk for i in indicators], area)
    for indicator in indicators:
        found = latest.get(indicator.pk)
        indicator.latest = found
        indicator.target_status = indicator_status(indicator, (found[0], found[1]) if found else None)
    return indicators


def strategy_tree(*, strategy, user) -> dict:
    """The strategy with overarching goals, priority areas (directions), effect goals and their
    indicators with status; a fixed number of queries whatever its size."""
    indicators = Indicator.objects.visible_to(user).order_by("order", "name")
    goals = list(
        Goal.objects.visible_to(user)
        .filter(strategy=strategy)
        .select_related("overarching_goal", "priority_area")
        .prefetch_related(Prefetch("indicators", queryset=indicators), "agenda2030_goals")
        .order_by("order", "code")
    )
    all_indicators = attach_status([i for g in goals for i in g.indicators.all()])
    by_goal = defaultdict(list)
    for indicator in all_indicators:
        by_goal[indicator.goal_id].append(indicator)
    for goal in goals:
        goal.indicator_list = by_goal[goal.pk]
        goal.status_counts = _status_counts(goal.indicator_list)
    areas = list(
        PriorityArea.objects.filter(strategy=strategy).prefetch_related("directions").order_by("order", "name")
    )
    goals_by_area = defaultdict(list)
    for goal in goals:
        goals_by_area[goal.priority_area_id].append(goal)
    for area in areas:
        area.goal_list = goals_by_area.get(area.pk, [])
    overarching = list(OverarchingGoal.objects.filter(strategy=strategy).order_by("order", "name"))
    return {
        "strategy": strategy,
        "overarching_goals": overarching,
        "priority_areas": areas,
        "goals": goals,
        "goals_without_area": goals_by_area.get(None, []),
        "status_counts": _status_counts(all_indicators),
        "indicator_count": len(all_indicators),
    }


def _status_counts(indicators) -> list[tuple]:
    counts = dict.fromkeys(Status, 0)
    for indicator in indicators:
        counts[indicator.target_status.status] += 1
    return [(s, s.label, counts[s]) for s in Status]


def goal_list(*, user, strategy=None):
    qs = Goal.objects.visible_to(user).select_related("strategy", "priority_area", "overarching_goal")
    if strategy is not None:
        qs = qs.filter(strategy=strategy)
    return qs.prefetch_related("agenda2030_goals").order_by("strategy", "order", "code")


def goal_detail(*, goal, user) -> dict:
    indicators = attach_status(Indicator.objects.visible_to(user).filter(goal=goal).order_by("order", "name"))
    assessments = list(Assessment.objects.visible_to(user).filter(goal=goal).select_related("author"))
    return {"indicators": indicators, "assessments": assessments}


# --- indicators and values -------------------------------------------------------------------


def indicator_list(*, user, filters=None):
    filters = filters or {}
    qs = Indicator.objects.visible_to(user).select_related("goal", "goal__strategy")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(source_id__iexact=q) | Q(definition__icontains=q))
    if goal := filters.get("goal"):
        qs = qs.filter(goal_id=goal) if str(goal).isdigit() else qs.none()
    if source := filters.get("source"):
        qs = qs.filter(source=source)
    sort = INDICATOR_SORTS.get(filters.get("sort") or "goal", INDICATOR_SORTS["goal"])
    return qs.order_by(*sort)


INDICATOR_SORTS = {
    "goal": ("goal__order", "goal__code", "order", "name"),
    "-goal": ("-goal__order", "-goal__code", "order", "name"),
    "name": ("name", "pk"),
    "-name": ("-name", "pk"),
    "source": ("source", "source_id", "name"),
    "-source": ("-source", "-source_id", "name"),
}


def value_list(*, user, filters=None):
    filters = filters or {}
    qs = IndicatorValue.objects.visible_to(user).select_related("indicator", "area")
    if indicator := filters.get("indicator"):
        qs = qs.filter(Q(indicator__slug=indicator) | Q(indicator__source_id=indicator))
    if area := filters.get("area"):
        qs = qs.filter(Q(area__code=area) | Q(area__slug=area))
    if year := filters.get("year"):
        qs = qs.filter(year=year)
    return qs.order_by("indicator__slug", "area__code", "year")


def indicator_series(*, indicator) -> dict:
    """The values of one indicator pivoted for the chart and the table: years, and one row per
    area (the county first, then the municipalities by name), with the target path."""
    region = county()
    values = list(indicator.values.select_related("area").order_by("year"))
    years = sorted({v.year for v in values} | {indicator.baseline_year, indicator.target_year})
    years = list(range(years[0], years[-1] + 1)) if years else []
    rows = {}
    for v in values:
        row = rows.setdefault(
            v.area_id, {"area": v.area, "is_county": region is not None and v.area_id == region.pk, "cells": {}}
        )
        row["cells"][v.year] = v
    ordered = sorted(rows.values(), key=lambda r: (not r["is_county"], r["area"].name))
    for row in ordered:
        row["values"] = [row["cells"].get(y) for y in years]
    target_path = {
        indicator.baseline_year: indicator.baseline_value,
        indicator.target_year: indicator.target_value,
    }
    notes = sorted({v.source_note for v in values if v.source_note})
    return {"years": years, "rows": ordered, "target_path": target_path, "source_notes": notes}


def value_years(*, indicator) -> list[int]:
    return list(indicator.values.order_by("-year").values_list("year", flat=True).distinct())


def choropleth_breaks(*, indicator, year) -> list[Decimal]:
    """Equal-interval class limits (six numbers for five classes) over the municipalities' values."""
    values = sorted(
        IndicatorValue.objects.filter(
            indicator=indicator, year=year, area__kind=Organisation.Kind.MUNICIPALITY
        ).values_list("value", flat=True)
    )
    if not values:
        return []
    low, high = values[0], values[-1]
    if low == high:
        return [low, high]
    step = (high - low) / len(CHOROPLETH_COLOURS)
    return [low + step * i for i in range(len(CHOROPLETH_COLOURS))] + [high]


def choropleth_legend(breaks) -> list[dict]:
    from .formatting import format_number

    if not breaks:
        return []
    if len(breaks) == 2:
        return [{"colour": CHOROPLETH_COLOURS[2], "label": format_number(breaks[0])}]
    return [
        {"colour": colour, "label": f"{format_number(round(breaks[i], 1))} – {format_number(round(breaks[i + 1], 1))}"}
        for i, colour in enumerate(CHOROPLETH_COLOURS)
    ]


def choropleth_geojson(*, indicator, year, breaks=None, bbox=None) -> str:
    """Municipality features (the boundary, or the seat where no boundary is loaded) with the
    value of `indicator` in `year`, its colour class and whether the geometry is a point.
    Built in PostGIS: one query for the breaks, one for the collection."""
    breaks = choropleth_breaks(indicator=indicator, year=year) if breaks is None else breaks
    # A LEFT JOIN (not a correlated subquery: the colour classes refer to the value six times)
    qs = (
        Organisation.objects.municipalities()
        .annotate(
            _v=FilteredRelation("rus_values", condition=Q(rus_values__indicator=indicator, rus_values__year=year))
        )
        .annotate(_value=F("_v__value"))
        .filter(Q(boundary__isnull=False) | Q(seat__isnull=False))
        .order_by("code")
    )
    if bbox is not None:
        qs = qs.in_bbox(bbox)
    if len(breaks) >= 2 and breaks[0] != breaks[-1]:
        whens = [When(_value__lte=breaks[i + 1], then=Value(c)) for i, c in enumerate(CHOROPLETH_COLOURS)]
        colour = Case(
            When(_value__isnull=True, then=Value(NO_VALUE_COLOUR)),
            *whens,
            default=Value(CHOROPLETH_COLOURS[-1]),
            output_field=CharField(),
        )
    elif breaks:
        colour = Case(
            When(_value__isnull=True, then=Value(NO_VALUE_COLOUR)),
            default=Value(CHOROPLETH_COLOURS[2]),
            output_field=CharField(),
        )
    else:
        colour = Value(NO_VALUE_COLOUR, output_field=CharField())
    return feature_collection(
        qs,
        geometry=organisation_geometry(),
        properties={
            "code": "code",
            "name": "name",
            "url": municipality_url(),
            "value": F("_value"),
            "year": Value(year),
            "indicator": Value(indicator.slug),
            "unit": Value(indicator.unit),
            "colour": colour,
            "is_point": Case(When(boundary__isnull=True, then=Value(True)), default=Value(False)),
        },
    )


def ranking(*, indicator, year) -> list[dict]:
    """The municipalities ranked for `year`, best first, with each one's status against the path."""
    values = list(
        IndicatorValue.objects.filter(indicator=indicator, year=year, area__kind=Organisation.Kind.MUNICIPALITY)
        .select_related("area")
        .order_by("-value" if indicator.better == "higher" else "value", "area__name")
    )
    rows = []
    previous, rank = None, 0
    for position, v in enumerate(values, start=1):
        if v.value != previous:
            rank, previous = position, v.value
        rows.append(
            {"rank": rank, "area": v.area, "value": v, "status": indicator_status(indicator, (v.year, v.value))}
        )
    return rows


def municipality_indicators(*, organisation, user) -> list[dict]:
    """Each visible indicator measured for `organisation`: its latest value against the county's
    value for the same year. A fixed number of queries."""
    indicators = list(
        Indicator.objects.visible_to(user)
        .filter(areas=organisation)
        .select_related("goal")
        .order_by("goal__order", "goal__code", "order", "name")
    )
    if not indicators:
        return []
    own = latest_values([i.pk for i in indicators], organisation)
    region = county()
    wanted = {(i.pk, own[i.pk][0]) for i in indicators if i.pk in own}
    county_values = {}
    if region is not None and wanted:
        years = {y for _, y in wanted}
        for ind_id, year, value in IndicatorValue.objects.filter(
            indicator_id__in=[i.pk for i in indicators], area=region, year__in=years
        ).values_list("indicator_id", "year", "value"):
            county_values[(ind_id, year)] = value
    rows = []
    for indicator in indicators:
        found = own.get(indicator.pk)
        rows.append(
            {
                "indicator": indicator,
                "year": found[0] if found else None,
                "value": found[1] if found else None,
                "is_preliminary": found[2] if found else False,
                "county_value": county_values.get((indicator.pk, found[0])) if found else None,
                "status": indicator_status(indicator, (found[0], found[1]) if found else None),
            }
        )
    return rows


# --- structure images -------------------------------------------------------------------------


def structure_image_list(*, user):
    return StructureImage.objects.visible_to(user).order_by("order", "name")


def structure_feature_list(*, user, image=None, bbox=None):
    qs = StructureFeature.objects.visible_to(user).select_related("image")
    if image is not None:
        qs = qs.filter(image=image)
    if bbox is not None:
        qs = qs.filter(geometry__intersects=bbox)
    return qs.order_by("image__order", "kind", "name")


def structure_features_touching(geometry, *, distance_m: float = 0, user=None):
    """The structure-image features a geometry (e.g. a plan area) touches or lies within
    `distance_m` metres of (measured in SWEREF 99 TM). Any SRID; transformed by PostGIS.
    Each is annotated with `distance` (float, metres in SWEREF 99 TM; 0 where they touch)."""
    if geometry.srid and geometry.srid != SWEREF99TM:
        geometry = geometry.transform(SWEREF99TM, clone=True)
    qs = (
        StructureFeature.objects.visible_to(user)
        .select_related("image")
        .annotate(distance=Distance("geometry", geometry))
    )
    if distance_m:
        qs = qs.filter(geometry__dwithin=(geometry, D(m=distance_m)))
    else:
        qs = qs.filter(geometry__intersects=geometry)
    return qs.order_by("image__order", "kind", "name")


def structure_geojson(qs) -> str:
    kind_label = Case(
        *[When(kind=value, then=Value(str(label))) for value, label in StructureFeature.Kind.choices],
        default=Value(""),
        output_field=CharField(),
    )
    return feature_collection(
        qs,
        geometry="geometry",
        properties={
            "name": "name",
            "kind": "kind",
            "kind_label": kind_label,
            "image": "image__key",
            "image_name": "image__name",
            "is_example": "is_example",
            "url": Concat(Value("/rus/strukturbilder/"), F("image__key"), Value("/")),
        },
    )
