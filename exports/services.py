"""Writes of the exports app: starting a background export and running it (the Celery task's
body), and removing old files."""

import datetime
import logging
import os
import tempfile

from django.contrib.auth.models import AnonymousUser
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation

from planportal.outbox import enqueue

from .models import ExportJob
from .registry import get_export
from .writers import Plan, csv_chunks, geojson_chunks, write_geopackage

SUFFIXES = {"csv": "csv", "geojson": "geojson", "gpkg": "gpkg"}
PROGRESS_EVERY = 200
logger = logging.getLogger(__name__)


def export_filename(spec, export_format: str) -> str:
    return f"{spec.filename}-{timezone.localdate().isoformat()}.{SUFFIXES[export_format]}"


def export_job_start(*, spec, filters: dict, export_format: str, total_rows: int, request) -> ExportJob:
    """A job for the list `spec` with these (already validated) filters, owned by the requester
    (their browser session when signed out); the worker starts once the job is saved."""
    from . import tasks

    if request.user.is_authenticated:
        owner = {"user": request.user}
    else:
        if not request.session.session_key:
            request.session.save()
        owner = {"session_key": request.session.session_key}
    with transaction.atomic():
        job = ExportJob.objects.create(
            **owner,
            list_name=spec.name,
            filters=filters,
            format=export_format,
            language=translation.get_language() or "sv",
            base_url=request.build_absolute_uri("/").rstrip("/"),
            total_rows=total_rows,
            filename=export_filename(spec, export_format),
        )
        enqueue(tasks.build_export, job.pk)
    return job


def _progress(job_id: int, processed: int, total: int) -> None:
    # Never 100 % before the file is saved: 100 means it can be downloaded.
    percent = min(99, processed * 100 // total) if total else 99
    ExportJob.objects.filter(pk=job_id).update(processed_rows=processed, progress=percent)


def _counted(rows, job):
    total = max(job.total_rows, 1)
    number = 0
    for number, row in enumerate(rows, start=1):
        if number % PROGRESS_EVERY == 0:
            _progress(job.pk, number, max(total, number))
        yield row
    _progress(job.pk, number, max(total, number))


def export_job_run(job_id: int) -> ExportJob:
    """Writes the job's file as its owner sees the list (visible_to of the owner), in the owner's
    language; marks it done (100 %) or failed with the reason."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    # RUNNING too: the task is acknowledged after it has run, so a job whose worker died under it
    # comes back and is written again (the file replaces nothing until it is done).
    if job.status not in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING):
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    spec = get_export(job.list_name)
    user = job.user if job.user_id else AnonymousUser()
    try:
        with translation.override(job.language), tempfile.TemporaryDirectory(prefix="export-job-") as folder:
            if spec is None:
                raise LookupError(f"unknown list {job.list_name}")
            plan = Plan(spec, user=user, filters=job.filters, base_url=job.base_url, export_format=job.format)
            rows = _counted(plan.rows(), job)
            path = os.path.join(folder, job.filename)
            if job.format == "gpkg":
                write_geopackage(plan, rows, path, layer=spec.filename.replace("-", "_"))
            else:
                chunks = csv_chunks(plan, rows) if job.format == "csv" else geojson_chunks(plan, rows)
                with open(path, "w", encoding="utf-8", newline="") as handle:
                    for chunk in chunks:
                        handle.write(chunk)
            with open(path, "rb") as handle:
                job.file.save(job.filename, File(handle), save=False)
    except Exception as exc:  # the job says it failed instead of staying "running" for ever
        logger.exception("export job %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    processed = ExportJob.objects.values_list("processed_rows", flat=True).get(pk=job.pk)
    ExportJob.objects.filter(pk=job.pk).update(
        file=job.file.name,
        status=ExportJob.Status.DONE,
        progress=100,
        processed_rows=processed,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def export_jobs_delete_old(*, days: int) -> int:
    """Removes jobs (and their files) finished more than `days` days ago."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    old = list(ExportJob.objects.filter(created_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
    ExportJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)
