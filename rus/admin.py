from django.contrib import admin
from django.core.exceptions import ValidationError
from leaflet.admin import LeafletGeoAdmin

from . import services
from .models import (
    Agenda2030Goal,
    AnnualReport,
    Assessment,
    Goal,
    Indicator,
    IndicatorValue,
    OverarchingGoal,
    PriorityArea,
    StrategicDirection,
    Strategy,
    StructureFeature,
    StructureImage,
    ValueImport,
)


class OverarchingGoalInline(admin.TabularInline):
    model = OverarchingGoal
    extra = 0


class PriorityAreaInline(admin.TabularInline):
    model = PriorityArea
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["name", "period_start", "period_end", "status", "is_example"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OverarchingGoalInline, PriorityAreaInline]


class StrategicDirectionInline(admin.TabularInline):
    model = StrategicDirection
    extra = 0


@admin.register(PriorityArea)
class PriorityAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "strategy", "order", "is_example"]
    list_filter = ["strategy"]
    inlines = [StrategicDirectionInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "slug", "source", "source_id", "baseline_year", "baseline_value", "target_year", "target_value"]
    show_change_link = True


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "strategy", "priority_area", "is_example"]
    list_filter = ["strategy", "priority_area"]
    search_fields = ["name", "code"]
    filter_horizontal = ["agenda2030_goals"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "goal", "source", "source_id", "baseline_year", "target_year", "status"]
    list_filter = ["source", "status", "goal__strategy"]
    search_fields = ["name", "source_id"]
    prepopulated_fields = {"slug": ["name"]}
    # The database constraint (validated by the admin form) refuses a target year before the baseline.
    filter_horizontal = ["areas"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "area", "year", "value", "is_preliminary", "is_example"]
    list_filter = ["indicator", "year", "is_preliminary"]
    list_select_related = ["indicator", "area"]
    autocomplete_fields = ["indicator"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class ValueForm(form):
            def clean(self):
                data = super().clean()
                indicator, area, year = data.get("indicator"), data.get("area"), data.get("year")
                try:
                    if indicator and area:
                        services.validate_value_area(indicator=indicator, area=area)
                    if indicator and year:
                        services.validate_value_year(indicator=indicator, year=year)
                except ValidationError as exc:
                    raise ValidationError(exc.message_dict)
                return data

        return ValueForm


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["goal", "year", "rating", "status", "author"]
    list_filter = ["year", "rating", "status"]


class StructureFeatureInline(admin.TabularInline):
    model = StructureFeature
    extra = 0
    fields = ["name", "kind", "is_example"]
    show_change_link = True


@admin.register(StructureImage)
class StructureImageAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "target_year", "is_example"]
    inlines = [StructureFeatureInline]


@admin.register(StructureFeature)
class StructureFeatureAdmin(LeafletGeoAdmin):
    list_display = ["name", "kind", "image", "is_example"]
    list_filter = ["image", "kind"]
    search_fields = ["name"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class FeatureForm(form):
            def clean(self):
                data = super().clean()
                if data.get("kind") and data.get("geometry"):
                    services.validate_feature_geometry(kind=data["kind"], geometry=data["geometry"])
                return data

        return FeatureForm


@admin.register(Agenda2030Goal)
class Agenda2030GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "name_en"]


@admin.register(ValueImport)
class ValueImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "total_rows", "created_by", "created_at"]
    readonly_fields = [f.name for f in ValueImport._meta.fields]


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["strategy", "year", "version", "status", "created_at"]
    readonly_fields = ["html", "pdf", "status", "progress", "step", "error", "created_at", "finished_at"]
