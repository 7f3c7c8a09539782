from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from .. import selectors
from ..kinds import KINDS_BY_KEY
from .serializers import SearchResponseSerializer

PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        required=True,
        description="Sökord (svensk fulltextsökning som bibliotekets: böjningar, sammansättningar, utan accenter; "
        "stavfel när den exakta sökningen ger få träffar).",
    ),
    OpenApiParameter(
        "kind", OpenApiTypes.STR, enum=list(KINDS_BY_KEY), description="Bara den här typen, sida för sida."
    ),
    OpenApiParameter("page", OpenApiTypes.INT, description="Sida (med kind)."),
    OpenApiParameter(
        "page_size", OpenApiTypes.INT, description=f"Träffar per sida (med kind), högst {selectors.MAX_PAGE_SIZE}."
    ),
]


class SearchApi(APIView):
    """Search the whole portal: documents, networks, meetings, agenda items, referral cases, RUS
    goals and indicators, organisations — only what the caller may open, with counts per kind."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="search",
        parameters=PARAMETERS,
        responses={
            200: SearchResponseSerializer,
            400: OpenApiResponse(description="Felaktig parameter: {parameter: [meddelande]}."),
        },
    )
    def get(self, request):
        params = selectors.parse_params(request.query_params)
        result = selectors.global_search(
            user=request.user, q=params["q"], kind=params["kind"], page=params["page"], page_size=params["page_size"]
        )
        base = request.build_absolute_uri()
        for group in result["groups"]:
            kind_url = remove_query_param(replace_query_param(base, "kind", group["kind"]), "page")
            group["url"] = kind_url
            group["next"] = group["previous"] = None
            if params["kind"]:
                if group["has_next"]:
                    group["next"] = replace_query_param(kind_url, "page", group["page"] + 1)
                if group["page"] > 1:
                    group["previous"] = replace_query_param(kind_url, "page", group["page"] - 1)
            group["results"] = [
                {**row, "snippet": str(row["snippet"]) if row["snippet"] else None} for row in group["results"]
            ]
        return Response(result)
