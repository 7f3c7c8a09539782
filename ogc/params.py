"""The query parameters of OGC API Features: `crs`, `bbox` and `bbox-crs` (Part 2), `limit`,
`offset` and `datetime` (Part 1). Each parser raises a Django ValidationError keyed by the
parameter, with a translated message that says what is wrong and what is expected: the
portal's error body (planportal/api_errors.py) answers it as a 400."""

import datetime
import math
from dataclasses import dataclass

from django.contrib.gis.geos import Polygon
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from planportal.geo import SWEREF99TM, WGS84, parse_bbox

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class Crs:
    uri: str
    srid: int
    north_first: bool  # the authority's axis order is y, x (EPSG:4326 lat/lon, EPSG:3006 N/E)
    precision: int  # decimals in the output: 6 for degrees (≈ 0.1 m), 2 for metres

    @property
    def header(self) -> str:
        return f"<{self.uri}>"


CRS84 = Crs("http://www.opengis.net/def/crs/OGC/1.3/CRS84", WGS84, north_first=False, precision=6)
EPSG4326 = Crs("http://www.opengis.net/def/crs/EPSG/0/4326", WGS84, north_first=True, precision=6)
EPSG3006 = Crs("http://www.opengis.net/def/crs/EPSG/0/3006", SWEREF99TM, north_first=True, precision=2)

# Every collection offers these (Part 2's `crs` list); the storage CRS is SWEREF 99 TM.
SUPPORTED_CRS = (CRS84, EPSG4326, EPSG3006)
STORAGE_CRS = EPSG3006

# The URI, and the short forms clients also send: a safe CURIE, an OGC URN, EPSG:code.
_ALIASES = {}
for _crs, _names in (
    (CRS84, ("[OGC:CRS84]", "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "CRS84")),
    (EPSG4326, ("[EPSG:4326]", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326")),
    (EPSG3006, ("[EPSG:3006]", "urn:ogc:def:crs:EPSG::3006", "EPSG:3006")),
):
    for _name in (_crs.uri, _crs.uri.replace("http://", "https://"), *_names):
        _ALIASES[_name.lower()] = _crs


def parse_crs(value: str | None, *, param: str = "crs") -> Crs:
    """The CRS named by `param` (CRS84 when absent)."""
    if value is None or value == "":
        return CRS84
    crs = _ALIASES.get(value.strip().lower())
    if crs is None:
        choices = ", ".join(c.uri for c in SUPPORTED_CRS)
        message = _("Okänt eller ej erbjudet koordinatsystem i %(param)s: %(value)s. Välj ett av: %(choices)s.")
        raise ValidationError({param: message % {"param": param, "value": value[:200], "choices": choices}})
    return crs


def parse_box(value: str, *, crs: Crs) -> Polygon:
    """`bbox` in `crs`'s axis order (CRS84: minlon,minlat,maxlon,maxlat; EPSG:4326:
    minlat,minlon,maxlat,maxlon; EPSG:3006: minN,minE,maxN,maxE) -> a Polygon in x, y order
    with `crs`'s SRID."""
    if crs is CRS84:
        return parse_bbox(value)  # the portal's one lon/lat bbox, with its messages
    parts = [p.strip() for p in value.split(",")]
    if len(parts) == 6:
        raise ValidationError({"bbox": _("bbox med höjd (sex tal) stöds inte: ange fyra tal.")})
    order = "minlat,minlon,maxlat,maxlon" if crs is EPSG4326 else "minN,minE,maxN,maxE"
    if len(parts) != 4:
        message = _("Ange bbox som fyra tal i koordinatsystemets axelordning: %(order)s (%(crs)s).")
        raise ValidationError({"bbox": message % {"order": order, "crs": crs.uri}})
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = None
    if numbers is None or not all(math.isfinite(n) for n in numbers):
        raise ValidationError({"bbox": _("bbox får bara innehålla tal.")})
    min_north, min_east, max_north, max_east = numbers
    in_degrees = all(-90 <= n <= 90 for n in (min_north, max_north)) and all(
        -180 <= e <= 180 for e in (min_east, max_east)
    )
    if crs is EPSG4326 and not in_degrees:
        raise ValidationError(
            {"bbox": _("bbox i EPSG:4326 ska vara latitud, longitud i grader (minlat,minlon,maxlat,maxlon).")},
        )
    if min_north >= max_north or min_east >= max_east:
        raise ValidationError({"bbox": _("bbox: minsta värdet måste vara mindre än största.")})
    polygon = Polygon.from_bbox((min_east, min_north, max_east, max_north))
    polygon.srid = crs.srid
    return polygon


def _positive_int(value: str | None, *, param: str, default: int, minimum: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        message = _("%(param)s ska vara ett heltal, minst %(minimum)s.")
        raise ValidationError({param: message % {"param": param, "minimum": minimum}})
    return number


def parse_limit(value: str | None) -> int:
    """1 … MAX_LIMIT; a larger limit is answered with MAX_LIMIT features (Part 1 allows it)."""
    return min(_positive_int(value, param="limit", default=DEFAULT_LIMIT, minimum=1), MAX_LIMIT)


def parse_offset(value: str | None) -> int:
    return _positive_int(value, param="offset", default=0, minimum=0)


def _instant(text: str) -> datetime.date | None:
    """A date or an RFC 3339 date-time (as a date in the portal's time zone)."""
    try:
        moment = parse_datetime(text)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.date()
        return parse_date(text)
    except ValueError:  # well formed but impossible, e.g. 2026-02-30
        return None


def parse_datetime_param(value: str | None) -> tuple[datetime.date | None, datetime.date | None] | None:
    """`datetime`: an instant (`2026-03-01`, `2026-03-01T10:00:00Z`) or an interval (`a/b`, with
    `..` or nothing for an open end) -> (first day, last day), either None when open; None
    without the parameter."""
    if value is None or value == "":
        return None
    pieces = value.split("/")
    if len(pieces) > 2:
        pieces = None
    elif len(pieces) == 1:
        day = _instant(pieces[0].strip())
        pieces = None if day is None else [day, day]
    else:
        days = []
        for piece in pieces:
            piece = piece.strip()
            days.append(None if piece in ("", "..") else (_instant(piece) or False))
        pieces = None if False in days or days == [None, None] else days
    if pieces is None:
        message = _(
            "datetime ska vara ett datum eller en tidpunkt enligt RFC 3339 (2026-03-01, 2026-03-01T10:00:00Z) "
            "eller ett intervall (2026-01-01/2026-06-30, ../2026-06-30, 2026-01-01/..)."
        )
        raise ValidationError({"datetime": message})
    start, end = pieces
    if start and end and start > end:
        raise ValidationError({"datetime": _("datetime: intervallets början ligger efter dess slut.")})
    return start, end
