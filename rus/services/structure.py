"""Structure images: their features, checked and imported from a vector file."""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planportal.geodata import GeodataError, open_vector_file, to_sweref

from ..models import (
    StructureFeature,
)
from .common import _require_editor

KIND_ALIASES = {
    "primary_corridor": StructureFeature.Kind.PRIMARY_CORRIDOR,
    "primärt stråk": StructureFeature.Kind.PRIMARY_CORRIDOR,
    "primar": StructureFeature.Kind.PRIMARY_CORRIDOR,
    "secondary_corridor": StructureFeature.Kind.SECONDARY_CORRIDOR,
    "sekundärt stråk": StructureFeature.Kind.SECONDARY_CORRIDOR,
    "node": StructureFeature.Kind.NODE,
    "nod": StructureFeature.Kind.NODE,
    "logistics_area": StructureFeature.Kind.LOGISTICS_AREA,
    "logistikområde": StructureFeature.Kind.LOGISTICS_AREA,
}


def validate_feature_geometry(*, kind, geometry):
    allowed = StructureFeature.GEOMETRY_TYPES[kind]
    if geometry.geom_type not in allowed:
        raise ValidationError(
            {
                "geometry": _("Ett objekt av typen ”%(kind)s” ska vara %(allowed)s, inte %(got)s.")
                % {
                    "kind": StructureFeature.Kind(kind).label,
                    "allowed": " eller ".join(allowed),
                    "got": geometry.geom_type,
                }
            },
            code="wrong_geometry_type",
        )


def structure_feature_save(*, actor, feature: StructureFeature) -> StructureFeature:
    _require_editor(actor)
    validate_feature_geometry(kind=feature.kind, geometry=feature.geometry)
    with transaction.atomic():
        feature.full_clean()
        feature.save()
    return feature


def _declares_crs(path) -> bool:
    """A GeoJSON file names its CRS with a `crs` member (GDAL also writes one for SWEREF 99 TM)."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return True  # let GDAL report what is wrong with the file
    return isinstance(data, dict) and "crs" in data


def structure_image_import(*, actor, image, path, display_name=None, is_example=False) -> dict:
    """Import features into a structure image from GeoJSON or GeoPackage. Each feature needs
    `kind` (or `typ`) and `name` (or `namn`) properties; the geometry type must fit the kind.
    All or nothing; a feature with the same kind and name is updated."""
    _require_editor(actor)
    name = display_name or str(path).rsplit("/", 1)[-1]
    if str(path).lower().endswith((".geojson", ".json")) and not _declares_crs(path):
        raise ValidationError(
            {
                "file": _(
                    "%(name)s: filen anger inget koordinatsystem (crs). Ange SWEREF 99 TM (EPSG:3006) "
                    "eller WGS 84 (EPSG:4326) i filen."
                )
                % {"name": name}
            },
            code="no_crs",
        )
    errors, features = [], []
    try:
        with open_vector_file(path, display_name=name) as layer:
            for feature in layer.features():
                props = {k.lower(): v for k, v in feature.properties.items()}
                kind_text = str(props.get("kind") or props.get("typ") or "").strip().lower()
                feature_name = str(props.get("name") or props.get("namn") or "").strip()
                kind = KIND_ALIASES.get(kind_text)
                where = _("Objekt %(n)s") % {"n": feature.number}
                if kind is None:
                    errors.append(_("%(where)s: okänd typ ”%(kind)s”.") % {"where": where, "kind": kind_text})
                    continue
                if not feature_name:
                    errors.append(_("%(where)s: namn saknas.") % {"where": where})
                    continue
                if feature.geometry is None:
                    errors.append(_("%(where)s (%(name)s): geometri saknas.") % {"where": where, "name": feature_name})
                    continue
                geometry = to_sweref(feature.geometry, layer.srid)
                try:
                    validate_feature_geometry(kind=kind, geometry=geometry)
                except ValidationError as exc:
                    errors.append(f"{where} ({feature_name}): {exc.message_dict['geometry'][0]}")
                    continue
                features.append((kind, feature_name, geometry, props.get("description") or ""))
    except GeodataError as exc:
        raise ValidationError({"file": str(exc)}, code="unreadable")
    if errors:
        raise ValidationError({"file": errors}, code="bad_features")
    if not features:
        raise ValidationError({"file": _("%(name)s: filen innehåller inga objekt.") % {"name": name}})
    created = updated = 0
    with transaction.atomic():
        for kind, feature_name, geometry, description in features:
            _obj, was_created = StructureFeature.objects.update_or_create(
                image=image,
                kind=kind,
                name=feature_name,
                defaults={"geometry": geometry, "description": description, "is_example": is_example},
            )
            created += was_created
            updated += not was_created
    return {"created": created, "updated": updated}
