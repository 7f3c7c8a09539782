"""Map layers and what lies near a geometry (for the referrals' interest check)."""

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.measure import D
from django.db.models import (
    F,
    FloatField,
    Func,
    QuerySet,
    Value,
)

from planportal.geo import SWEREF99TM, parse_bbox

from ..models import (
    Document,
    Layer,
    LayerFeature,
)


def layer_list(*, user) -> QuerySet[Layer]:
    return Layer.objects.visible_to(user).select_related("document").order_by("name")


def _in_sweref(geometry):
    if not geometry.srid:
        raise ValueError("the geometry needs an SRID (e.g. 3006 for SWEREF 99 TM)")
    return geometry if geometry.srid == SWEREF99TM else geometry.transform(SWEREF99TM, clone=True)


def _distance_to(field: str, geometry) -> Func:
    """ST_Distance in metres between `field` (a SWEREF 99 TM column) and `geometry` (3006)."""
    return Func(
        F(field),
        Value(geometry, output_field=GeometryField(srid=SWEREF99TM)),
        function="ST_Distance",
        output_field=FloatField(),
    )


def layer_features_near(geometry, *, distance_m: float, user) -> QuerySet[LayerFeature]:
    """The features of map layers visible to `user` that `geometry` (any SRID) touches or lies
    within `distance_m` metres of, nearest first, each annotated with `distance` (float, metres
    in SWEREF 99 TM; 0 where they touch) and its layer selected. ST_DWithin on the stored 3006
    geometry, so the spatial index is used."""
    area = _in_sweref(geometry)
    return (
        LayerFeature.objects.filter(layer__in=Layer.objects.visible_to(user))
        .filter(geometry__dwithin=(area, D(m=distance_m)))
        .annotate(distance=_distance_to("geometry", area))
        .select_related("layer")
        .order_by("distance", "layer__name", "number", "pk")
    )


def documents_near(geometry, *, distance_m: float, user) -> QuerySet[Document]:
    """Documents visible to `user`, not withdrawn, whose coverage `geometry` (any SRID) touches or
    lies within `distance_m` metres of, nearest first, each annotated with `distance` (float,
    metres in SWEREF 99 TM; 0 where they touch). ST_DWithin on the 3006 coverage (indexed)."""
    area = _in_sweref(geometry)
    return (
        Document.objects.visible_to(user)
        .exclude(status=Document.Status.WITHDRAWN)
        .filter(coverage__dwithin=(area, D(m=distance_m)))
        .annotate(distance=_distance_to("coverage", area))
        .select_related("publisher")
        .order_by("distance", "-year", "title", "pk")
    )


def layer_features(*, layer: Layer, bbox: str | None = None):
    qs = layer.features.order_by("number")
    if bbox:
        area = parse_bbox(bbox)
        qs = qs.filter(geometry__intersects=area.transform(SWEREF99TM, clone=True))
    return qs
