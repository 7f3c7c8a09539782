from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.views import APIView

from planportal.geo import feature_collection, parse_bbox

from .. import selectors
from ..models import Organisation
from ..querysets import municipality_url, organisation_geometry
from .filters import OrganisationFilter
from .serializers import OrganisationSerializer, PersonSerializer


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The shared registry of organisations: the Region, Länsstyrelsen, the municipalities and others."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    lookup_field = "slug"

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user).order_by("name")


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People of the organisations; signed-in users only (personal data)."""

    serializer_class = PersonSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.person_list(user=self.request.user)


class MunicipalityGeoJsonApi(APIView):
    """The municipalities as a GeoJSON FeatureCollection in EPSG:4326, built in PostGIS."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="municipalities_geojson",
        parameters=[
            OpenApiParameter(
                "bbox", OpenApiTypes.STR, description="minlon,minlat,maxlon,maxlat (EPSG:4326)", required=False
            )
        ],
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description="GeoJSON FeatureCollection; properties code, name, slug, url. "
                "Geometry is the boundary, or the seat where no boundary is loaded.",
            )
        },
    )
    def get(self, request):
        qs = selectors.municipality_list(user=request.user)
        if "bbox" in request.query_params:
            qs = qs.in_bbox(parse_bbox(request.query_params["bbox"]))
        body = municipality_feature_collection(qs)
        return HttpResponse(body, content_type="application/geo+json")


def municipality_feature_collection(qs) -> str:
    """Boundary where one is loaded, else the seat (so the layer is never empty of a municipality)."""
    return feature_collection(
        qs.order_by("code"),
        geometry=organisation_geometry(),
        properties={"code": "code", "name": "name", "slug": "slug", "url": municipality_url()},
    )
