import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView

from planportal.files import file_response
from planportal.forms import add_service_errors
from planportal.permissions import RoleRequiredMixin, role_required

from . import selectors, services
from .forms import AssessmentForm, ReportRequestForm, StructureImportForm, ValueImportForm
from .models import AnnualReport, Goal, Indicator, Strategy, StructureImage, ValueImport
from .permissions import EDITOR_ROLES, can_assess, can_edit, can_see_drafts
from .registry import counts_per_year, references_for_goal
from .units import unit_label


class StrategyTreeMixin:
    template_name = "rus/strategy_detail.html"

    def tree_context(self, strategy):
        ctx = selectors.strategy_tree(strategy=strategy, user=self.request.user)
        ctx["can_edit"] = can_edit(self.request.user)
        ctx["strategies"] = selectors.strategy_list(user=self.request.user)
        ctx["structure_images"] = selectors.structure_image_list(user=self.request.user)
        return ctx


class StrategyIndexView(StrategyTreeMixin, TemplateView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        strategy = selectors.strategy_current(user=self.request.user)
        ctx["is_index"] = True
        if strategy is None:
            ctx["strategy"] = None
            return ctx
        ctx.update(self.tree_context(strategy))
        return ctx


class StrategyDetailView(StrategyTreeMixin, TemplateView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        strategy = get_object_or_404(Strategy.objects.visible_to(self.request.user), slug=kwargs["slug"])
        ctx.update(self.tree_context(strategy))
        return ctx


class GoalDetailView(DetailView):
    template_name = "rus/goal_detail.html"
    context_object_name = "goal"

    def get_queryset(self):
        return (
            Goal.objects.visible_to(self.request.user)
            .select_related("strategy", "priority_area", "overarching_goal")
            .prefetch_related("agenda2030_goals")
        )

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(selectors.goal_detail(goal=self.object, user=user))
        references = references_for_goal(self.object, user)
        ctx["references"] = references
        ctx["reference_years"] = counts_per_year(references)
        ctx["can_assess"] = can_assess(user)
        if ctx["can_assess"]:
            strategy = self.object.strategy
            last_year = min(strategy.period_end, max(strategy.period_start, timezone.localdate().year - 1))
            ctx["form"] = form or AssessmentForm(initial={"year": last_year, "status": "draft"})
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not can_assess(request.user):
            raise PermissionDenied
        form = AssessmentForm(request.POST)
        if form.is_valid():
            try:
                services.assessment_save(actor=request.user, goal=self.object, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Bedömningen är sparad."))
                return redirect(self.object.get_absolute_url() + "#assessments-title")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class IndicatorListView(ListView):
    template_name = "rus/indicator_list.html"
    context_object_name = "indicators"
    paginate_by = 50

    def get_queryset(self):
        return selectors.indicator_list(user=self.request.user, filters=self.request.GET)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["indicators"] = selectors.attach_status(ctx["indicators"])
        ctx["goals"] = selectors.goal_list(user=self.request.user)
        ctx["sources"] = Indicator.Source.choices
        ctx["filters"] = self.request.GET
        current = self.request.GET.get("sort") or "goal"
        query = self.request.GET.copy()
        query.pop("page", None)
        headers = {}
        for key in ("name", "goal", "source"):
            query["sort"] = f"-{key}" if current == key else key
            headers[key] = {
                "url": "?" + query.urlencode(),
                "aria": "ascending" if current == key else "descending" if current == f"-{key}" else "",
            }
        ctx["sort_headers"] = headers
        return ctx


class IndicatorDetailView(DetailView):
    template_name = "rus/indicator_detail.html"
    context_object_name = "indicator"

    def get_queryset(self):
        return Indicator.objects.visible_to(self.request.user).select_related("goal", "goal__strategy")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        indicator = self.object
        series = selectors.indicator_series(indicator=indicator)
        ctx["series"] = series
        ctx["status"] = selectors.attach_status([indicator])[0].target_status
        years = selectors.value_years(indicator=indicator)
        ctx["value_years"] = years
        year = self.request.GET.get("year")
        year = int(year) if year and year.isdigit() and int(year) in years else (years[0] if years else None)
        ctx["year"] = year
        ctx["has_example_values"] = any(
            cell is not None and cell.is_example for row in series["rows"] for cell in row["values"]
        )
        ctx["chart_json"] = json.dumps(_chart_spec(indicator, series))
        if year is not None:
            breaks = selectors.choropleth_breaks(indicator=indicator, year=year)
            ctx["legend"] = selectors.choropleth_legend(breaks)
            ctx["choropleth_json"] = selectors.choropleth_geojson(indicator=indicator, year=year, breaks=breaks)
            ctx["ranking"] = selectors.ranking(indicator=indicator, year=year)
        return ctx


def _chart_spec(indicator, series) -> dict:
    datasets = []
    for row in series["rows"]:
        datasets.append(
            {
                "label": row["area"].short_name or row["area"].name if not row["is_county"] else _("Örebro län"),
                "county": row["is_county"],
                "points": [[y, float(v.value)] for y, v in zip(series["years"], row["values"], strict=True) if v],
            }
        )
    return {
        "unit": unit_label(indicator.unit),
        "years": series["years"],
        "series": datasets,
        "target": [[y, float(v)] for y, v in sorted(series["target_path"].items())],
        "target_label": _("Linje mot målet"),
    }


class StructureImageListView(TemplateView):
    template_name = "rus/structure_image_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        images = list(selectors.structure_image_list(user=user))
        features = list(selectors.structure_feature_list(user=user))
        ctx["images"] = images
        ctx["features"] = features
        ctx["map_layers_json"] = json.dumps(structure_layers(images, with_municipalities=True))
        ctx["any_example"] = any(f.is_example for f in features) or any(i.is_example for i in images)
        return ctx


LAYER_COLOURS = ["#a50f15", "#08519c", "#006d2c", "#54278f", "#8c510a"]


def structure_layers(images, *, with_municipalities=False):
    from django.urls import reverse

    base = []
    if with_municipalities:
        # Context under the structure images: the municipalities (listed on /kommuner/).
        base.append(
            {
                "key": "municipalities",
                "name": _("Kommuner"),
                "url": reverse("municipality-geojson"),
                "color": "#6f6f6f",
                "weight": 1,
                "fillOpacity": 0.03,
            }
        )
    return base + [
        {
            "key": image.key,
            "name": image.name,
            "url": reverse("rus-api:structure-image-features", kwargs={"key": image.key}),
            "color": LAYER_COLOURS[i % len(LAYER_COLOURS)],
            "detail": "kind_label",
        }
        for i, image in enumerate(images)
    ]


class StructureImageDetailView(DetailView):
    template_name = "rus/structure_image_detail.html"
    context_object_name = "image"
    slug_field = "key"
    slug_url_kwarg = "key"

    def get_queryset(self):
        return StructureImage.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["features"] = list(selectors.structure_feature_list(user=self.request.user, image=self.object))
        ctx["map_layers_json"] = json.dumps(structure_layers([self.object], with_municipalities=True))
        ctx["can_edit"] = can_edit(self.request.user)
        return ctx


class EditorRequiredMixin(RoleRequiredMixin):
    required_roles = EDITOR_ROLES
    permission_denied_message = gettext_lazy("Bara redaktörer får göra detta.")


class StructureImportView(EditorRequiredMixin, FormView):
    template_name = "rus/structure_import.html"
    form_class = StructureImportForm

    def dispatch(self, request, *args, **kwargs):
        self.image = get_object_or_404(StructureImage, key=kwargs["key"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "image": self.image}

    def form_valid(self, form):
        import tempfile
        from pathlib import Path

        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"upload{suffix}"
            with open(path, "wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                result = services.structure_image_import(
                    actor=self.request.user, image=self.image, path=path, display_name=upload.name
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            self.request,
            _("Importen är klar: %(created)s nya och %(updated)s ändrade objekt.") % result,
        )
        return redirect(self.image.get_absolute_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ValueImportView(EditorRequiredMixin, FormView):
    template_name = "rus/import.html"
    form_class = ValueImportForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["jobs"] = ValueImport.objects.select_related("created_by").order_by("-created_at")[:20]
        return ctx

    def form_valid(self, form):
        try:
            job = services.value_import_start(actor=self.request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect(job.get_absolute_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ValueImportDetailView(EditorRequiredMixin, DetailView):
    template_name = "rus/import_detail.html"
    context_object_name = "job"
    model = ValueImport


def _job_json(job):
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "percent": job.percent,
        "processed_rows": job.processed_rows,
        "total_rows": job.total_rows,
        "created": job.created_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
        "errors": job.errors,
        "finished": job.status in ("done", "failed"),
    }


@role_required(*EDITOR_ROLES)
def value_import_status(request, pk):
    return JsonResponse(_job_json(get_object_or_404(ValueImport, pk=pk)))


class ReportListView(TemplateView):
    template_name = "rus/report_list.html"

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["strategy"] = selectors.strategy_current(user=user)
        ctx["reports"] = AnnualReport.objects.visible_to(user).select_related("strategy").order_by("-year", "-version")
        ctx["can_edit"] = can_edit(user)
        if ctx["can_edit"] and ctx["strategy"]:
            ctx["form"] = form or ReportRequestForm()
        return ctx

    def post(self, request, *args, **kwargs):
        if not can_edit(request.user):
            raise PermissionDenied
        strategy = selectors.strategy_current(user=request.user)
        if strategy is None:
            raise Http404
        form = ReportRequestForm(request.POST)
        if form.is_valid():
            try:
                report = services.report_request(actor=request.user, strategy=strategy, year=form.cleaned_data["year"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect(report.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReportDetailView(DetailView):
    template_name = "rus/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return AnnualReport.objects.visible_to(self.request.user).select_related("strategy")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["other_versions"] = (
            AnnualReport.objects.visible_to(self.request.user)
            .filter(strategy=self.object.strategy, year=self.object.year)
            .exclude(pk=self.object.pk)
            .order_by("-version")
        )
        ctx["internal"] = can_see_drafts(self.request.user)
        return ctx


def report_status(request, pk):
    report = get_object_or_404(AnnualReport.objects.visible_to(request.user), pk=pk)
    return JsonResponse(
        {
            "status": report.status,
            "status_label": str(report.get_status_display()),
            "percent": report.progress,
            "step": report.step,
            "finished": report.status in ("done", "failed"),
        }
    )


def report_pdf(request, pk):
    report = get_object_or_404(AnnualReport.objects.visible_to(request.user), pk=pk)
    if not report.pdf:
        raise Http404(_("PDF-versionen är inte klar än."))
    # planportal.files: streamed here, or by nginx/Apache in production (PROTECTED_FILES_BACKEND)
    return file_response(report.pdf, filename=f"rus-uppfoljning-{report.year}-v{report.version}.pdf", inline=True)
