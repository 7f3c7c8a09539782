"""Writes of the RUS follow-up. Each validates, checks the actor's right, saves inside
transaction.atomic and schedules Celery work with transaction.on_commit."""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Organisation
from planportal.geodata import GeodataError, open_vector_file, to_sweref
from planportal.uploads import validate_upload

from .models import (
    AnnualReport,
    Assessment,
    Indicator,
    IndicatorValue,
    JobStatus,
    PublicationStatus,
    StructureFeature,
    ValueImport,
)
from .permissions import can_assess, can_edit
from .selectors import COUNTY_CODES, county


def _require_editor(actor):
    if not can_edit(actor):
        raise PermissionDenied(_("Bara redaktörer får ändra RUS-uppföljningen."))


# --- indicators and values ---------------------------------------------------------------------


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


# --- importing values (Kolada's CSV shape: kpi, municipality, period, value) -------------------

COLUMN_ALIASES = {
    "kpi": ("kpi", "kpi_id", "nyckeltal", "indikator"),
    "municipality": ("municipality", "municipality_id", "kommun", "kommunkod", "kod", "area"),
    "period": ("period", "year", "år", "ar"),
    "value": ("value", "värde", "varde"),
    "status": ("status",),
    "note": ("note", "källa", "kommentar", "source_note"),
}
PRELIMINARY_WORDS = {"preliminär", "preliminärt", "preliminary", "prel", "p"}


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # [{"line": n, "message": "..."}]

    @property
    def ok(self):
        return not self.errors


