"""Thin Celery wrappers around notifications.services (run by beat, see schedule.py)."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def send_digests() -> int:
    from .services import digests_send

    return digests_send()


@shared_task
def collect_sources() -> int:
    from .services import sources_collect

    return sources_collect()
