"""Reading vector files (GeoJSON, GeoPackage, zipped Shapefile) through GDAL, for every
importer in the portal. Errors are GeodataError with a Swedish message naming the file and,
where it applies, the feature."""

import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.gdal import DataSource, GDALException, OGRGeometry, SpatialReference
from django.contrib.gis.gdal.error import SRSException

from .geo import SWEREF99TM, WGS84

SUPPORTED_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".zip": "Shapefile (zip)"}


class GeodataError(Exception):
    """A file that cannot be read as vector data; the message says what and where (Swedish)."""


@dataclass
class Feature:
    number: int  # 1-based, in file order
    properties: dict
    geometry: OGRGeometry | None  # in the layer's CRS


class VectorLayer:
    def __init__(self, layer, *, name: str, srid: int):
        self._layer = layer
        self.name = name
        self.srid = srid
        self.fields = list(layer.fields)

    def __len__(self):
        return len(self._layer)

    def features(self) -> Iterator[Feature]:
        for number, feature in enumerate(self._layer, start=1):
            try:
                geometry = feature.geom
            except (GDALException, IndexError):
                geometry = None
            properties = {}
            for field in self.fields:
                try:
                    properties[field] = feature.get(field)
                except (GDALException, UnicodeDecodeError):
                    properties[field] = None
            yield Feature(number=number, properties=properties, geometry=geometry)


def _layer_srid(layer, path: Path, kind: str) -> int:
    srs = layer.srs
    if srs is None:
        if kind == "GeoJSON":
            return WGS84  # RFC 7946: GeoJSON without a declared CRS is WGS 84 lon/lat
        raise GeodataError(
            f"{path.name}: filen anger inget koordinatsystem (saknar .prj / CRS). Ange SWEREF 99 TM eller WGS 84."
        )
    try:
        srs = SpatialReference(srs.wkt)
        srs.identify_epsg()
        srid = srs.srid
    except (GDALException, SRSException):
        srid = None
    if srid is None:
        raise GeodataError(f"{path.name}: koordinatsystemet kunde inte tolkas ({srs.name}).")
    return srid


class open_vector_file:  # noqa: N801 - used as a context manager: `with open_vector_file(path) as layer`
    """Opens the first layer of a vector file. Zip files must hold one Shapefile."""

    def __init__(self, path, *, display_name: str | None = None):
        self.path = Path(path)
        self.display_name = display_name or self.path.name
        self._tmp = None

    def __enter__(self) -> VectorLayer:
        path = self.path
        name = self.display_name
        if not path.exists():
            raise GeodataError(f"{path}: filen finns inte.")
        suffix = path.suffix.lower()
        kind = SUPPORTED_SUFFIXES.get(suffix)
        if kind is None:
            raise GeodataError(
                f"{name}: okänt filformat ({suffix or 'ingen filändelse'}). "
                "Använd GeoJSON (.geojson), GeoPackage (.gpkg) eller en zippad Shapefile (.zip)."
            )
        source_path = path
        if kind == "Shapefile (zip)":
            source_path = self._unzip_shapefile(path, name)
        try:
            source = DataSource(str(source_path))
        except GDALException:
            raise GeodataError(f"{name}: filen kunde inte läsas som {kind}. Är den trasig eller av annat slag?")
        if source.layer_count < 1:
            raise GeodataError(f"{name}: filen innehåller inget lager.")
        layer = source[0]
        self._source = source  # keep the GDAL data source alive while the layer is used
        srid = _layer_srid(layer, Path(name), kind)
        return VectorLayer(layer, name=name, srid=srid)

    def _unzip_shapefile(self, path: Path, name: str) -> Path:
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise GeodataError(f"{name}: zip-filen är trasig eller ingen zip-fil.")
        with archive:
            members = [m for m in archive.namelist() if not m.endswith("/") and not m.startswith("__MACOSX")]
            shp = [m for m in members if m.lower().endswith(".shp")]
            if len(shp) != 1:
                raise GeodataError(f"{name}: zip-filen ska innehålla exakt en Shapefile (.shp); den har {len(shp)}.")
            stem = shp[0][:-4]
            needed = {".shx", ".dbf"}
            have = {m[len(stem) :].lower() for m in members if m.startswith(stem)}
            missing = needed - have
            if missing:
                raise GeodataError(f"{name}: Shapefilen saknar {', '.join(sorted(missing))}.")
            if ".prj" not in have:
                raise GeodataError(
                    f"{name}: Shapefilen saknar .prj-fil, så koordinatsystemet är okänt. "
                    "Lägg till .prj (SWEREF 99 TM eller WGS 84)."
                )
            self._tmp = tempfile.TemporaryDirectory(prefix="planportal-shp-")
            for member in members:
                if member.startswith(stem):
                    target = Path(self._tmp.name) / Path(member).name
                    target.write_bytes(archive.read(member))
            return Path(self._tmp.name) / Path(shp[0]).name

    def __exit__(self, *exc):
        self._source = None
        if self._tmp is not None:
            self._tmp.cleanup()
        return False


def to_sweref(geometry: OGRGeometry, srid: int):
    """OGR geometry in `srid` -> GEOS geometry in SWEREF 99 TM (EPSG:3006)."""
    geos = geometry.geos
    geos.srid = srid
    if srid != SWEREF99TM:
        geos.transform(SWEREF99TM)
    return geos
