import importlib
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planportal.settings.dev")

app = Celery("planportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def merge_app_schedules(sender, **kwargs):
    """Each app keeps its periodic tasks beside its tasks, in `<app>/schedule.py`."""
    for name in ("notifications", "exports", "networks", "rus", "knowledge", "referrals"):
        try:
            module = importlib.import_module(f"{name}.schedule")
        except ModuleNotFoundError:
            continue
        sender.conf.beat_schedule.update(getattr(module, "BEAT_SCHEDULE", {}))
