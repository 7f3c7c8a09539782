"""The rows of an export and the three file formats. One query reads the rows (values, not
model instances; geometry as GeoJSON from PostGIS in EPSG:4326), streamed in chunks; the
writers take any iterable of rows, so the page's synchronous download and the Celery job share
them.

- CSV through planportal.csvexport (UTF-8 with BOM, semicolons, formula-injection safe);
- GeoJSON (RFC 7946), streamed: a FeatureCollection written feature by feature; a list without
  geometry has `"geometry": null` features;
- GeoPackage written by GDAL's ogr2ogr from that GeoJSON, in SWEREF 99 TM (EPSG:3006, the
  Swedish national grid GIS officers work in). GeoDjango's GDAL bindings cannot write."""

import datetime
import decimal
import io
import json
import os
import shutil
import subprocess
import tempfile
import uuid

from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.utils import timezone
from django.utils.translation import gettext as _

from planportal.csvexport import BOM, SafeWriter

from .registry import ExportList

GEOMETRY = "_export_geometry"
CHUNK_ROWS = 500
GEOPACKAGE_SRID = 3006


class ExportError(Exception):
    """The file could not be written (a tool failed); the message says why."""


class Plan:
    """What one export writes, fixed when it is made (headers and labels in the language active
    then: a streamed response is written after the view has returned)."""

    def __init__(self, spec: ExportList, *, user, filters: dict, base_url: str = "", export_format: str = "geojson"):
        self.spec = spec
        self.columns = spec.columns_for(user)
        self.headers = [str(column.label) for column in self.columns]
        self.keys = [column.key for column in self.columns]
        self.labels = [
            {value: str(label) for value, label in column.choices} if column.choices else None
            for column in self.columns
        ]
        self.yes_no = {True: _("ja"), False: _("nej")}
        self.base_url = base_url.rstrip("/")
        self.user = user
        self.filters = filters
        # A CSV has no geometry column: PostGIS need not write any.
        self.has_geometry = spec.geometry is not None and export_format != "csv"

    def queryset(self):
        """The selector's queryset (visibility and filters), reduced to the columns."""
        qs = self.spec.selector(self.user, self.filters).prefetch_related(None)
        names, annotations = [], {}
        for index, column in enumerate(self.columns):
            expression = column.expression(self.user)
            if isinstance(expression, str):
                names.append(expression)
            else:
                name = f"_export_{index}"
                annotations[name] = expression
                names.append(name)
        if self.has_geometry:
            annotations[GEOMETRY] = AsGeoJSON(Transform(self.spec.geometry, 4326), precision=6)
            names.append(GEOMETRY)
        names.append("pk")  # the GeoJSON feature's id
        return qs.annotate(**annotations).values_list(*names)

    def rows(self, queryset=None):
        """(cells, geometry GeoJSON text or None, id) per row, cells converted for writing."""
        queryset = self.queryset() if queryset is None else queryset
        width = len(self.columns)
        converters = list(enumerate(self._converters()))
        for row in queryset.iterator(chunk_size=2000):
            cells = [convert(row[index]) for index, convert in converters]
            yield cells, (row[width] if self.has_geometry else None), row[-1]

    def _converters(self):
        """One function per column, chosen once (a download writes every cell through one)."""
        converters = []
        for column, labels in zip(self.columns, self.labels, strict=True):
            if labels is not None:
                converters.append(lambda value, labels=labels: labels.get(value, value) if value is not None else None)
            elif column.kind == "url":
                converters.append(lambda value, base=self.base_url: base + value if value else "")
            elif column.kind == "list":
                converters.append(lambda value: ", ".join(str(v) for v in value or () if v not in (None, "")))
            else:
                converters.append(_plain)
        return converters


def _plain(value):
    kind = type(value)
    if kind is str or kind is int or value is None:
        return value
    if kind is datetime.datetime:
        return timezone.localtime(value).isoformat(timespec="minutes")
    if kind is datetime.date:
        return value.isoformat()
    if kind is uuid.UUID:
        return str(value)
    return value


def csv_chunks(plan: Plan, rows):
    """The CSV text in chunks: BOM and header first, then CHUNK_ROWS rows at a time."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(plan.headers)
    yield BOM + _take(buffer)
    for number, (cells, _geometry, _id) in enumerate(rows, start=1):
        writer.writerow([_csv_value(plan, cell) for cell in cells])
        if number % CHUNK_ROWS == 0:
            yield _take(buffer)
    yield _take(buffer)


def _csv_value(plan: Plan, value):
    kind = type(value)
    if kind is str:
        return value
    if kind is bool:
        return plan.yes_no[value]
    if kind is dict or kind is list:
        return json.dumps(value, ensure_ascii=False)
    return value


def _json_value(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def geojson_chunks(plan: Plan, rows):
    """A GeoJSON FeatureCollection (EPSG:4326) in chunks, one feature per row."""
    yield '{"type":"FeatureCollection","features":['
    parts = []
    for number, (cells, geometry, pk) in enumerate(rows, start=1):
        properties = {key: _json_value(value) for key, value in zip(plan.keys, cells, strict=True)}
        feature = f'{{"type":"Feature","id":{json.dumps(pk)},"geometry":{geometry or "null"},"properties":'
        parts.append(("" if number == 1 else ",") + feature + json.dumps(properties, ensure_ascii=False) + "}")
        if number % CHUNK_ROWS == 0:
            yield "".join(parts)
            parts = []
    parts.append("]}")
    yield "".join(parts)


def write_geopackage(plan: Plan, rows, path: str, *, layer: str) -> None:
    """The rows as a GeoPackage at `path` (layer `layer`, EPSG:3006), through a temporary
    GeoJSON file and GDAL's ogr2ogr."""
    ogr2ogr = shutil.which("ogr2ogr")
    if not ogr2ogr:
        raise ExportError("ogr2ogr (GDAL, Debian's gdal-bin) is not installed.")
    with tempfile.TemporaryDirectory(prefix="export-") as folder:
        source = os.path.join(folder, "rows.geojson")
        with open(source, "w", encoding="utf-8") as handle:
            for chunk in geojson_chunks(plan, rows):
                handle.write(chunk)
        if os.path.exists(path):
            os.unlink(path)
        command = [
            ogr2ogr,
            "-f",
            "GPKG",
            path,
            source,
            "-nln",
            layer,
            "-s_srs",
            "EPSG:4326",
            "-t_srs",
            f"EPSG:{GEOPACKAGE_SRID}",
            "-nlt",
            "PROMOTE_TO_MULTI",
        ]
        env = {**os.environ, "GDAL_HTTP_TIMEOUT": "1", "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": "none"}
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=3600)
        if result.returncode != 0:
            raise ExportError(f"ogr2ogr failed: {result.stderr.strip()[:500]}")


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
