"""Thin Celery wrappers around networks.services.notifications."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def notify_meeting(kind: str, meeting_id: int) -> int:
    from .services.notifications import meeting_notify

    return meeting_notify(kind=kind, meeting_id=meeting_id)


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def notify_series_invitation(series_id: int) -> int:
    from .services.notifications import series_invitation_notify

    return series_invitation_notify(series_id=series_id)


@shared_task
def send_due_reminders() -> int:
    """Run by beat every hour; a meeting's reminder goes out once (see SentNotification)."""
    from .models import SentNotification
    from .services.notifications import due_reminder_meeting_ids

    ids = due_reminder_meeting_ids()
    for meeting_id in ids:
        notify_meeting.delay(SentNotification.Kind.REMINDER, meeting_id)
    return len(ids)
