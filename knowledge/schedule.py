"""Periodic tasks of the library, merged into Celery beat by planportal/celery.py."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "knowledge-review-reminders": {
        "task": "knowledge.tasks.send_review_reminders",
        "schedule": crontab(hour=7, minute=0),  # daily, 07.00 Europe/Stockholm
    },
    # The weekly digest moved to the notification centre (notifications/schedule.py), which reads
    # the library's part from knowledge/notifying.py.
}
