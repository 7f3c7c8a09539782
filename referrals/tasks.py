"""Celery tasks of referral cases: thin wrappers around the services. The consultation and reply
tasks live in tasks_workflow.py and are imported here so the worker's autodiscovery registers them."""

from smtplib import SMTPException

from celery import shared_task

from .tasks_workflow import send_consultation_reminders, send_consultation_request, send_reply  # noqa: F401


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def send_decline_notice(referral_id: int) -> bool:
    """Tell the sender that the Region declines to comment (once)."""
    from .services.triage import send_decline_notice as send

    return send(referral_id)


@shared_task
def send_deadline_reminders() -> int:
    """Run by beat daily: a reminder to the assigned officer before the deadline, once per deadline."""
    from .services.deadlines import send_deadline_reminders as send

    return send()


@shared_task
def purge_abandoned_intake() -> int:
    """Run by beat daily: dropped e-mails whose draft was never registered go after 14 days."""
    from .services.cases import intake_purge

    return intake_purge()


@shared_task
def run_import(job_id: int) -> int:
    """Read an uploaded CSV of earlier cases (all rows saved or none); -> cases created."""
    from .services.imports import import_run

    return import_run(job_id).created_count
