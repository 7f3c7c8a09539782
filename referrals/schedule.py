from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Deadline reminders to the assigned officers, each sent once per deadline (07.00 every day).
    "referrals-deadline-reminders": {
        "task": "referrals.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Consultation reminders (before the date asked for, and once it has passed), each sent once.
    "referrals-consultation-reminders": {
        "task": "referrals.tasks_workflow.send_consultation_reminders",
        "schedule": crontab(hour=7, minute=10),
    },
    # Dropped e-mails whose draft was never registered (kept 14 days).
    "referrals-purge-abandoned-intake": {
        "task": "referrals.tasks.purge_abandoned_intake",
        "schedule": crontab(hour=3, minute=30),
    },
}
