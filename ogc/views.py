"""The OGC API Features endpoints: landing page, conformance, collections, a collection, its
items and one item. JSON (GeoJSON for features) for GIS tools, and HTML pages for a person who
opens the address in a browser (the HTML conformance class: `?f=html`, or a browser's Accept;
`?f=json` gives the JSON to anyone). Errors in the portal's error body (planportal/api_errors.py).
Public, like the pages: what a user sees follows `visible_to`; a signed-in session or HTTP Basic
(GDAL's USERPWD, QGIS's authentication) sees more."""

import json
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from . import features, openapi
from .collections import collection_get, collection_list, with_extents
from .params import (
    STORAGE_CRS,
    SUPPORTED_CRS,
    parse_box,
    parse_crs,
    parse_datetime_param,
    parse_limit,
    parse_offset,
)

GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]


class JSONOnly(BaseContentNegotiation):
    """JSON whatever the client accepts (GDAL asks for application/geo+json, QGIS for
    application/json, browsers for text/html): the body is the same JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


FORMATS = ("json", "html")


def wants_html(request) -> bool:
    """`f=html` / `f=json` decide; otherwise HTML when the client's first choice is HTML (a
    browser). GDAL and QGIS ask for JSON first and get JSON."""
    f = request.query_params.get("f")
    if f:
        if f not in FORMATS:
            raise ValidationError({"f": _("Formatet (f) ska vara json eller html.")})
        return f == "html"
    first = request.META.get("HTTP_ACCEPT", "").split(",")[0].split(";")[0].strip()
    return first == HTML


class OgcView(APIView):
    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly

    def answer(self, body: dict, template: str, **context):
        """The JSON body, or its HTML page (the same body, shown)."""
        if wants_html(self.request):
            return render(self.request._request, f"ogc/{template}", {"body": body, **context})
        return Response(body)

    def html_url(self, name: str, *args, query: dict | None = None) -> str:
        return self.url(name, *args, query={**(query or {}), "f": "html"})

    def url(self, name: str, *args, query: dict | None = None) -> str:
        href = self.request.build_absolute_uri(reverse(f"ogc:{name}", args=args))
        return f"{href}?{urlencode(query)}" if query else href

    def base(self) -> str:
        return self.request.build_absolute_uri("/").rstrip("/")

    def collection(self, collection_id: str):
        collection = collection_get(user=self.request.user, collection_id=collection_id, base=self.base())
        if collection is None:
            raise NotFound(_("Det finns ingen samling %(id)s.") % {"id": collection_id[:100]})
        return collection

    def collection_json(self, collection) -> dict:
        self_url = self.url("collection", collection.id)
        links = [
            {"href": self_url, "rel": "self", "type": JSON, "title": collection.title},
            {"href": self.html_url("collection", collection.id), "rel": "alternate", "type": HTML},
            {
                "href": self.url("items", collection.id),
                "rel": "items",
                "type": GEOJSON,
                "title": _("Objekten som GeoJSON"),
            },
        ]
        if collection.page_url:
            links.append({"href": collection.page_url, "rel": "alternate", "type": "text/html", "title": _("Sidan")})
        return {
            "id": collection.id,
            "title": collection.title,
            "description": collection.description,
            "itemType": "feature",
            "crs": [crs.uri for crs in SUPPORTED_CRS],
            "storageCrs": STORAGE_CRS.uri,
            "extent": {key: value for key, value in (collection.extent or {}).items() if value},
            "links": links,
        }


@extend_schema(exclude=True)  # OGC API Features is its own contract (conformance classes), not /api/v1/
class LandingPage(OgcView):
    def get(self, request):
        return self.answer(
            {
                "title": _("Planportalen – OGC API Features"),
                "description": _(
                    "Region Örebro läns planportal: kommuner, remissärendenas planområden, dokumentens "
                    "täckning, strukturbilder och kunskapsbankens kartlager för GIS-verktyg (QGIS, GDAL)."
                ),
                "links": [
                    {"href": self.url("landing"), "rel": "self", "type": JSON, "title": _("Den här sidan")},
                    {
                        "href": self.url("conformance"),
                        "rel": "conformance",
                        "type": JSON,
                        "title": _("Vilka delar av standarden som stöds"),
                    },
                    {"href": self.url("collections"), "rel": "data", "type": JSON, "title": _("Samlingarna")},
                    {
                        "href": self.url("api"),
                        "rel": "service-desc",
                        "type": openapi.MEDIA_TYPE,
                        "title": _("API-beskrivningen (OpenAPI 3.0)"),
                    },
                    {
                        "href": self.html_url("landing"),
                        "rel": "service-doc",
                        "type": HTML,
                        "title": _("Så ansluter du (QGIS, GDAL)"),
                    },
                    {"href": self.html_url("landing"), "rel": "alternate", "type": HTML},
                ],
            },
            "landing.html",
            service_url=self.url("landing"),
            collections_url=self.html_url("collections"),
            conformance_url=self.html_url("conformance"),
            api_url=self.url("api"),
            json_url=self.url("landing", query={"f": "json"}),
        )


@extend_schema(exclude=True)
class ApiDefinition(OgcView):
    """The service's OpenAPI 3.0 document (ogc/openapi.py): JSON for everyone, a browser too."""

    def get(self, request):
        document = openapi.definition(server_url=self.url("landing").rstrip("/"))
        return HttpResponse(json.dumps(document, ensure_ascii=False), content_type=openapi.MEDIA_TYPE)


