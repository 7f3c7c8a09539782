"""Map layers: upload a file's features into PostGIS, change, replace, delete."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planportal.geo import SWEREF99TM, within_sweden
from planportal.geodata import GeodataError, open_vector_file, to_sweref
from planportal.uploads import VECTOR_KINDS, validate_upload

from ..models import (
    Layer,
    LayerFeature,
)
from ..permissions import require_editor
from .common import Errors, resolve_document

MAX_REPORTED_FEATURE_ERRORS = 50


ACCEPTED_SRIDS = {SWEREF99TM: "SWEREF 99 TM", 4326: "WGS 84"}


def _read_layer_file(upload) -> tuple[str, int, list]:
    """-> (file name, source SRID, [(number, geometry, properties)]). Reads and checks every
    feature before anything is written; any invalid or non-spatial feature is a ValidationError
    on `file` that lists each by number and reason."""
    import tempfile

    filename = validate_upload(upload, kinds=VECTOR_KINDS, field="file").name
    suffix = Path(filename).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="planportal-layer-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            with open_vector_file(path, display_name=filename) as layer:
                if layer.srid not in ACCEPTED_SRIDS:
                    raise ValidationError(
                        {
                            "file": _(
                                "%(file)s: koordinatsystemet EPSG:%(srid)s stöds inte. "
                                "Använd SWEREF 99 TM (EPSG:3006) eller WGS 84 (EPSG:4326)."
                            )
                            % {"file": filename, "srid": layer.srid}
                        }
                    )
                features, errors = _read_features(layer)
                srid = layer.srid
        except GeodataError as exc:
            raise ValidationError({"file": str(exc)})
    if errors:
        shown = errors[:MAX_REPORTED_FEATURE_ERRORS]
        more = len(errors) - len(shown)
        messages = [_("Objekt %(number)s: %(reason)s") % {"number": n, "reason": reason} for n, reason in shown]
        if more:
            messages.append(_("… och %(more)s objekt till med fel.") % {"more": more})
        summary = _("%(file)s: %(count)s objekt är felaktiga, inget sparades.") % {
            "file": filename,
            "count": len(errors),
        }
        raise ValidationError({"file": [summary, *messages]})
    if not features:
        raise ValidationError({"file": _("%(file)s: filen innehåller inga objekt.") % {"file": filename}})
    return filename, srid, features


def _store_features(layer: Layer, features) -> None:
    LayerFeature.objects.bulk_create(
        [LayerFeature(layer=layer, number=n, geometry=g, properties=p) for n, g, p in features],
        batch_size=1000,
    )


def layer_upload(*, upload, name: str = "", description: str = "", document=None, is_public=True, actor) -> Layer:
    """Stores every feature of the file's first layer in PostGIS (SWEREF 99 TM). Any invalid or
    non-spatial feature stops the upload; the error lists each by number and reason."""
    require_editor(actor)
    errors = Errors()
    errors.check(validate_upload_fields, {"name": name})
    read = errors.check(_read_layer_file, upload)
    errors.raise_any()
    filename, srid, features = read
    with transaction.atomic():
        layer_obj = Layer.objects.create(
            name=(name or "").strip() or Path(filename).stem[:200],
            description=description,
            document=document,
            source_name=filename,
            source_srid=srid,
            feature_count=len(features),
            is_public=is_public,
            created_by=actor,
        )
        _store_features(layer_obj, features)
    return layer_obj


NAME_MAX_LENGTH = 200


def validate_layer_fields(data: dict, *, partial=True) -> None:
    """The rules of a layer's name (the fields in `data`; the page forms call this too)."""
    if "name" in data:
        name = (data["name"] or "").strip()
        if not name:
            raise ValidationError({"name": _("Ange ett namn på kartlagret.")})
        if len(name) > NAME_MAX_LENGTH:
            raise ValidationError(
                {
                    "name": _("Namnet får vara högst %(max)s tecken (nu %(length)s).")
                    % {"max": NAME_MAX_LENGTH, "length": len(name)}
                }
            )


def validate_upload_fields(data: dict, *, partial=True) -> None:
    """On upload the name may be left empty: the layer is named after the file."""
    if (data.get("name") or "").strip():
        validate_layer_fields(data)


def layer_update(*, layer: Layer, data: dict, upload=None, actor) -> Layer:
    """data: any of name, description, document (a Document, its slug or None), is_public.
    With `upload`, the layer's features are replaced by the file's, checked exactly as on
    upload; when the file or a field is wrong nothing changes, the old features stay."""
    require_editor(actor)
    errors = Errors()
    errors.check(validate_layer_fields, data)
    document = errors.check(resolve_document, data.get("document"))
    read = errors.check(_read_layer_file, upload) if upload is not None else None
    errors.raise_any()
    with transaction.atomic():
        layer = Layer.objects.select_for_update().get(pk=layer.pk)
        if "name" in data:
            layer.name = data["name"].strip()
        if "description" in data:
            layer.description = (data["description"] or "").strip()
        if "document" in data:
            layer.document = document
        if "is_public" in data:
            layer.is_public = bool(data["is_public"])
        if read is not None:
            filename, srid, features = read
            layer.features.all().delete()
            _store_features(layer, features)
            layer.source_name, layer.source_srid, layer.feature_count = filename, srid, len(features)
        layer.save()
    return layer


def layer_delete(*, layer: Layer, actor) -> None:
    """The layer and its features (a cascade in the database)."""
    require_editor(actor)
    with transaction.atomic():
        Layer.objects.filter(pk=layer.pk).delete()


def _json_safe(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def _read_features(layer):
    from django.contrib.gis.gdal import GDALException
    from django.contrib.gis.geos import GEOSException

    features, errors = [], []
    for feature in layer.features():
        if feature.geometry is None:
            errors.append((feature.number, _("saknar geometri (icke-spatialt objekt).")))
            continue
        try:
            geom = to_sweref(feature.geometry, layer.srid)
        except (GDALException, GEOSException, ValueError) as exc:
            errors.append((feature.number, _("geometrin kunde inte läsas (%(error)s).") % {"error": exc}))
            continue
        if geom.empty:
            errors.append((feature.number, _("geometrin är tom.")))
            continue
        if not geom.valid:
            errors.append((feature.number, _("ogiltig geometri: %(reason)s.") % {"reason": geom.valid_reason}))
            continue
        if not within_sweden(geom):
            errors.append((feature.number, _("ligger utanför Sverige; är koordinatsystemet rätt angivet?")))
            continue
        properties = {k: _json_safe(v) for k, v in feature.properties.items()}
        features.append((feature.number, geom, properties))
    return features, errors
