"""The API definition of /ogc/ (OpenAPI 3.0, the landing page's `service-desc`): what GIS tools
read before the data. QGIS will not open an OGC API Features service without it, and takes the
page size it asks for from `limit`'s default and maximum here.

Written from the same constants the endpoints parse with (ogc/params.py), so the document cannot
promise a limit, a CRS or a format the endpoints do not keep. The collections' own ids are listed
at /ogc/collections (they follow what the user may see), so the paths here take `collectionId`."""

from django.utils.translation import gettext as _

from .params import DEFAULT_LIMIT, MAX_LIMIT, SUPPORTED_CRS

MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.0"
GEOJSON = "application/geo+json"

_REF = "#/components/parameters/"


def _query(name: str, description: str, schema: dict, *, explode: bool = False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "style": "form",
        "explode": explode,
        "description": description,
        "schema": schema,
    }


def _parameters() -> dict:
    crs_uris = [crs.uri for crs in SUPPORTED_CRS]
    return {
        "collectionId": {
            "name": "collectionId",
            "in": "path",
            "required": True,
            "description": _("Samlingens id (se /collections)."),
            "schema": {"type": "string"},
        },
        "featureId": {
            "name": "featureId",
            "in": "path",
            "required": True,
            "description": _("Objektets id."),
            "schema": {"type": "integer"},
        },
        "limit": _query(
            "limit",
            _("Högst så många objekt på sidan (ett större värde ger %(max)s).") % {"max": MAX_LIMIT},
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        ),
        "offset": _query(
            "offset",
            _("Hoppa över så många objekt (länken rel=next anger nästa sida)."),
            {"type": "integer", "minimum": 0, "default": 0},
        ),
        "bbox": _query(
            "bbox",
            _("Bara objekt som skär rutan: fyra tal i bbox-crs axelordning (CRS84: minlon,minlat,maxlon,maxlat)."),
            {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
        ),
        "bbox-crs": _query(
            "bbox-crs", _("Koordinatsystemet för bbox (CRS84 om det utelämnas)."), {"type": "string", "enum": crs_uris}
        ),
        "crs": _query(
            "crs",
            _("Koordinatsystemet för svarets geometrier (CRS84 om det utelämnas)."),
            {"type": "string", "enum": crs_uris},
        ),
        "datetime": _query(
            "datetime",
            _(
                "Ett datum eller ett intervall enligt RFC 3339 (2026-01-01/2026-06-30, ../2026-06-30), "
                "där samlingen har datum."
            ),
            {"type": "string"},
        ),
        "f": _query(
            "f", _("Format: json eller html (annars efter Accept)."), {"type": "string", "enum": ["json", "html"]}
        ),
    }


def _response(description: str, media_type: str = "application/json") -> dict:
    return {"description": description, "content": {media_type: {"schema": {"type": "object"}}}}


def _errors(*codes: int) -> dict:
    texts = {
        400: _("Felaktig parameter: svaret anger vilken och vad som är fel."),
        404: _("Finns inte, eller får inte visas för dig."),
    }
    return {str(code): _response(texts[code]) for code in codes}


def _get(operation_id: str, summary: str, parameters: list[str], ok: dict, *errors: int) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": [{"$ref": _REF + name} for name in parameters],
            "responses": {"200": ok, **_errors(*errors)},
        }
    }


def definition(*, server_url: str) -> dict:
    """The OpenAPI 3.0 document for the service at `server_url` (its landing page, no slash at
    the end)."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": _("Planportalen – OGC API Features"),
            "version": "1.0.0",
            "description": _(
                "Region Örebro läns planportal för GIS-verktyg: kommuner, remissärendenas planområden, "
                "dokumentens täckning, strukturbilder och kunskapsbankens kartlager. Det du ser följer "
                "samma regler som sidorna; inloggad (HTTP Basic) ser du det din roll får se."
            ),
            "contact": {"name": "Region Örebro län", "url": server_url + "/?f=html"},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": _get("getLandingPage", _("Startsidan"), ["f"], _response(_("Länkar till resten"))),
            "/conformance": _get(
                "getConformance", _("Vilka delar av standarden som stöds"), ["f"], _response("conformsTo")
            ),
            "/collections": _get("getCollections", _("Samlingarna"), ["f"], _response(_("Samlingarna"))),
            "/collections/{collectionId}": _get(
                "describeCollection", _("En samling"), ["collectionId", "f"], _response(_("Samlingen")), 404
            ),
            "/collections/{collectionId}/items": _get(
                "getFeatures",
                _("Samlingens objekt, en sida i taget"),
                ["collectionId", "limit", "offset", "bbox", "bbox-crs", "crs", "datetime", "f"],
                _response(_("En FeatureCollection med numberMatched och länken rel=next"), GEOJSON),
                400,
                404,
            ),
            "/collections/{collectionId}/items/{featureId}": _get(
                "getFeature",
                _("Ett objekt"),
                ["collectionId", "featureId", "crs", "f"],
                _response(_("En Feature"), GEOJSON),
                400,
                404,
            ),
            "/api": {
                "get": {
                    "operationId": "getApiDefinition",
                    "summary": _("Den här beskrivningen (OpenAPI 3.0)"),
                    "responses": {"200": _response("OpenAPI 3.0", MEDIA_TYPE)},
                }
            },
        },
        "components": {"parameters": _parameters()},
    }
