from celery import shared_task
from django.conf import settings

from . import services


@shared_task
def build_export(job_id: int):
    services.export_job_run(job_id)


@shared_task
def delete_old_exports():
    return services.export_jobs_delete_old(days=settings.EXPORT_KEEP_DAYS)
