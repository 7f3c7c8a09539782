from celery.schedules import crontab

BEAT_SCHEDULE = {
    "exports-delete-old": {"task": "exports.tasks.delete_old_exports", "schedule": crontab(hour=3, minute=40)},
}
