"""Reading vector files (GeoJSON, GeoPackage, zipped Shapefile) through GDAL, for every
importer in the portal. Errors are GeodataError with a translated message naming the file
and, where it applies, the feature.

The files are untrusted, and GDAL 3.6 cannot be told to stay away from other files and the
network by itself (Django's check gis.W001). So here:
- a zip is checked before anything is unpacked (entries, declared sizes) and unpacked with a
  hard limit on the bytes actually written (a zip bomb or a lying header stops there);
- only the driver the file's suffix names may open it (a ".geojson" that is really a VRT
  pointing at /etc/passwd or a URL is refused), and /vsi… or remote paths are refused;
- while a file is read, GDAL's network options point nowhere, directories are not listed,
  SQLite's external access is off, and any HTTP fetch GDAL tries (a GeoJSON "crs" link) is
  refused by a fetch callback installed for the whole process."""

import ctypes
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.gis.gdal import DataSource, Driver, GDALException, OGRGeometry, SpatialReference
from django.contrib.gis.gdal.error import SRSException
from django.contrib.gis.gdal.libgdal import lgdal
from django.contrib.gis.gdal.prototypes import ds as ds_capi
from django.utils.translation import gettext as _

from .geo import SWEREF99TM, WGS84

SUPPORTED_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".zip": "Shapefile (zip)"}
# The one GDAL driver allowed to open each kind.
DRIVERS = {"GeoJSON": "GeoJSON", "GeoPackage": "GPKG", "Shapefile (zip)": "ESRI Shapefile"}
# The parts of a Shapefile unpacked from a zip; anything else in it is left packed.
SHAPEFILE_PARTS = {".shp", ".shx", ".dbf", ".prj", ".cpg"}
MAX_ZIP_ENTRIES = 200
CHUNK = 1024 * 1024

# Set per thread while a file is read (GDAL's configuration options).
GDAL_READ_OPTIONS = {
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".planportal-no-network",  # no /vsicurl/ file matches
    "GDAL_HTTP_PROXY": "127.0.0.1:9",  # the discard port: a request that slips through goes nowhere
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_DISABLE_READDIR_ON_OPEN": "TRUE",  # look only at the files asked for
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",  # no ATTACH / VirtualOGR from a GeoPackage
    "GDAL_ENABLE_DEPRECATED_DRIVER_DODS": "NO",
}
GDAL_OF_VECTOR, GDAL_OF_READONLY = 0x04, 0x00

_FETCH_CALLBACK_TYPE = ctypes.CFUNCTYPE(
    ctypes.c_void_p,  # CPLHTTPResult*: NULL = failed
    ctypes.c_char_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
)
refused_fetches: list[str] = []  # the URLs GDAL asked for and did not get (tests read it)


class _HTTPResult(ctypes.Structure):  # GDAL's CPLHTTPResult
    _fields_ = [
        ("nStatus", ctypes.c_int),
        ("pszContentType", ctypes.c_void_p),
        ("pszErrBuf", ctypes.c_void_p),
        ("nDataLen", ctypes.c_int),
        ("nDataAlloc", ctypes.c_int),
        ("pabyData", ctypes.c_void_p),
        ("papszHeaders", ctypes.c_void_p),
        ("nMimePartCount", ctypes.c_int),
        ("pasMimePart", ctypes.c_void_p),
    ]


def _gdal_function(name, restype, argtypes):
    function = lgdal[name]  # a prototype of our own: GeoDjango's lgdal.<name> objects are shared
    function.restype, function.argtypes = restype, argtypes
    return function


_calloc = _gdal_function("VSICalloc", ctypes.c_void_p, [ctypes.c_size_t, ctypes.c_size_t])
_strdup = _gdal_function("CPLStrdup", ctypes.c_void_p, [ctypes.c_char_p])


@_FETCH_CALLBACK_TYPE
def _refuse_fetch(url, *args):
    """Answers every HTTP fetch GDAL tries with a failed result (NULL would mean "not mine":
    GDAL would fetch it itself). GDAL frees the result with CPLHTTPDestroyResult."""
    refused_fetches.append((url or b"").decode("utf-8", "replace"))
    del refused_fetches[:-20]
    address = _calloc(1, ctypes.sizeof(_HTTPResult))
    result = _HTTPResult.from_address(address)
    result.nStatus = 1
    result.pszErrBuf = _strdup(b"Planportalen: GDAL may not fetch anything over the network")
    return address


