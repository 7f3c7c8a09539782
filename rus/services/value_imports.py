"""Importing indicator values (Kolada's CSV shape: kpi, municipality, period, value), at once or
as a Celery job from an uploaded file."""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Organisation
from planportal.outbox import enqueue
from planportal.uploads import validate_upload

from ..models import (
    Indicator,
    IndicatorValue,
    JobStatus,
    ValueImport,
)
from ..selectors import COUNTY_CODES, county
from .common import _require_editor

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
        from ..tasks import run_value_import

        enqueue(run_value_import, job.pk)
    return job


def value_import_run(job_id: int) -> ValueImport:
    """Run an uploaded import (in the worker), writing progress to the job row as it goes."""
    job = ValueImport.objects.get(pk=job_id)
    if job.status in (JobStatus.DONE, JobStatus.FAILED):  # a repeated delivery (acks late): ran already
        return job
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
