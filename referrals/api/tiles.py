"""The referral cases' plan areas as Mapbox vector tiles, for the portal map (/karta/):

    GET /api/v1/referrals/tiles/{z}/{x}/{y}.pbf    one tile (ST_AsMVT), layer "referrals"
    GET /api/v1/referrals/in-view/?bbox=…          the cases a map's view shows, as a list

Both take the register's filters (status, year, plan_type, phase, municipality, q) and start from
`selectors_public.public_referrals(user=…)`, i.e. `Referral.objects.visible_to(user)`: the tile's
SQL is that queryset compiled (planportal.mvt), so no rule is written twice. A feature carries
the register's columns only (diary number, plan name, status, year) and the case's address
(the officers' case page for case officers, the register page for everyone else).

Below zoom DETAIL_ZOOM a tile would hold tens of thousands of plan areas (megabytes, seconds to
draw): there each feature is a point standing for the cases in one cell of a 16 × 16 grid per
tile, with `count`; a cell of one case keeps its columns."""

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from planportal import mvt

from .. import selectors_public as public
from .areas import FILTER_PARAMETERS

LAYER = "referrals"
DETAIL_ZOOM = 11  # from this zoom on, each case's own plan area; below it, points per grid cell
CLUSTER_CELL = 256  # tile units of 4096: 16 × 16 cells a tile
TILE_FILTERS = [p for p in FILTER_PARAMETERS if p.name != "bbox"]


def tile_properties(user) -> dict:
    """What a tile says about a case: the register's columns and the case's address."""
    before, middle, after = public.case_url_parts(user)
    return {
        "diary_number": "diary_number",
        "plan_name": "plan_name",
        "status": "status",
        "year": "diary_year",
        "url": mvt.Concat(before, mvt.Col("diary_year"), middle, mvt.Col("diary_seq"), after),
    }


def referral_tile(*, user, filters: dict, z: int, x: int, y: int) -> bytes:
    queryset = public.public_referrals(user=user, filters=filters).filter(area__isnull=False)
    return mvt.vector_tile(
        queryset,
        z=z,
        x=x,
        y=y,
        layer=LAYER,
        geometry="area",
        properties=tile_properties(user),
        id_field="pk",
        cluster=CLUSTER_CELL if z < DETAIL_ZOOM else None,
    )


class VectorTileRenderer(BaseRenderer):
    media_type = mvt.CONTENT_TYPE
    format = "pbf"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


class ReferralTilesApi(APIView):
    """A vector tile of the plan areas of the cases the user may see (EPSG:3857 tile grid)."""

    permission_classes = [permissions.AllowAny]
    # JSON first: errors are the project's JSON error body; a tile is answered as bytes.
    renderer_classes = [JSONRenderer, VectorTileRenderer]

    @extend_schema(
        operation_id="referral_areas_tile",
        parameters=TILE_FILTERS,
        responses={
            (200, mvt.CONTENT_TYPE): OpenApiResponse(
                response=OpenApiTypes.BINARY,
                description=(
                    "Mapbox vector tile, layer 'referrals': id, diary_number, plan_name, status, year, url. "
                    "Below zoom 11: one point per grid cell (16 × 16 a tile) with count; a cell of one case "
                    "keeps its columns."
                ),
            ),
            400: OpenApiResponse(description="Felaktig tilekoordinat eller filter (meddelande per parameter)"),
        },
    )
    def get(self, request, z, x, y):
        mvt.check_tile(z, x, y)
        filters = public.parse_filters(request.query_params)
        tile = referral_tile(user=request.user, filters=filters, z=z, x=x, y=y)
        return mvt.cache_headers(HttpResponse(tile, content_type=mvt.CONTENT_TYPE), request)


IN_VIEW_SCHEMA = {
    "type": "object",
    "required": ["count", "limit", "results"],
    "properties": {
        "count": {"type": "integer", "description": "Antal ärenden i utsnittet"},
        "limit": {"type": "integer", "description": "Högst så många listas"},
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string", "description": "Planens namn"},
                    "url": {"type": "string", "description": "Ärendets sida"},
                    "detail": {"type": "string", "description": "Diarienummer"},
                },
            },
        },
    },
}


class ReferralsInViewApi(APIView):
    """The cases whose plan area lies in `bbox` (the map's view), newest first: the text list of
    what the tiles show."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="referrals_in_view",
        parameters=FILTER_PARAMETERS,
        responses={
            200: OpenApiResponse(response=IN_VIEW_SCHEMA, description="Antal och de första ärendena i utsnittet"),
            400: OpenApiResponse(description="Felaktigt filter eller bbox (meddelande per parameter)"),
        },
    )
    def get(self, request):
        filters = public.parse_filters(request.query_params, with_bbox=True)
        queryset = public.public_referrals(user=request.user, filters=filters).filter(area__isnull=False)
        body = mvt.in_view_items(
            queryset, name="plan_name", url=public.case_url_expr(request.user), detail="diary_number"
        )
        return Response(body)


urlpatterns = [
    path("referrals/tiles/<int:z>/<int:x>/<int:y>.pbf", ReferralTilesApi.as_view(), name="referral-tiles"),
    path("referrals/in-view/", ReferralsInViewApi.as_view(), name="referrals-in-view"),
]
