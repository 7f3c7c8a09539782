"""Celery tasks of consultation and replies (thin wrappers around the services). Imported by
referrals/tasks.py so the worker's autodiscovery registers them."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def send_consultation_request(consultation_id: int) -> bool:
    from .services.consultation import consultation_send

    return consultation_send(consultation_id, "request")


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def notify_consultation_answered(consultation_id: int) -> bool:
    from .services.consultation import consultation_notify_answered

    return consultation_notify_answered(consultation_id)


@shared_task
def send_consultation_reminders() -> int:
    """Run by beat daily: reminders before a consultation's date and once it has passed, each once."""
    from .services.consultation import consultation_send_reminders

    return consultation_send_reminders()


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def send_reply(reply_id: int) -> bool:
    from .services.replies import reply_send_email

    return reply_send_email(reply_id)
