"""Thin Celery wrappers around the services."""

from celery import shared_task


@shared_task
def run_value_import(job_id: int) -> str:
    from .services import value_import_run

    return value_import_run(job_id).status


@shared_task
def build_annual_report(report_id: int) -> str:
    from .reports import report_build

    return report_build(report_id).status
