from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from planportal.geo import parse_bbox

from .. import selectors, services
from ..models import Assessment, Goal, Indicator, StructureImage
from .serializers import (
    AssessmentSerializer,
    GoalSerializer,
    GoalTreeSerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
    OverarchingGoalSerializer,
    PriorityAreaTreeSerializer,
    StrategySerializer,
    StructureImageSerializer,
)

GEOJSON = "application/geo+json"


class StrategyViewSet(viewsets.ReadOnlyModelViewSet):
    """Strategies; the detail is the whole tree: overarching goals, priority areas with their
    strategic directions and effect goals, each goal's indicators with status."""

    serializer_class = StrategySerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.strategy_list(user=self.request.user)

    def retrieve(self, request, *args, **kwargs):
        strategy = self.get_object()
        tree = selectors.strategy_tree(strategy=strategy, user=request.user)
        ctx = self.get_serializer_context()
        return Response(
            {
                **StrategySerializer(strategy, context=ctx).data,
                "overarching_goals": OverarchingGoalSerializer(tree["overarching_goals"], many=True).data,
                "priority_areas": PriorityAreaTreeSerializer(tree["priority_areas"], many=True, context=ctx).data,
                "goals_without_area": GoalTreeSerializer(tree["goals_without_area"], many=True, context=ctx).data,
                "status_counts": {code.value: n for code, _label, n in tree["status_counts"]},
            }
        )


class GoalViewSet(viewsets.ReadOnlyModelViewSet):
    """Effect goals (effektmål) with the Agenda 2030 goals they serve."""

    serializer_class = GoalSerializer

    def get_queryset(self):
        return selectors.goal_list(user=self.request.user)


class IndicatorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Indicators. Filters: `goal` (id), `source`, `q`. Editors create and change them."""

    serializer_class = IndicatorSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.indicator_list(user=self.request.user, filters=self.request.query_params).prefetch_related(
            "areas"
        )

    def perform_create(self, serializer):
        serializer.instance = services.indicator_save(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.indicator_save(
            actor=self.request.user, data=serializer.validated_data, indicator=serializer.instance
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("goal", OpenApiTypes.INT, required=False, description="Effektmålets id"),
            OpenApiParameter("source", OpenApiTypes.STR, required=False, description="kolada, scb eller own"),
            OpenApiParameter("q", OpenApiTypes.STR, required=False, description="Sök i namn och källans id"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class IndicatorValueViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Indicator values per area and year. Filters: `indicator` (slug or KPI id), `area` (SCB
    code or slug), `year`. Editors record values (an existing value for the same indicator,
    area and year is updated)."""

    serializer_class = IndicatorValueSerializer

    def get_queryset(self):
        return selectors.value_list(user=self.request.user, filters=self.request.query_params)

    @extend_schema(
        parameters=[
            OpenApiParameter("indicator", OpenApiTypes.STR, required=False),
            OpenApiParameter("area", OpenApiTypes.STR, required=False, description="SCB-kod eller kortadress"),
            OpenApiParameter("year", OpenApiTypes.INT, required=False),
        ]
    )
    def list(self, request, *args, **kwargs):
        year = request.query_params.get("year")
        if year and not year.isdigit():
            raise ValidationError({"year": "Ange året som fyra siffror, t.ex. 2024."})
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        value = services.value_record(
            actor=request.user,
            indicator=data["indicator"],
            area=data["area"],
            year=data["year"],
            value=data["value"],
            is_preliminary=data.get("is_preliminary", False),
            source_note=data.get("source_note", ""),
        )
        return Response(self.get_serializer(value).data, status=status.HTTP_201_CREATED)


class StructureImageViewSet(viewsets.ReadOnlyModelViewSet):
    """Structure images (strukturbilder); their features are a GeoJSON layer each."""

    serializer_class = StructureImageSerializer
    lookup_field = "key"
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return selectors.structure_image_list(user=self.request.user)


class ChoroplethApi(APIView):
    """Municipality features (boundary, or seat where no boundary is loaded) carrying the value
    of the indicator for a year, its colour class, and `is_point`. EPSG:4326, built in PostGIS."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="rus_indicator_choropleth",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, required=False, description="Standard: senaste året"),
            OpenApiParameter("bbox", OpenApiTypes.STR, required=False, description="minlon,minlat,maxlon,maxlat"),
        ],
        responses={(200, GEOJSON): OpenApiResponse(response=OpenApiTypes.OBJECT, description="FeatureCollection")},
    )
    def get(self, request, slug):
        indicator = get_object_or_404(Indicator.objects.visible_to(request.user), slug=slug)
        year = request.query_params.get("year")
        years = selectors.value_years(indicator=indicator)
        if year is None:
            if not years:
                raise ValidationError({"year": "Indikatorn har inga värden än."})
            year = years[0]
        elif not year.isdigit():
            raise ValidationError({"year": "Ange året som fyra siffror, t.ex. 2024."})
        bbox = parse_bbox(request.query_params["bbox"]) if "bbox" in request.query_params else None
        # The colour classes are set over every municipality, so a bbox does not change them.
        body = selectors.choropleth_geojson(indicator=indicator, year=int(year), bbox=bbox)
        return HttpResponse(body, content_type=GEOJSON)


class StructureFeaturesGeoJsonApi(APIView):
    """The features of one structure image as GeoJSON (EPSG:4326); optional `bbox`."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="rus_structure_image_features",
        parameters=[
            OpenApiParameter("bbox", OpenApiTypes.STR, required=False, description="minlon,minlat,maxlon,maxlat")
        ],
        responses={(200, GEOJSON): OpenApiResponse(response=OpenApiTypes.OBJECT, description="FeatureCollection")},
    )
    def get(self, request, key):
        image = get_object_or_404(StructureImage.objects.visible_to(request.user), key=key)
        bbox = parse_bbox(request.query_params["bbox"]) if "bbox" in request.query_params else None
        qs = selectors.structure_feature_list(user=request.user, image=image, bbox=bbox)
        return HttpResponse(selectors.structure_geojson(qs), content_type=GEOJSON)


class AssessmentViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Yearly assessments of the effect goals. Filters: `goal` (id), `year`. The Region's case
    officers and editors write them (a second one for the same goal and year replaces it);
    drafts are seen only by the Region's staff."""

    serializer_class = AssessmentSerializer

    def get_queryset(self):
        qs = Assessment.objects.visible_to(self.request.user).select_related("author", "goal")
        for name in ("goal", "year"):
            value = self.request.query_params.get(name)
            if value:
                if not value.isdigit():
                    raise ValidationError({name: "Ange ett heltal."})
                qs = qs.filter(**{name: int(value)})
        return qs.order_by("goal__order", "goal__code", "-year")

    @extend_schema(
        parameters=[
            OpenApiParameter("goal", OpenApiTypes.INT, required=False),
            OpenApiParameter("year", OpenApiTypes.INT, required=False),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        goal = Goal.objects.visible_to(request.user).select_related("strategy").filter(pk=data["goal"].pk).first()
        if goal is None:
            raise ValidationError({"goal": "Effektmålet finns inte."})
        assessment = services.assessment_save(
            actor=request.user,
            goal=goal,
            year=data["year"],
            rating=data["rating"],
            text=data["text"],
            status=data.get("status", "draft"),
        )
        return Response(self.get_serializer(assessment).data, status=status.HTTP_201_CREATED)
