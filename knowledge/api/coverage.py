"""GET /api/v1/document-coverage/: the geographic coverage of the documents the user may read
(not withdrawn), as a GeoJSON FeatureCollection in EPSG:4326 built by PostGIS; `bbox`, `year`.
A layer of the portal map (/karta/, knowledge/map_layers.py)."""

from django.core.exceptions import ValidationError
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.views import APIView

from planportal.geo import SWEREF99TM, feature_collection, parse_bbox

from ..models import Document


def coverage_queryset(*, user):
    return Document.objects.visible_to(user).exclude(status=Document.Status.WITHDRAWN).filter(coverage__isnull=False)


def parse_year(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 1900 <= year <= 2100:
        raise ValidationError({"year": _("Året (year) ska vara ett årtal, t.ex. 2026.")})
    return year


class DocumentCoverageApi(APIView):
    """Document coverage (GeoJSON, EPSG:4326): title, year and the document's address."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="document_coverage_geojson",
        parameters=[
            OpenApiParameter("bbox", OpenApiTypes.STR, description="minlon,minlat,maxlon,maxlat (EPSG:4326)"),
            OpenApiParameter("year", OpenApiTypes.INT, description="Dokumentets år"),
        ],
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                response=OpenApiTypes.OBJECT, description="GeoJSON FeatureCollection; properties title, year, url."
            ),
            400: OpenApiResponse(description="Felaktigt år eller bbox (meddelande per parameter)"),
        },
    )
    def get(self, request):
        qs = coverage_queryset(user=request.user)
        if (year := parse_year(request.query_params.get("year"))) is not None:
            qs = qs.filter(year=year)
        if request.query_params.get("bbox"):
            bbox = parse_bbox(request.query_params["bbox"]).transform(SWEREF99TM, clone=True)
            qs = qs.filter(coverage__intersects=bbox)
        body = feature_collection(
            qs.order_by("-year", "title"),
            geometry="coverage",
            properties={"title": "title", "year": "year", "url": Concat(Value("/dokument/"), F("slug"), Value("/"))},
        )
        return HttpResponse(body, content_type="application/geo+json")


urlpatterns = [path("document-coverage/", DocumentCoverageApi.as_view(), name="document-coverage-geojson")]
