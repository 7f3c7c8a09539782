"""`manage.py relay_outbox`: publishes the Celery tasks the outbox holds (planportal/outbox.py),
e.g. after the broker was away; beat does the same every 30 s and each worker as it starts."""

from django.core.management.base import BaseCommand

from planportal import outbox


class Command(BaseCommand):
    help = "Publishes pending outbox messages (tasks saved while the Celery broker was away)."

    def handle(self, *args, **options):
        published = outbox.relay(limit=10_000)
        left = outbox.pending_count()
        self.stdout.write(f"{published} published, {left} pending.")
