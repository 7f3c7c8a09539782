from celery.schedules import crontab

BEAT_SCHEDULE = {
    "networks-meeting-reminders": {
        "task": "networks.tasks.send_due_reminders",
        "schedule": crontab(minute=5),
    },
}