@extend_schema(exclude=True)
class Conformance(OgcView):
    def get(self, request):
        return self.answer(
            {"conformsTo": CONFORMANCE}, "conformance.html", json_url=self.url("conformance", query={"f": "json"})
        )


@extend_schema(exclude=True)
class Collections(OgcView):
    def get(self, request):
        collections = with_extents(collection_list(user=request.user, base=self.base()))
        return self.answer(
            {
                "links": [
                    {"href": self.url("collections"), "rel": "self", "type": JSON},
                    {"href": self.html_url("collections"), "rel": "alternate", "type": HTML},
                ],
                "crs": [crs.uri for crs in SUPPORTED_CRS],
                "collections": [self.collection_json(c) for c in collections],
            },
            "collections.html",
            rows=[
                {
                    "collection": c,
                    "url": self.html_url("collection", c.id),
                    "items": self.html_url("items", c.id),
                    "geojson": self.url("items", c.id, query={"f": "json"}),
                }
                for c in collections
            ],
            json_url=self.url("collections", query={"f": "json"}),
        )


@extend_schema(exclude=True)
class CollectionDetail(OgcView):
    def get(self, request, collection_id):
        collection = with_extents([self.collection(collection_id)])[0]
        return self.answer(
            self.collection_json(collection),
            "collection.html",
            collection=collection,
            items_url=self.html_url("items", collection.id),
            geojson_url=self.url("items", collection.id, query={"f": "json"}),
            json_url=self.url("collection", collection.id, query={"f": "json"}),
            collections_url=self.html_url("collections"),
        )


def _geojson_response(body: str, crs) -> HttpResponse:
    response = HttpResponse(body, content_type=GEOJSON)
    response["Content-Crs"] = crs.header
    return response


