import json

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from planportal.geo import feature_collection

from .. import selectors, services
from ..models import Document, DocumentRequest, Theme
from ..selectors import scaled
from . import serializers as s

SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Sökord (svensk fulltextsökning, som sökssidan)."),
    OpenApiParameter("theme", OpenApiTypes.STR, description="Temats kortadress, t.ex. bostader."),
    OpenApiParameter("year", OpenApiTypes.INT, description="År."),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=Document.Kind.values, description="Dokumenttyp."),
    OpenApiParameter("municipality", OpenApiTypes.STR, description="Kommunens SCB-kod, t.ex. 1880."),
    OpenApiParameter("publisher", OpenApiTypes.STR, description="Utgivarens kortadress."),
    OpenApiParameter("bbox", OpenApiTypes.STR, description="Kartutsnitt minlon,minlat,maxlon,maxlat (EPSG:4326)."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=["relevance", "year", "title"], description="Sortering."),
]


class SearchPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            "Antalet träffar, högst 10 000: med count_capped är det fler än så (antalet räknas inte längre)."
        )
        response["properties"]["count_capped"] = {
            "type": "boolean",
            "description": (
                "Sant när sökningen ger fler än 10 000 träffar: count är då taket (10 000), sidorna räcker till "
                "det, och sorterat efter relevans rangordnas de 10 000 senast tillagda träffarna."
            ),
            "example": False,
        }
        response["required"] = [*response.get("required", []), "count_capped"]
        return response


MAX_PAGE_NUMBER = 10_000_000


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The library's documents. `q` searches as the search page does; the facets are filters.
    Editors create and maintain documents through the same services as the pages."""

    lookup_field = "slug"
    pagination_class = SearchPagination
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        # The list does not read it: selectors.search_page runs the search (see list()).
        return (
            Document.objects.visible_to(self.request.user)
            .select_related("publisher", "superseded_by")
            .prefetch_related("themes", "municipalities", "goals", "versions__files")
        )

    def get_serializer_class(self):
        return s.DocumentListSerializer if self.action == "list" else s.DocumentDetailSerializer

    @extend_schema(parameters=SEARCH_PARAMETERS, responses=s.DocumentListSerializer(many=True))
    def list(self, request, *args, **kwargs):
        # The page's JSON is built by PostgreSQL in the search statement itself (see
        # selectors.search_page), so the endpoint costs little more than its SQL
        # (bench/bench_knowledge.py); its fields are DocumentListSerializer's.
        results, hits = self._page(request)
        count, capped = hits.total, hits.capped
        next_url, previous_url = self._page_url(request, +1, count), self._page_url(request, -1, count)
        if request.accepted_renderer.format != "json":  # the browsable API renders Python data
            data = {
                "count": count,
                "count_capped": capped,
                "next": next_url,
                "previous": previous_url,
                "results": json.loads(results),
            }
            return Response(data)
        body = (
            f'{{"count":{count},"count_capped":{json.dumps(capped)},"next":{json.dumps(next_url)},'
            f'"previous":{json.dumps(previous_url)},"results":{results}}}'
        )
        return HttpResponse(body, content_type="application/json")

    def _page(self, request):
        """The page's rows and its SearchHits (total, capped): see knowledge.selectors.scaled."""
        size = self.paginator.get_page_size(request)
        try:
            number = int(request.query_params.get("page", 1))
            if not 1 <= number <= MAX_PAGE_NUMBER:  # an OFFSET beyond bigint is a database error
                raise ValueError
        except ValueError:
            raise NotFound("Ogiltig sida.")
        results, hits = scaled.search_page(user=request.user, filters=request.query_params, number=number, size=size)
        if hits.ids or number == 1:
            return results, hits
        raise NotFound("Ogiltig sida.")

    def _page_url(self, request, step, count):
        size = self.paginator.get_page_size(request)
        number = int(request.query_params.get("page", 1)) + step
        if number < 1 or (number - 1) * size >= count:
            return None
        url = request.build_absolute_uri()
        return replace_query_param(url, "page", number) if number > 1 else remove_query_param(url, "page")

    @extend_schema(request=s.DocumentInputSerializer, responses={201: s.DocumentDetailSerializer})
    def create(self, request):
        data = _valid(s.DocumentInputSerializer, request.data)
        document = services.document_create(data=data, actor=request.user)
        return Response(self._detail(document), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.DocumentUpdateSerializer, responses=s.DocumentDetailSerializer)
    def partial_update(self, request, slug=None):
        document = self.get_object()
        data = _valid(s.DocumentUpdateSerializer, request.data)
        services.document_update(document=document, data=data, actor=request.user)
        return Response(self._detail(document))

    @extend_schema(
        request={"multipart/form-data": s.VersionInputSerializer}, responses={201: s.DocumentDetailSerializer}
    )
    @action(detail=True, methods=["post"])
    def versions(self, request, slug=None):
        document = self.get_object()
        data = _valid(
            s.VersionInputSerializer,
            {**request.data.dict(), "files": request.FILES.getlist("files")}
            if hasattr(request.data, "dict")
            else request.data,
        )
        services.document_add_version(document=document, actor=request.user, **data)
        return Response(self._detail(document), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReviewedInputSerializer, responses=s.DocumentDetailSerializer)
    @action(detail=True, methods=["post"])
    def reviewed(self, request, slug=None):
        document = self.get_object()
        data = _valid(s.ReviewedInputSerializer, request.data)
        services.document_mark_reviewed(document=document, next_review_by=data["review_by"], actor=request.user)
        return Response(self._detail(document))

    @extend_schema(request=s.SupersedeInputSerializer, responses=s.DocumentDetailSerializer)
    @action(detail=True, methods=["post"])
    def supersede(self, request, slug=None):
        document = self.get_object()
        data = _valid(s.SupersedeInputSerializer, request.data)
        by = Document.objects.visible_to(request.user).filter(slug=data["by"]).first()
        if by is None:
            raise _no_such_document("by", data["by"])
        services.document_supersede(document=document, by=by, actor=request.user)
        return Response(self._detail(document))

    def _detail(self, document):
        fresh = self.get_queryset().get(pk=document.pk) if self.action != "list" else document
        return s.DocumentDetailSerializer(fresh, context=self.get_serializer_context()).data


