"""Thin Celery wrappers around knowledge.services."""

from celery import shared_task


@shared_task(acks_late=True)
def extract_file_text(file_id: int) -> str:
    from .services import document_file_extract

    return document_file_extract(file_id=file_id).extraction


@shared_task
def send_review_reminders() -> int:
    from .services import review_reminders_send

    return review_reminders_send()
