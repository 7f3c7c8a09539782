"""GET /api/v1/referrals/areas/: the plan areas of the cases the user may see, as a GeoJSON
FeatureCollection in EPSG:4326 built by PostGIS in one statement; `bbox` and the map's filters."""

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from .. import selectors_public as public
from ..models import Phase, PlanType, Referral

FILTER_PARAMETERS = [
    OpenApiParameter("bbox", OpenApiTypes.STR, description="minlon,minlat,maxlon,maxlat (EPSG:4326)"),
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        enum=["open", "closed", *Referral.Status.values],
        description="Status, eller open (registrerad/under handläggning) / closed (besvarad/avstått)",
    ),
    OpenApiParameter("year", OpenApiTypes.INT, description="Diarieår"),
    OpenApiParameter("plan_type", OpenApiTypes.STR, enum=PlanType.values, description="Plantyp"),
    OpenApiParameter("phase", OpenApiTypes.STR, enum=Phase.values, description="Skede"),
    OpenApiParameter("municipality", OpenApiTypes.STR, description="Avsändarens kortadress (slug), t.ex. orebro"),
    OpenApiParameter("q", OpenApiTypes.STR, description="Fritext: planens namn, avsändare, beteckning, diarienummer"),
]

FEATURE_COLLECTION_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "integer"},
                    "geometry": {
                        "type": "object",
                        "description": "MultiPolygon i EPSG:4326 (longitud, latitud)",
                        "properties": {
                            "type": {"type": "string", "enum": ["MultiPolygon"]},
                            "coordinates": {"type": "array", "items": {}},
                        },
                    },
                    "properties": {
                        "type": "object",
                        "properties": {
                            "diary_number": {"type": "string"},
                            "plan_name": {"type": "string"},
                            "sender": {"type": "string"},
                            "status": {"type": "string", "enum": Referral.Status.values},
                            "status_label": {"type": "string"},
                            "plan_type": {"type": "string", "enum": PlanType.values},
                            "plan_type_label": {"type": "string"},
                            "phase": {"type": "string", "enum": Phase.values},
                            "phase_label": {"type": "string"},
                            "received": {"type": "string", "format": "date"},
                            "deadline": {"type": "string", "format": "date"},
                            "url": {
                                "type": "string",
                                "description": "Ärendets sida: i diariet, eller handläggarens sida för handläggare",
                            },
                        },
                    },
                },
            },
        },
    },
}


class GeoJSONRenderer(JSONRenderer):
    """Lets a client asking only for application/geo+json (GDAL, QGIS) through content
    negotiation; the body itself is PostGIS's text. Errors are rendered as JSON."""

    media_type = "application/geo+json"
    format = "geojson"


class ReferralAreasApi(APIView):
    """Plan areas of referral cases (GeoJSON, EPSG:4326). Public: the register is public, and the
    properties are the register's columns only."""

    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer, GeoJSONRenderer]

    @extend_schema(
        operation_id="referral_areas_geojson",
        parameters=FILTER_PARAMETERS,
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                response=FEATURE_COLLECTION_SCHEMA, description="GeoJSON FeatureCollection of the plan areas"
            ),
            400: OpenApiResponse(description="Felaktigt filter eller bbox (meddelande per parameter)"),
        },
    )
    def get(self, request):
        filters = public.parse_filters(request.query_params, with_bbox=True)
        body = public.areas_feature_collection(user=request.user, filters=filters)
        return HttpResponse(body, content_type="application/geo+json")


urlpatterns = [path("referrals/areas/", ReferralAreasApi.as_view(), name="referral-areas")]
