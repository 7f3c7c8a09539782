"""The collections: what each part of the portal offers GIS tools, each starting from the owning
model's `visible_to(user)` or its app's selector, as the pages do.

- `municipalities`: the municipalities' boundaries (networks).
- `referral-areas`: the plan areas of the referral cases, the public register's columns only
  (referrals.selectors_public: the map's and the exports' properties).
- `document-coverage`: the library's documents with a geographic coverage.
- `structure-image-<key>`: each structure image of the strategy (rus) its own collection.
- `layer-<id>`: each of the library's uploaded map layers its own collection, with the uploaded
  attributes as the features' properties: what a QGIS user expects of a layer (its own fields
  and geometry type), not one mixed collection.

A lookup of one collection costs at most one query; the whole list a fixed number of queries
(the extents are aggregated per kind, not per collection)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.gis.db.models import Extent
from django.contrib.gis.geos import Polygon
from django.db.models import CharField, DateField, F, Func, Max, Min, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils.translation import gettext as _

from knowledge.models import Document, Layer, LayerFeature
from networks.models import Organisation
from planportal.choices import choice_label
from planportal.geo import SWEREF99TM, WGS84
from referrals import selectors_public as referral_selectors
from rus.models import StructureFeature, StructureImage

from .params import SUPPORTED_CRS

LAYER_PREFIX = "layer-"
STRUCTURE_PREFIX = "structure-image-"


@dataclass
class Collection:
    id: str
    title: str
    description: str
    queryset: QuerySet  # the features `user` may see (lazy)
    geometry: str  # the geometry field, stored in SWEREF 99 TM
    properties: dict  # property name -> database expression
    page_url: str = ""  # the portal's page of the collection (absolute)
    # (queryset, first day | None, last day | None) -> queryset; None: the features have no date
    temporal: Callable | None = None
    temporal_bounds: dict = field(default_factory=dict)  # {"start": aggregate, "end": aggregate}
    extent: dict | None = None  # filled by with_extents()


def _absolute(base: str, path_expr):
    return Concat(Value(base), path_expr, output_field=CharField())


def _url_expr(base: str, name: str, kwarg: str, column: str, *, numeric: bool = False):
    """The absolute address of `name` for each row, built in SQL from `column`."""
    marker = "999999937" if numeric else "ogc-marker"
    before, after = reverse(name, kwargs={kwarg: marker}).split(marker, 1)
    value = Cast(column, CharField()) if numeric else F(column)
    return Concat(Value(base + before), value, Value(after), output_field=CharField())


def _make_date(year_column: str, month: int, day: int) -> Func:
    return Func(F(year_column), Value(month), Value(day), function="make_date", output_field=DateField())


def _example(title: str, is_example: bool) -> str:
    return _("%(title)s (exempeldata)") % {"title": title} if is_example else title


# --- the fixed collections ---------------------------------------------------------------


def _municipalities(user, base: str) -> Collection:
    qs = Organisation.objects.visible_to(user).municipalities().filter(boundary__isnull=False)
    return Collection(
        id="municipalities",
        title=_("Kommuner"),
        description=_("Länets kommuner och deras gränser."),
        queryset=qs,
        geometry="boundary",
        properties={
            "name": F("name"),
            "code": F("code"),
            "slug": F("slug"),
            "url": _url_expr(base, "networks:municipality_detail", "slug", "slug"),
        },
        page_url=base + reverse("networks:municipality_list"),
    )


def _referral_dates(qs, start, end):
    if start:
        qs = qs.filter(received__gte=start)
    if end:
        qs = qs.filter(received__lte=end)
    return qs


def _referral_areas(user, base: str) -> Collection:
    qs = referral_selectors.public_referrals(user=user).filter(area__isnull=False)
    properties = referral_selectors.area_properties(user)
    properties["url"] = _absolute(base, properties["url"])
    properties["is_example"] = F("is_example")
    return Collection(
        id="referral-areas",
        title=_("Remissärenden (planområden)"),
        description=_(
            "Planområdena i remissärenden som regionen tagit emot, med diariets uppgifter. "
            "Datum (datetime): ärendets inkomstdag."
        ),
        queryset=qs,
        geometry="area",
        properties=properties,
        page_url=base + reverse("referrals:register"),
        temporal=_referral_dates,
        temporal_bounds={"start": Min("received"), "end": Max("received")},
    )


def _document_years(qs, start, end):
    if start:
        qs = qs.filter(year__gte=start.year)
    if end:
        qs = qs.filter(year__lte=end.year)
    return qs


def _document_coverage(user, base: str) -> Collection:
    qs = Document.objects.visible_to(user).filter(coverage__isnull=False)
    return Collection(
        id="document-coverage",
        title=_("Dokumentens geografiska täckning"),
        description=_(
            "Kunskapsbankens dokument och det område vart och ett omfattar. Datum (datetime): dokumentets år."
        ),
        queryset=qs,
        geometry="coverage",
        properties={
            "title": F("title"),
            "year": F("year"),
            "kind": F("kind"),
            "kind_label": choice_label("kind", Document.Kind.choices),
            "status": F("status"),
            "status_label": choice_label("status", Document.Status.choices),
            "publisher": F("publisher__name"),
            "url": _url_expr(base, "knowledge:document_detail", "slug", "slug"),
            "is_example": F("is_example"),
        },
        page_url=base + reverse("knowledge:index"),
        temporal=_document_years,
        temporal_bounds={"start": Min(_make_date("year", 1, 1)), "end": Max(_make_date("year", 12, 31))},
    )


FIXED = {"municipalities": _municipalities, "referral-areas": _referral_areas, "document-coverage": _document_coverage}


# --- one collection per structure image and per map layer ---------------------------------


def _structure_image(image: StructureImage, user, base: str) -> Collection:
    qs = StructureFeature.objects.visible_to(user).filter(image_id=image.pk)
    return Collection(
        id=f"{STRUCTURE_PREFIX}{image.key}",
        title=_example(_("Strukturbild: %(name)s") % {"name": image.name}, image.is_example),
        description=image.description,
        queryset=qs,
        geometry="geometry",
        properties={
            "name": F("name"),
            "kind": F("kind"),
            "kind_label": choice_label("kind", StructureFeature.Kind.choices),
            "description": F("description"),
            "is_example": F("is_example"),
        },
        page_url=base + image.get_absolute_url(),
    )


def _layer(layer: Layer, user, base: str) -> Collection:
    # The features of a layer the user may see (the layer itself comes from visible_to).
    qs = LayerFeature.objects.filter(layer_id=layer.pk)
    return Collection(
        id=f"{LAYER_PREFIX}{layer.pk}",
        title=_example(_("Kartlager: %(name)s") % {"name": layer.name}, layer.is_example),
        description=layer.description,
        queryset=qs,
        geometry="geometry",
        properties={},  # the uploaded attributes: see features.py (the stored JSON object as it is)
        page_url=base + layer.get_absolute_url(),
    )


def _visible_layers(user):
    return Layer.objects.visible_to(user).only("pk", "name", "description", "is_example").order_by("name", "pk")


def _visible_images(user):
    return StructureImage.objects.visible_to(user).order_by("order", "name")


def collection_list(*, user, base: str) -> list[Collection]:
    """Every collection `user` may see, in a fixed order (two queries: images and layers)."""
    fixed = [build(user, base) for build in FIXED.values()]
    images = [_structure_image(image, user, base) for image in _visible_images(user)]
    layers = [_layer(layer, user, base) for layer in _visible_layers(user)]
    return fixed + images + layers


def collection_get(*, user, collection_id: str, base: str) -> Collection | None:
    """One collection by its id, None when there is none `user` may see (at most one query)."""
    if collection_id in FIXED:
        return FIXED[collection_id](user, base)
    if collection_id.startswith(STRUCTURE_PREFIX):
        image = _visible_images(user).filter(key=collection_id.removeprefix(STRUCTURE_PREFIX)).first()
        return _structure_image(image, user, base) if image else None
    if collection_id.startswith(LAYER_PREFIX):
        number = collection_id.removeprefix(LAYER_PREFIX)
        if not number.isdigit() or len(number) > 18:
            return None
        layer = _visible_layers(user).filter(pk=int(number)).first()
        return _layer(layer, user, base) if layer else None
    return None


# --- extents --------------------------------------------------------------------------------


def _spatial(box) -> dict | None:
    """A SWEREF 99 TM extent -> OGC's spatial extent in CRS84 (the transformed box's envelope)."""
    if not box:
        return None
    polygon = Polygon.from_bbox(box)
    polygon.srid = SWEREF99TM
    minx, miny, maxx, maxy = polygon.transform(WGS84, clone=True).extent
    return {"bbox": [[round(minx, 6), round(miny, 6), round(maxx, 6), round(maxy, 6)]], "crs": SUPPORTED_CRS[0].uri}


def _temporal(start, end) -> dict | None:
    if start is None:
        return None
    return {"interval": [[f"{start.isoformat()}T00:00:00Z", f"{end.isoformat()}T23:59:59Z"]], "trs": TRS}


TRS = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"


def with_extents(collections: list[Collection]) -> list[Collection]:
    """Fills each collection's `extent`: one aggregate per fixed collection, one grouped
    aggregate for all structure images and one for all layers."""
    grouped = {
        STRUCTURE_PREFIX: [c for c in collections if c.id.startswith(STRUCTURE_PREFIX)],
        LAYER_PREFIX: [c for c in collections if c.id.startswith(LAYER_PREFIX)],
    }
    for collection in collections:
        if collection.id.startswith((STRUCTURE_PREFIX, LAYER_PREFIX)):
            continue
        row = collection.queryset.aggregate(_box=Extent(collection.geometry), **collection.temporal_bounds)
        collection.extent = {
            "spatial": _spatial(row["_box"]),
            "temporal": _temporal(row.get("start"), row.get("end")),
        }
    if grouped[STRUCTURE_PREFIX]:
        by_key = {c.id.removeprefix(STRUCTURE_PREFIX): c for c in grouped[STRUCTURE_PREFIX]}
        rows = (
            StructureFeature.objects.filter(image__key__in=by_key)
            .values("image__key")
            .annotate(_box=Extent("geometry"))
            .order_by()
        )
        boxes = {row["image__key"]: row["_box"] for row in rows}
        for key, collection in by_key.items():
            collection.extent = {"spatial": _spatial(boxes.get(key)), "temporal": None}
    if grouped[LAYER_PREFIX]:
        by_id = {int(c.id.removeprefix(LAYER_PREFIX)): c for c in grouped[LAYER_PREFIX]}
        rows = (
            LayerFeature.objects.filter(layer_id__in=by_id)
            .values("layer_id")
            .annotate(_box=Extent("geometry"))
            .order_by()
        )
        boxes = {row["layer_id"]: row["_box"] for row in rows}
        for pk, collection in by_id.items():
            collection.extent = {"spatial": _spatial(boxes.get(pk)), "temporal": None}
    return collections
