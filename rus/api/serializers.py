from rest_framework import serializers

from networks.models import Organisation

from ..models import (
    Agenda2030Goal,
    Assessment,
    Goal,
    Indicator,
    IndicatorValue,
    OverarchingGoal,
    PriorityArea,
    StrategicDirection,
    Strategy,
    StructureImage,
)


class Agenda2030GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agenda2030Goal
        fields = ["number", "name", "name_en"]


class IndicatorSummarySerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "slug", "name", "unit", "source", "source_id", "url", "status"]

    def get_status(self, obj) -> dict | None:
        status = getattr(obj, "target_status", None)
        if status is None:
            return None
        return {"code": status.status.value, "label": str(status.label), "explanation": status.explanation}


class GoalSerializer(serializers.ModelSerializer):
    agenda2030_goals = Agenda2030GoalSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Goal
        fields = [
            "id",
            "code",
            "name",
            "description",
            "overarching_goal",
            "priority_area",
            "agenda2030_goals",
            "is_example",
            "url",
        ]


class GoalTreeSerializer(GoalSerializer):
    indicators = IndicatorSummarySerializer(source="indicator_list", many=True, read_only=True)

    class Meta(GoalSerializer.Meta):
        fields = GoalSerializer.Meta.fields + ["indicators"]


class StrategicDirectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategicDirection
        fields = ["id", "text", "is_example"]


class PriorityAreaTreeSerializer(serializers.ModelSerializer):
    directions = StrategicDirectionSerializer(many=True, read_only=True)
    goals = GoalTreeSerializer(source="goal_list", many=True, read_only=True)

    class Meta:
        model = PriorityArea
        fields = ["id", "name", "description", "is_example", "directions", "goals"]


class OverarchingGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = OverarchingGoal
        fields = ["id", "name", "description", "is_example"]


class StrategySerializer(serializers.ModelSerializer):
    class Meta:
        model = Strategy
        fields = [
            "id",
            "slug",
            "name",
            "period_start",
            "period_end",
            "adopted_on",
            "adopted_by",
            "vision",
            "status",
            "is_example",
        ]


class AreaField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Organisation.objects.filter(code__isnull=False), **kwargs)


class IndicatorSerializer(serializers.ModelSerializer):
    goal = serializers.PrimaryKeyRelatedField(queryset=Goal.objects.all())
    areas = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "slug",
            "goal",
            "name",
            "definition",
            "unit",
            "source",
            "source_id",
            "better",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
            "areas",
            "status",
            "is_example",
            "url",
        ]
        # Let the service say what is wrong with the years (one rule, one message).
        validators = []

    def get_areas(self, obj) -> list[str]:
        return [a.code or a.slug for a in obj.areas.all()]


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="slug", queryset=Indicator.objects.all())
    area = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    area_code = serializers.CharField(source="area.code", read_only=True, allow_null=True)  # none for the county
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "area",
            "area_code",
            "area_name",
            "year",
            "value",
            "is_preliminary",
            "source_note",
            "is_example",
        ]
        validators = []


class StructureImageSerializer(serializers.ModelSerializer):
    features_url = serializers.SerializerMethodField()

    class Meta:
        model = StructureImage
        fields = ["key", "name", "description", "target_year", "is_example", "features_url"]

    def get_features_url(self, obj) -> str:
        return f"/api/v1/rus/structure-images/{obj.key}/features/"


class AssessmentSerializer(serializers.ModelSerializer):
    goal = serializers.PrimaryKeyRelatedField(queryset=Goal.objects.all())
    rating_label = serializers.CharField(source="get_rating_display", read_only=True)
    author = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "goal",
            "year",
            "rating",
            "rating_label",
            "text",
            "status",
            "author",
            "is_example",
            "updated_at",
        ]
        read_only_fields = ["is_example", "updated_at"]
        validators = []

    def get_author(self, obj) -> str:
        return (obj.author.get_full_name() or obj.author.username) if obj.author else ""