def _install_fetch_guard():
    """GDAL's CPLHTTPFetch (used for CRS links and other URLs inside files) answers nothing in
    this process; the portal never needs GDAL to fetch anything."""
    setter = _gdal_function("CPLHTTPSetFetchCallback", ctypes.c_int, [_FETCH_CALLBACK_TYPE, ctypes.c_void_p])
    setter(_refuse_fetch, None)


_install_fetch_guard()


class GeodataError(Exception):
    """A file that cannot be read as vector data; the message says what and where."""


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


def _layer_srid(layer, name: str, kind: str) -> int:
    srs = layer.srs
    if srs is None:
        if kind == "GeoJSON":
            return WGS84  # RFC 7946: GeoJSON without a declared CRS is WGS 84 lon/lat
        raise GeodataError(
            _("%(name)s: filen anger inget koordinatsystem (saknar .prj / CRS). Ange SWEREF 99 TM eller WGS 84.")
            % {"name": name}
        )
    try:
        srs = SpatialReference(srs.wkt)
        srs.identify_epsg()
        srid = srs.srid
    except (GDALException, SRSException):
        srid = None
    if srid is None:
        raise GeodataError(
            _("%(name)s: koordinatsystemet kunde inte tolkas (%(crs)s).") % {"name": name, "crs": srs.name}
        )
    return srid


class _ThreadConfig:
    """Sets GDAL configuration options for this thread and puts the old values back."""

    def __init__(self, options: dict):
        self.options = options
        self.saved = {}
        self._get = _gdal_function("CPLGetThreadLocalConfigOption", ctypes.c_char_p, [ctypes.c_char_p] * 2)
        self._set = _gdal_function("CPLSetThreadLocalConfigOption", None, [ctypes.c_char_p] * 2)

    def __enter__(self):
        for key, value in self.options.items():
            self.saved[key] = self._get(key.encode(), None)
            self._set(key.encode(), value.encode())
        return self

    def __exit__(self, *exc):
        for key, value in self.saved.items():
            self._set(key.encode(), value)
        self.saved = {}
        return False


def _open_with_driver(path: Path, driver: str) -> DataSource:
    """GDALOpenEx allowed one driver only (GeoDjango's DataSource(path) would try them all)."""
    Driver.ensure_registered()
    allowed = (ctypes.c_char_p * 2)(driver.encode(), None)
    handle = ds_capi.open_ds(str(path).encode(), GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed, None, None)
    return DataSource(handle, ds_driver=ds_capi.get_dataset_driver(handle))


_REMOTE = re.compile(r"^(/vsi|[a-z][a-z0-9+.-]*://|[a-z0-9_]+:)", re.IGNORECASE)


def max_unzipped_bytes() -> int:
    """How much a zipped upload may unpack to: MAX_UNZIPPED_MB, or (0) four times MAX_UPLOAD_MB."""
    return int((getattr(settings, "MAX_UNZIPPED_MB", 0) or 4 * settings.MAX_UPLOAD_MB) * 1024 * 1024)