def _parse_number(text: str):
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _read_csv(content: str):
    sample = content[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    if "\t" in sample.splitlines()[0] if sample else False:
        delimiter = "\t"
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError({"file": _("Filen är tom.")}, code="empty")
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    columns = {}
    for key, aliases in COLUMN_ALIASES.items():
        for i, name in enumerate(names):
            if name in aliases:
                columns[key] = i
                break
    missing = [k for k in ("kpi", "municipality", "period", "value") if k not in columns]
    if missing:
        raise ValidationError(
            {
                "file": _("Rubrikraden saknar kolumnerna %(missing)s. Förväntat: kpi, municipality, period, value.")
                % {"missing": ", ".join(missing)}
            },
            code="missing_columns",
        )
    return columns, [(number, row) for number, row in enumerate(reader, start=2) if any(c.strip() for c in row)]


# A Kolada export for every municipality, indicator and year of the strategy is well below this.
MAX_VALUE_CSV_MB = 20


def decode_upload(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError({"file": _("Filen kunde inte läsas som text (UTF-8).")}, code="encoding")


def import_indicator_values(*, content: str, actor=None, progress=None, check_actor=True) -> ImportResult:
    """Validate every row; if any is bad, save nothing and list them all with line numbers;
    otherwise create or update the values in one transaction. Unchanged values are not
    written. `progress(done, total)` is called while rows are checked."""
    if check_actor:
        _require_editor(actor)
    columns, rows = _read_csv(content)
    result = ImportResult(total=len(rows))
    indicators = {}
    for ind in Indicator.objects.exclude(source_id="").prefetch_related("areas"):
        indicators[ind.source_id.strip().upper()] = ind
    areas = {o.code: o for o in Organisation.objects.filter(code__isnull=False)}
    region = county()
    if region is not None:
        for code in COUNTY_CODES:
            areas[code] = region
    measured = {ind.pk: {a.pk for a in ind.areas.all()} for ind in indicators.values()}
    seen = {}
    parsed = []

    def cell(row, key):
        i = columns.get(key)
        return row[i].strip() if i is not None and i < len(row) else ""

    for position, (line, row) in enumerate(rows, start=1):
        problems = []
        kpi, code, period, raw_value = (cell(row, k) for k in ("kpi", "municipality", "period", "value"))
        indicator = indicators.get(kpi.upper())
        if indicator is None:
            problems.append(_("okänt nyckeltal ”%(kpi)s”") % {"kpi": kpi})
        area = areas.get(code)
        if area is None:
            problems.append(_("okänd kommunkod ”%(code)s”") % {"code": code})
        year = int(period) if re.fullmatch(r"\d{4}", period) else None
        if year is None:
            problems.append(_("perioden ”%(period)s” är inget årtal") % {"period": period})
        value = _parse_number(raw_value)
        if value is None:
            problems.append(_("värdet ”%(value)s” är inget tal") % {"value": raw_value})
        if indicator and year is not None and not (indicator.baseline_year <= year <= indicator.target_year):
            problems.append(
                _("året %(year)s ligger utanför indikatorns period %(start)s–%(end)s")
                % {"year": year, "start": indicator.baseline_year, "end": indicator.target_year}
            )
        if indicator and area and area.pk not in measured[indicator.pk]:
            problems.append(_("indikatorn mäts inte för %(area)s") % {"area": area.name})
        key = (kpi.upper(), code, period)
        if key in seen:
            problems.append(_("dubblett av rad %(line)s") % {"line": seen[key]})
        else:
            seen[key] = line
        if problems:
            message = "; ".join(problems)
            result.errors.append({"line": line, "message": message[0].upper() + message[1:] + "."})
        else:
            status = cell(row, "status").lower()
            parsed.append((indicator, area, year, value, status in PRELIMINARY_WORDS, cell(row, "note")))
        if progress and (position % 200 == 0 or position == len(rows)):
            progress(position, len(rows))
    if result.errors:
        return result
    with transaction.atomic():
        existing = {
            (v.indicator_id, v.area_id, v.year): v
            for v in IndicatorValue.objects.filter(indicator__in={p[0].pk for p in parsed}).select_for_update()
        }
        to_create, to_update = [], []
        for indicator, area, year, value, preliminary, note in parsed:
            current = existing.get((indicator.pk, area.pk, year))
            if current is None:
                to_create.append(
                    IndicatorValue(
                        indicator=indicator,
                        area=area,
                        year=year,
                        value=value,
                        is_preliminary=preliminary,
                        source_note=note,
                    )
                )
            elif (current.value, current.is_preliminary, current.source_note) != (value, preliminary, note):
                current.value, current.is_preliminary, current.source_note = value, preliminary, note
                current.is_example = False
                current.updated_at = timezone.now()
                to_update.append(current)
            else:
                result.unchanged += 1
        IndicatorValue.objects.bulk_create(to_create, batch_size=1000)
        IndicatorValue.objects.bulk_update(
            to_update, ["value", "is_preliminary", "source_note", "is_example", "updated_at"], batch_size=1000
        )
        result.created, result.updated = len(to_create), len(to_update)
    return result


def value_import_start(*, actor, upload) -> ValueImport:
    """Keep the uploaded file and hand the import to the worker; the page polls the job row."""
    _require_editor(actor)
    if not upload.name.lower().endswith((".csv", ".txt")):
        raise ValidationError({"file": _("Välj en CSV-fil (.csv).")}, code="not_csv")
    # The size is known before a byte is read; the worker reads the whole file into memory.
    validate_upload(upload, kinds=("csv",), max_mb=MAX_VALUE_CSV_MB, field="file")
    with transaction.atomic():
        job = ValueImport.objects.create(original_name=upload.name[:255], created_by=actor)
        job.file.save(upload.name, upload, save=True)
        from .tasks import run_value_import

        transaction.on_commit(lambda: run_value_import.delay(job.pk))
    return job


def value_import_run(job_id: int) -> ValueImport:
    """Run an uploaded import (in the worker), writing progress to the job row as it goes."""
    job = ValueImport.objects.get(pk=job_id)
    ValueImport.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)

    def progress(done, total):
        ValueImport.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    try:
        if job.file.size > MAX_VALUE_CSV_MB * 1024 * 1024:  # stored by other means than the page
            raise ValidationError(_("Filen är större än %(max)s MB.") % {"max": MAX_VALUE_CSV_MB}, code="too_big")
        with job.file.open("rb") as fh:
            content = decode_upload(fh.read())
        result = import_indicator_values(content=content, progress=progress, check_actor=False)
    except ValidationError as exc:
        messages = (
            [m for msgs in exc.message_dict.values() for m in msgs] if hasattr(exc, "error_dict") else exc.messages
        )
        ValueImport.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, errors=[{"line": None, "message": m} for m in messages], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    ValueImport.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE if result.ok else JobStatus.FAILED,
        total_rows=result.total,
        processed_rows=result.total,
        created_count=result.created,
        updated_count=result.updated,
        unchanged_count=result.unchanged,
        errors=result.errors,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


# --- assessments ------------------------------------------------------------------------------


def assessment_save(*, actor, goal, year: int, rating: str, text: str, status=PublicationStatus.DRAFT) -> Assessment:
    if not can_assess(actor):
        raise PermissionDenied(_("Bara Regionens handläggare och redaktörer får skriva bedömningar."))
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Skriv en bedömning.")
    if rating not in Assessment.Rating.values:
        errors["rating"] = _("Välj en bedömning i listan.")
    if not (goal.strategy.period_start <= year <= goal.strategy.period_end + 1):
        errors["year"] = _("Året ska ligga inom strategins period %(start)s–%(end)s.") % {
            "start": goal.strategy.period_start,
            "end": goal.strategy.period_end,
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assessment, _created = Assessment.objects.update_or_create(
            goal=goal,
            year=year,
            defaults={"rating": rating, "text": text.strip(), "status": status, "author": actor},
        )
    return assessment


# --- the annual follow-up ----------------------------------------------------------------------


def report_request(*, actor, strategy, year: int) -> AnnualReport:
    """A new archived version of the annual follow-up for `year`, built by the worker."""
    _require_editor(actor)
    if not (strategy.period_start <= year <= strategy.period_end + 1):
        raise ValidationError(
            {
                "year": _("Välj ett år inom strategins period %(start)s–%(end)s.")
                % {"start": strategy.period_start, "end": strategy.period_end}
            }
        )
    with transaction.atomic():
        last = (
            AnnualReport.objects.select_for_update()
            .filter(strategy=strategy, year=year)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        report = AnnualReport.objects.create(strategy=strategy, year=year, version=(last or 0) + 1, created_by=actor)
        from .tasks import build_annual_report

        transaction.on_commit(lambda: build_annual_report.delay(report.pk))
    return report


# --- structure images ---------------------------------------------------------------------------

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
