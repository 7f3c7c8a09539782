"""Downloading a list: /export/<list>/?<the page's filters>&format=csv|geojson|gpkg.

Up to EXPORT_SYNC_MAX_ROWS rows the file is written at once (streamed); a larger list is built
by a Celery job after the person confirms (POST), with a progress page that polls its status
(and reloads without JavaScript), and the file is served to its owner only."""

import os
import tempfile

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planportal.files import protected_file_view
from planportal.permissions import forbidden

from . import services
from .models import ExportJob
from .registry import get_export
from .writers import Plan, csv_chunks, geojson_chunks, write_geopackage

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
}
FORMAT_LABELS = {"csv": "CSV", "geojson": "GeoJSON", "gpkg": "GeoPackage"}


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{key}: {message}" for key, errors in exc.error_dict.items() for e in errors for message in e.messages]
    return list(exc.messages)


def bad_request(request, spec, messages):
    return render(request, "exports/bad_request.html", {"spec": spec, "messages": messages}, status=400)


def _format(spec, value):
    value = value or "csv"
    if value not in spec.formats:
        names = ", ".join(spec.formats)
        raise ValidationError({"format": _("Välj ett av formaten %(formats)s.") % {"formats": names}})
    return value


def _checked(request, spec):
    """(format, filters, plan, count) for this request, or raises ValidationError."""
    params = request.POST if request.method == "POST" else request.GET
    export_format = _format(spec, params.get("format"))
    filters = spec.filters_from(params)
    plan = Plan(
        spec, user=request.user, filters=filters, base_url=request.build_absolute_uri("/"), export_format=export_format
    )
    queryset = plan.queryset()  # the selector validates the filters here
    return export_format, filters, plan, queryset


@require_http_methods(["GET", "HEAD", "POST"])
def export_list(request, name):
    spec = get_export(name)
    if spec is None:
        raise Http404(_("Det finns ingen lista med det namnet att ladda ned."))
    if spec.login_required and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if spec.refusal and (message := spec.refusal(request.user)):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return forbidden(request, message)
    try:
        export_format, filters, plan, queryset = _checked(request, spec)
        total = queryset.count()
    except ValidationError as exc:
        return bad_request(request, spec, _errors(exc))
    if request.method == "POST":
        job = services.export_job_start(
            spec=spec, filters=filters, export_format=export_format, total_rows=total, request=request
        )
        return redirect(job)
    if total > settings.EXPORT_SYNC_MAX_ROWS:
        return render(
            request,
            "exports/confirm.html",
            {
                "spec": spec,
                "total": total,
                "format": export_format,
                "format_label": FORMAT_LABELS[export_format],
                "filters": filters,
                "limit": settings.EXPORT_SYNC_MAX_ROWS,
            },
        )
    filename = services.export_filename(spec, export_format)
    rows = plan.rows(queryset)
    if export_format == "gpkg":
        return _geopackage_response(plan, rows, spec, filename)
    chunks = csv_chunks(plan, rows) if export_format == "csv" else geojson_chunks(plan, rows)
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _geopackage_response(plan, rows, spec, filename):
    folder = tempfile.mkdtemp(prefix="export-")
    path = os.path.join(folder, filename)
    try:
        write_geopackage(plan, rows, path, layer=spec.filename.replace("-", "_"))
        handle = open(path, "rb")  # noqa: SIM115 (FileResponse closes it when sent)
    finally:
        # Open (or failed): the name can go; the open handle keeps the bytes until sent.
        if os.path.exists(path):
            os.unlink(path)
        os.rmdir(folder)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["gpkg"])


def _owned(request, pk):
    return get_object_or_404(ExportJob.objects.owned_by(request), pk=pk)


def job_detail(request, pk):
    job = _owned(request, pk)
    spec = get_export(job.list_name)
    return render(
        request,
        "exports/job.html",
        {"job": job, "spec": spec, "format_label": FORMAT_LABELS.get(job.format, job.format)},
    )


def job_status(request, pk):
    job = _owned(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "percent": job.progress,
            "processed_rows": job.processed_rows,
            "total_rows": job.total_rows,
            "finished": job.finished,
            "download_url": _download_url(job) if job.status == ExportJob.Status.DONE else None,
        }
    )


def job_list(request):
    jobs = list(ExportJob.objects.owned_by(request)[:50])
    for job in jobs:
        spec = get_export(job.list_name)
        job.label = spec.label if spec else job.list_name
    return render(request, "exports/job_list.html", {"jobs": jobs})


def _download_url(job):
    return reverse("exports:job_file", kwargs={"pk": job.pk, "name": job.filename})


job_file = protected_file_view(
    lambda request, **kwargs: ExportJob.objects.owned_by(request).filter(status=ExportJob.Status.DONE),
    field="file",
    filename="filename",
)
