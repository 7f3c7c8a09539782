"""Importing municipality boundaries from GeoJSON, GeoPackage or a zipped Shapefile.

All or nothing: any bad feature stops the import with a message naming the file and the
feature, and nothing is saved. A second run of the same file changes nothing."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import transaction
from django.utils.text import slugify

from planportal.geodata import GeodataError, open_vector_file, to_sweref

from .models import Organisation

CODE_FIELD_CANDIDATES = ["kommunkod", "KnKod", "KNKOD", "KOMMUNKOD", "kommun_kod", "code", "kod", "ref:scb"]
NAME_FIELD_CANDIDATES = ["kommunnamn", "KnNamn", "KNNAMN", "KOMMUNNAMN", "name", "namn"]
# Geometries are compared within a millimetre: a re-import of the same file is "unchanged".
SAME_GEOMETRY_TOLERANCE_M = 0.001


class BoundaryImportError(Exception):
    pass


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (feature, reason)
    repaired: list[str] = field(default_factory=list)


def _pick_field(fields: list[str], wanted: str | None, candidates: list[str], file_name: str, what: str):
    if wanted:
        if wanted not in fields:
            raise BoundaryImportError(
                f"{file_name}: fältet '{wanted}' för {what} finns inte. Fält i filen: {', '.join(fields) or 'inga'}."
            )
        return wanted
    for candidate in candidates:
        if candidate in fields:
            return candidate
    return None


def _as_multipolygon(geometry, *, where: str, summary: ImportSummary):
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise BoundaryImportError(f"{where}: geometrin är {geometry.geom_type}, inte en polygon.")
    if not geometry.valid:
        reason = geometry.valid_reason
        repaired = geometry.make_valid()
        if repaired.geom_type not in ("Polygon", "MultiPolygon") or repaired.empty:
            raise BoundaryImportError(
                f"{where}: ogiltig polygon ({reason}) som inte kan lagas till en polygon "
                f"(lagningen gav {repaired.geom_type})."
            )
        summary.repaired.append(f"{where}: {reason}")
        geometry = repaired
    if isinstance(geometry, Polygon):
        geometry = MultiPolygon(geometry, srid=geometry.srid)
    return geometry


def import_boundaries(
    path, *, code_field: str | None = None, name_field: str | None = None, progress: Callable | None = None
) -> ImportSummary:
    summary = ImportSummary()
    try:
        with open_vector_file(path) as layer, transaction.atomic():
            file_name = layer.name
            code_key = _pick_field(layer.fields, code_field, CODE_FIELD_CANDIDATES, file_name, "kommunkod")
            if code_key is None:
                raise BoundaryImportError(
                    f"{file_name}: hittar inget fält med kommunkod (prövade {', '.join(CODE_FIELD_CANDIDATES)}). "
                    f"Ange det med --code-field. Fält i filen: {', '.join(layer.fields) or 'inga'}."
                )
            name_key = _pick_field(layer.fields, name_field, NAME_FIELD_CANDIDATES, file_name, "namn")
            existing = {o.code: o for o in Organisation.objects.municipalities().select_for_update()}
            seen: set[str] = set()
            for feature in layer.features():
                raw = feature.properties.get(code_key)
                code = str(raw).strip() if raw is not None else ""
                if code.endswith(".0"):  # numeric fields from some formats
                    code = code[:-2]
                where = f"{file_name}, objekt {feature.number}"
                if not (len(code) == 4 and code.isdigit()):
                    raise BoundaryImportError(
                        f"{where}: kommunkoden '{code}' i fältet '{code_key}' är inte fyra siffror."
                    )
                label = f"{code} ({feature.properties.get(name_key) or ''})".replace(" ()", "")
                if progress:
                    progress()
                if code in seen:
                    summary.skipped.append((f"{where}, {label}", "kommunkoden förekommer redan tidigare i filen"))
                    continue
                seen.add(code)
                if feature.geometry is None:
                    summary.skipped.append((f"{where}, {label}", "objektet saknar geometri"))
                    continue
                try:
                    geometry = to_sweref(feature.geometry, layer.srid)
                except Exception as exc:  # GDAL/GEOS raise several kinds for broken geometry
                    raise BoundaryImportError(f"{where}: geometrin kunde inte läsas eller transformeras ({exc}).")
                geometry = _as_multipolygon(geometry, where=where, summary=summary)
                org = existing.get(code)
                if org is None:
                    name = str(feature.properties.get(name_key) or f"Kommun {code}") if name_key else f"Kommun {code}"
                    org = Organisation.objects.create(
                        name=name,
                        short_name=name.replace(" kommun", ""),
                        kind=Organisation.Kind.MUNICIPALITY,
                        code=code,
                        slug=_free_slug(name),
                        boundary=geometry,
                    )
                    existing[code] = org
                    summary.created.append(label)
                elif org.boundary is not None and org.boundary.equals_exact(geometry, SAME_GEOMETRY_TOLERANCE_M):
                    summary.unchanged.append(label)
                else:
                    org.boundary = geometry
                    org.save(update_fields=["boundary"])
                    summary.updated.append(label)
    except GeodataError as exc:
        raise BoundaryImportError(str(exc))
    return summary


def _free_slug(name: str) -> str:
    base = slugify(name.replace(" kommun", "")) or "kommun"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