@extend_schema(exclude=True)
class Items(OgcView):
    def get(self, request, collection_id):
        params = request.query_params
        collection = self.collection(collection_id)
        errors = {}

        def read(parse, *args, **kwargs):
            try:
                return parse(*args, **kwargs)
            except ValidationError as exc:
                errors.update(exc.error_dict)

        crs = read(parse_crs, params.get("crs"))
        bbox_crs = read(parse_crs, params.get("bbox-crs"), param="bbox-crs")
        limit = read(parse_limit, params.get("limit"))
        offset = read(parse_offset, params.get("offset"))
        dates = read(parse_datetime_param, params.get("datetime"))
        bbox = read(parse_box, params["bbox"], crs=bbox_crs) if params.get("bbox") and bbox_crs else None
        if params.get("bbox-crs") and not params.get("bbox"):
            message = _("bbox-crs anger bara koordinatsystemet för bbox.")
            errors.setdefault("bbox-crs", []).append(ValidationError(message))
        if dates is not None and collection.temporal is None:
            message = _("Samlingen %(id)s har inget datum: datetime kan inte användas här.")
            errors.setdefault("datetime", []).append(ValidationError(message % {"id": collection.id}))
        if errors:
            raise ValidationError(errors)

        html = wants_html(request)
        found = features.page(collection, crs=crs, bbox=bbox, dates=dates, limit=limit, offset=offset)
        if html:
            return self.items_page(collection, found, limit=limit, offset=offset)
        body = (
            '{"type":"FeatureCollection",'
            f'"numberMatched":{found.matched},"numberReturned":{found.returned},'
            f'"timeStamp":{json.dumps(timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"))},'
            f'"links":{json.dumps(self.page_links(collection, limit, offset, found))},'
            f'"features":{found.features}}}'
        )
        return _geojson_response(body, crs)

    def items_page(self, collection, found, *, limit: int, offset: int):
        """The page of features as a table: each feature's number and properties (the columns
        are the properties the page's features have, in their first order)."""
        rows = json.loads(found.features)
        columns = list(dict.fromkeys(key for row in rows for key in (row.get("properties") or {})))
        next_start, previous_start = _neighbours(limit, offset, found)
        return render(
            self.request._request,
            "ogc/items.html",
            {
                "collection": collection,
                "columns": columns,
                "rows": [
                    {
                        "id": row.get("id"),
                        "url": self.html_url("item", collection.id, row.get("id")),
                        "values": [(row.get("properties") or {}).get(c) for c in columns],
                    }
                    for row in rows
                ],
                "matched": found.matched,
                "first": offset + 1 if rows else 0,
                "last": offset + len(rows),
                "next_url": self.page_url(collection, next_start, limit, f="html") if next_start is not None else "",
                "previous_url": (
                    self.page_url(collection, previous_start, limit, f="html") if previous_start is not None else ""
                ),
                "geojson_url": self.page_url(collection, offset, limit, f="json"),
                "collection_url": self.html_url("collection", collection.id),
            },
        )

    def page_url(self, collection, start: int, limit: int, *, f: str | None = None) -> str:
        """The items page from `start`, with this request's other parameters; in format `f`
        ("html", "json") when given, else in the request's own."""
        dropped = ("limit", "offset", "f") if f else ("limit", "offset")
        query = {k: v for k, v in self.request.query_params.items() if k not in dropped}
        query.update(limit=limit, offset=start, **({"f": f} if f else {}))
        return self.url("items", collection.id, query=query)

    def page_links(self, collection, limit: int, offset: int, found) -> list[dict]:
        links = [
            {
                "href": self.page_url(collection, offset, limit),
                "rel": "self",
                "type": GEOJSON,
                "title": _("Den här sidan"),
            },
            {"href": self.url("collection", collection.id), "rel": "collection", "type": JSON},
        ]
        next_start, previous_start = _neighbours(limit, offset, found)
        if next_start is not None:
            links.append(
                {
                    "href": self.page_url(collection, next_start, limit),
                    "rel": "next",
                    "type": GEOJSON,
                    "title": _("Nästa sida"),
                }
            )
        if previous_start is not None:
            links.append(
                {
                    "href": self.page_url(collection, previous_start, limit),
                    "rel": "prev",
                    "type": GEOJSON,
                    "title": _("Föregående sida"),
                }
            )
        return links


def _neighbours(limit: int, offset: int, found) -> tuple[int | None, int | None]:
    """Where the next and the previous page start (None where there is none)."""
    next_start = offset + limit if offset + found.returned < found.matched else None
    return next_start, (max(offset - limit, 0) if offset > 0 else None)


@extend_schema(exclude=True)
class Item(OgcView):
    def get(self, request, collection_id, feature_id):
        collection = self.collection(collection_id)
        crs = parse_crs(request.query_params.get("crs"))
        feature = features.one(collection, pk=feature_id, crs=crs) if feature_id < 2**63 else None
        if feature is None:
            message = _("Samlingen %(id)s har inget objekt %(feature)s.")
            raise NotFound(message % {"id": collection.id, "feature": feature_id})
        links = [
            {"href": self.url("item", collection.id, feature_id), "rel": "self", "type": GEOJSON},
            {"href": self.url("collection", collection.id), "rel": "collection", "type": JSON},
        ]
        if wants_html(request):
            parsed = json.loads(feature)
            return render(
                request._request,
                "ogc/item.html",
                {
                    "collection": collection,
                    "feature_id": feature_id,
                    "properties": sorted((parsed.get("properties") or {}).items()),
                    "geometry_type": (parsed.get("geometry") or {}).get("type", ""),
                    "geojson_url": self.url("item", collection.id, feature_id, query={"f": "json"}),
                    "collection_url": self.html_url("collection", collection.id),
                    "items_url": self.html_url("items", collection.id),
                },
            )
        # The feature's object is PostGIS's text; the links go in before its closing brace.
        body = f'{feature[:-1]},"links":{json.dumps(links)}}}'
        return _geojson_response(body, crs)
