import importlib
import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planportal.settings.dev")

app = Celery("planportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def merge_app_schedules(sender, **kwargs):
    """Each app keeps its periodic tasks beside its tasks, in `<app>/schedule.py`."""
    for name in ("planportal", "notifications", "exports", "networks", "rus", "knowledge", "referrals"):
        try:
            module = importlib.import_module(f"{name}.schedule")
        except ModuleNotFoundError:
            continue
        sender.conf.beat_schedule.update(getattr(module, "BEAT_SCHEDULE", {}))


@worker_ready.connect
def relay_outbox_on_start(sender, **kwargs):
    """A worker that starts (e.g. after the broker was away) first sends what the outbox holds
    (planportal/outbox.py); the relay runs as a task, in the worker's own pool, on a queue it reads."""
    try:
        queue = next(iter(sender.app.amqp.queues.consume_from), None)
        sender.app.send_task("planportal.tasks.relay_outbox", queue=queue)
    except Exception:  # the worker runs on; beat relays in 30 s
        import logging

        logging.getLogger(__name__).exception("could not queue the outbox relay at worker start")