def _no_such_document(field: str, slug: str) -> ValidationError:
    return ValidationError(
        {field: _("Det finns inget dokument med kortadressen ”%(slug)s”.") % {"slug": slug}}, code="not_found"
    )


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The controlled list of themes."""

    serializer_class = s.ThemeSerializer
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        return Theme.objects.order_by("order", "name")


class LayerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Map layers (GIS data). `features` serves a layer as GeoJSON (EPSG:4326) with `bbox`."""

    serializer_class = s.LayerSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.layer_list(user=self.request.user)

    @extend_schema(request={"multipart/form-data": s.LayerInputSerializer}, responses={201: s.LayerSerializer})
    def create(self, request):
        data = _valid(s.LayerInputSerializer, request.data)
        document = None
        if data.get("document"):
            document = Document.objects.visible_to(request.user).filter(slug=data["document"]).first()
            if document is None:
                raise _no_such_document("document", data["document"])
        layer = services.layer_upload(
            upload=data["file"],
            name=data["name"],
            description=data["description"],
            document=document,
            is_public=data["is_public"],
            actor=request.user,
        )
        return Response(s.LayerSerializer(layer).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("bbox", OpenApiTypes.STR, description="minlon,minlat,maxlon,maxlat (EPSG:4326)")],
        responses={
            (200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT, description="FeatureCollection")
        },
    )
    @action(detail=True, methods=["get"], url_path="features", url_name="features")
    def features(self, request, pk=None):
        layer = get_object_or_404(self.get_queryset(), pk=pk)
        qs = selectors.layer_features(layer=layer, bbox=request.query_params.get("bbox"))
        body = feature_collection(qs, geometry="geometry", properties={"number": "number", "properties": "properties"})
        return HttpResponse(body, content_type="application/geo+json")


class RequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests for new documents, ranked by the number of supporting organisations."""

    serializer_class = s.RequestSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.request_list(user=self.request.user, filters=self.request.query_params)

    @extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=DocumentRequest.Status.values),
            OpenApiParameter("municipality", OpenApiTypes.STR, description="SCB-kod."),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=s.RequestInputSerializer, responses={201: s.RequestSerializer})
    def create(self, request):
        data = _valid(s.RequestInputSerializer, request.data)
        obj = services.request_propose(actor=request.user, **data)
        return Response(self._out(obj), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: s.RequestSerializer})
    @action(detail=True, methods=["post"])
    def support(self, request, pk=None):
        obj = self.get_object()
        services.request_support(request=obj, actor=request.user)
        return Response(self._out(obj), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RequestStatusInputSerializer, responses=s.RequestSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        obj = self.get_object()
        data = _valid(s.RequestStatusInputSerializer, request.data)
        document = None
        if data["document"]:
            document = Document.objects.visible_to(request.user).filter(slug=data["document"]).first()
            if document is None:
                raise _no_such_document("document", data["document"])
        services.request_set_status(
            request=obj, status=data["status"], reason=data["reason"], document=document, actor=request.user
        )
        return Response(self._out(obj))

    def _out(self, obj):
        return s.RequestSerializer(selectors.request_list(user=self.request.user).get(pk=obj.pk)).data


class NewsItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Horizon scanning: national, neighbouring-county and EU news."""

    serializer_class = s.NewsItemSerializer

    def get_queryset(self):
        theme = self.request.query_params.get("theme")
        return selectors.news_list(user=self.request.user, theme=theme)
