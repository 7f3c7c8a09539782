"""Referral lists as CSV and GeoJSON files, with the same visibility rules and filters as the
page they come from: the register and the map (/diarium/export/, filters + bbox) and the
officers' work list (/remisser/export/)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from planportal.permissions import forbidden as portal_forbidden

from .. import exporting
from .. import selectors_public as public
from ..querysets import is_case_officer

FORMATS = ("csv", "geojson")


def _bad_request(messages) -> HttpResponse:
    text = _("Listan kunde inte laddas ned:") + "\n" + "\n".join(f"- {m}" for m in messages)
    return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{field}: {m}" for field, errors in exc.error_dict.items() for e in errors for m in e.messages]
    return exc.messages


def file_response(request, *, queryset, filters: dict, name: str, export_format: str):
    stamp = timezone.localdate().isoformat()
    if export_format == "geojson":
        body = exporting.geojson_text(user=request.user, filters=filters)
        response = HttpResponse(body, content_type="application/geo+json")
        response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.geojson"'
        return response
    rows = exporting.csv_rows(queryset, user=request.user, base_url=request.build_absolute_uri("/")[:-1])
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


class RegisterExportView(View):
    """The register or the map's selection (filters and bbox) as CSV or GeoJSON."""

    def get(self, request):
        export_format = request.GET.get("format", "csv")
        if export_format not in FORMATS:
            return _bad_request([_("format: välj csv eller geojson.")])
        try:
            filters = public.parse_filters(request.GET, with_bbox=True)
        except ValidationError as exc:
            return _bad_request(_errors(exc))
        queryset = public.public_referrals(user=request.user, filters=filters)
        return file_response(request, queryset=queryset, filters=filters, name="remisser", export_format=export_format)


class WorkListExportView(View):
    """The officers' work list with its filters as CSV (with assignee and days left) or GeoJSON."""

    def get(self, request):
        from ..forms import WorkListFilterForm
        from ..selectors import referral_work_list

        if not is_case_officer(request.user):
            return forbidden(request, _("Bara handläggare av remisser kan ladda ned arbetslistan."))
        export_format = request.GET.get("format", "csv")
        if export_format not in FORMATS:
            return _bad_request([_("format: välj csv eller geojson.")])
        form = WorkListFilterForm(request.GET or None, user=request.user)
        if form.is_bound and not form.is_valid():
            return _bad_request([f"{name}: {m}" for name, errors in form.errors.items() for m in errors])
        filters = form.cleaned_data if form.is_bound else {}
        queryset = referral_work_list(user=request.user, filters=filters)
        stamp = timezone.localdate().isoformat()
        if export_format == "geojson":
            response = HttpResponse(public.areas_of(queryset, user=request.user), content_type="application/geo+json")
            response["Content-Disposition"] = f'attachment; filename="arbetslista-{stamp}.geojson"'
            return response
        rows = exporting.csv_rows(
            queryset,
            user=request.user,
            base_url=request.build_absolute_uri("/")[:-1],
            extra_columns=exporting.officer_columns(),
        )
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="arbetslista-{stamp}.csv"'
        return response


def forbidden(request, message):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return portal_forbidden(request, message)


urlpatterns = [
    path("diarium/export/", RegisterExportView.as_view(), name="export"),
    path("remisser/export/", WorkListExportView.as_view(), name="worklist_export"),
]
