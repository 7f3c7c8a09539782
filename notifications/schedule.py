"""Periodic tasks of the notification centre, merged into Celery beat by planportal/celery.py."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # The apps' registered sources (the library's new documents and news), read every quarter hour.
    "notifications-collect-sources": {
        "task": "notifications.tasks.collect_sources",
        "schedule": crontab(minute="*/15"),
    },
    # One digest per person every morning: daily kinds, and weekly kinds on Mondays.
    "notifications-digests": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=7, minute=5),
    },
}