class open_vector_file:  # noqa: N801 - used as a context manager: `with open_vector_file(path) as layer`
    """Opens the first layer of a vector file on the local disk. Zip files must hold one
    Shapefile. GDAL's restrictions hold until the with-block ends (features are read lazily)."""

    def __init__(self, path, *, display_name: str | None = None):
        self.given = str(path)
        self.path = Path(path)
        self.display_name = display_name or self.path.name
        self._tmp = None
        self._source = None
        self._config = _ThreadConfig(GDAL_READ_OPTIONS)

    def __enter__(self) -> VectorLayer:
        path = self.path
        name = self.display_name
        text = self.given
        # "C:\..." is a local Windows path; anything else with a scheme or GDAL prefix is not a file.
        if _REMOTE.match(text) and not re.match(r"^[a-z]:[\\/]", text, re.IGNORECASE):
            raise GeodataError(
                _("%(name)s: bara filer på servern kan läsas, inte %(path)s.") % {"name": name, "path": text}
            )
        if not path.is_file():
            raise GeodataError(_("%(path)s: filen finns inte.") % {"path": path})
        suffix = path.suffix.lower()
        kind = SUPPORTED_SUFFIXES.get(suffix)
        if kind is None:
            raise GeodataError(
                _(
                    "%(name)s: okänt filformat (%(suffix)s). "
                    "Använd GeoJSON (.geojson), GeoPackage (.gpkg) eller en zippad Shapefile (.zip)."
                )
                % {"name": name, "suffix": suffix or _("ingen filändelse")}
            )
        try:  # whatever goes wrong, nothing is left behind: unpacked files, GDAL options
            return self._open(path, name, kind)
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def _open(self, path: Path, name: str, kind: str) -> VectorLayer:
        source_path = self._unzip_shapefile(path, name) if kind == "Shapefile (zip)" else path
        self._config.__enter__()
        try:
            source = _open_with_driver(source_path, DRIVERS[kind])
        except GDALException:
            raise GeodataError(
                _("%(name)s: filen kunde inte läsas som %(kind)s. Är den trasig eller av annat slag?")
                % {"name": name, "kind": kind}
            )
        if source.layer_count < 1:
            raise GeodataError(_("%(name)s: filen innehåller inget lager.") % {"name": name})
        layer = source[0]
        self._source = source  # keep the GDAL data source alive while the layer is used
        return VectorLayer(layer, name=name, srid=_layer_srid(layer, name, kind))

    def _unzip_shapefile(self, path: Path, name: str) -> Path:
        limit = max_unzipped_bytes()
        try:
            with path.open("rb") as handle:
                end = zipfile._EndRecData(handle)  # the end record: its entry count, before parsing them all
            if end is None:
                raise zipfile.BadZipFile
            if end[zipfile._ECD_ENTRIES_TOTAL] > MAX_ZIP_ENTRIES:
                raise GeodataError(
                    _("%(name)s: zip-filen har %(count)s filer; högst %(max)s tas emot.")
                    % {"name": name, "count": end[zipfile._ECD_ENTRIES_TOTAL], "max": MAX_ZIP_ENTRIES}
                )
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise GeodataError(_("%(name)s: zip-filen är trasig eller ingen zip-fil.") % {"name": name})
        with archive:
            infos = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX")]
            shp = [i.filename for i in infos if i.filename.lower().endswith(".shp")]
            if len(shp) != 1:
                raise GeodataError(
                    _("%(name)s: zip-filen ska innehålla exakt en Shapefile (.shp); den har %(count)s.")
                    % {"name": name, "count": len(shp)}
                )
            stem = shp[0][:-4]
            parts = {i.filename[len(stem) :].lower(): i for i in infos if i.filename.startswith(stem)}
            parts = {suffix: info for suffix, info in parts.items() if suffix in SHAPEFILE_PARTS}
            missing = {".shx", ".dbf"} - set(parts)
            if missing:
                raise GeodataError(
                    _("%(name)s: Shapefilen saknar %(missing)s.")
                    % {"name": name, "missing": ", ".join(sorted(missing))}
                )
            if ".prj" not in parts:
                raise GeodataError(
                    _(
                        "%(name)s: Shapefilen saknar .prj-fil, så koordinatsystemet är okänt. "
                        "Lägg till .prj (SWEREF 99 TM eller WGS 84)."
                    )
                    % {"name": name}
                )
            declared = sum(info.file_size for info in parts.values())
            if declared > limit:
                raise self._too_big(name, limit)
            self._tmp = tempfile.TemporaryDirectory(prefix="planportal-shp-")
            written = 0
            for suffix, info in parts.items():
                target = Path(self._tmp.name) / f"upload{suffix}"
                try:
                    with archive.open(info) as member, target.open("wb") as out:
                        # The header may lie: count what is really unpacked and stop at the limit.
                        while chunk := member.read(CHUNK):
                            written += len(chunk)
                            if written > limit:
                                raise self._too_big(name, limit)
                            out.write(chunk)
                except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
                    raise GeodataError(
                        _("%(name)s: %(member)s kunde inte packas upp (trasig zip-fil).")
                        % {"name": name, "member": Path(info.filename).name}
                    )
            return Path(self._tmp.name) / "upload.shp"

    def _too_big(self, name, limit):
        self._cleanup_tmp()
        return GeodataError(
            _("%(name)s: Shapefilen blir större än %(max)s MB uppackad; dela upp den eller förenkla den.")
            % {"name": name, "max": f"{limit / 1024 / 1024:g}"}
        )

    def _cleanup_tmp(self):
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __exit__(self, *exc):
        self._source = None
        self._config.__exit__(*exc)
        self._cleanup_tmp()
        return False


def to_sweref(geometry: OGRGeometry, srid: int):
    """OGR geometry in `srid` -> GEOS geometry in SWEREF 99 TM (EPSG:3006)."""
    geos = geometry.geos
    geos.srid = srid
    if srid != SWEREF99TM:
        geos.transform(SWEREF99TM)
    return geos
