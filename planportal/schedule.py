"""Periodic tasks of planportal (merged by planportal/celery.py)."""

BEAT_SCHEDULE = {
    # Tasks saved while the broker was away (planportal/outbox.py) go out when it is back.
    "planportal.relay-outbox": {"task": "planportal.tasks.relay_outbox", "schedule": 30.0},
}
