from celery import shared_task


@shared_task
def ping_database(marker: str) -> str:
    """Health probe for operators and the worker test: proves a worker reaches the database
    by writing a marker row (an auth Group, a table every deployment has)."""
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name=f"worker-check-{marker}")
    return marker


@shared_task(bind=True, acks_late=True)
def ping_worker(self, marker: str) -> str:
    """Which worker ran this, written down once per run (an auth Group "worker-ran-<marker>-<run>@<host>"):
    the multi-machine test counts the runs per marker (exactly one) and the workers that shared them."""
    import uuid

    from django.contrib.auth.models import Group

    Group.objects.create(name=f"worker-ran-{marker}-{uuid.uuid4().hex[:8]}@{self.request.hostname}"[:150])
    return self.request.hostname


@shared_task
def relay_outbox() -> int:
    """Publishes the outbox's pending tasks (planportal/outbox.py): every 30 s by beat and when a
    worker starts; old sent rows are removed on the way."""
    from . import outbox

    published = outbox.relay()
    outbox.delete_sent()
    return published
