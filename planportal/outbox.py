"""A transactional outbox for Celery work: a save that queues a task never loses it when the
broker (Redis) is away, and never fails because of it.

    from planportal.outbox import enqueue

    with transaction.atomic():
        ...save...
        enqueue(tasks.send_reply, reply.pk)   # instead of on_commit(lambda: send_reply.delay(pk))

`enqueue` writes an OutboxMessage in the caller's transaction (so the task exists exactly when
the save does) and, on commit, publishes it. When the broker does not answer, the publish gives
up at once (no retries, a short connection timeout: `CELERY_BROKER_TRANSPORT_OPTIONS`), the
row stays pending and the request goes on. `relay()` publishes pending rows, oldest first:
`manage.py relay_outbox`, the beat entry `planportal.relay-outbox` every 30 s and each worker
as it starts (planportal/celery.py). Rows are taken with SELECT … FOR UPDATE SKIP LOCKED, so
two relays (or a relay and the request's own publish) never publish one row twice; a publish
whose "sent" mark is lost is repeated with the same task id, which is why the portal's tasks
are idempotent (a redelivered task does nothing twice, see docs/DEPLOYMENT.md).

With CELERY_TASK_ALWAYS_EAGER (tests, where no broker exists) the task runs on commit as before,
without a row."""

import datetime
import logging

from celery import current_app
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import DoneOnce, OutboxMessage

logger = logging.getLogger(__name__)

# The publish of one message: no retries (the relay is the retry), so a stopped broker costs a
# request one refused connection (milliseconds; CELERY_BROKER_TRANSPORT_OPTIONS'
# socket_connect_timeout bounds an unreachable host), not kombu's retries for 4 s and more.
CONNECT_TIMEOUT_S = 2
KEEP_SENT_DAYS = 7
KEEP_DONE_ONCE_DAYS = 90


def enqueue(task, *args, **kwargs) -> OutboxMessage | None:
    """Queues `task(*args, **kwargs)` when the caller's transaction commits; the arguments must
    be JSON (ids, strings). Returns the outbox row (None in eager mode)."""
    if current_app.conf.task_always_eager:
        transaction.on_commit(lambda: task.apply_async(args, kwargs))
        return None
    message = OutboxMessage.objects.create(task=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: _publish_after_commit(message.pk))
    return message


def _publish_after_commit(pk: int) -> None:
    try:
        relay(ids=[pk])
    except Exception:  # the save has committed; the relay sends the row later
        logger.exception("outbox: publishing message %s after commit failed; the relay will send it", pk)


def relay(*, ids=None, limit: int = 500) -> int:
    """Publishes pending messages (those of `ids`, or the oldest `limit`); stops at the first
    broker error, leaving that row and the rest pending. Returns how many were published."""
    published = []
    with transaction.atomic(), current_app.producer_or_acquire() as producer:
        pending = OutboxMessage.objects.select_for_update(skip_locked=True).filter(status=OutboxMessage.Status.PENDING)
        if ids is not None:
            pending = pending.filter(pk__in=ids)
        for message in pending.order_by("pk")[:limit]:
            try:
                _publish(message, producer)
            except Exception as exc:
                logger.warning("outbox: the broker refused %s (%s); left pending", message, exc)
                OutboxMessage.objects.filter(pk=message.pk).update(
                    attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
                )
                break
            published.append(message.pk)
        if published:
            OutboxMessage.objects.filter(pk__in=published).update(
                status=OutboxMessage.Status.SENT, sent_at=timezone.now()
            )
    return len(published)


def _publish(message: OutboxMessage, producer) -> None:
    task = current_app.tasks[message.task]
    if not current_app.conf.task_always_eager:
        producer.connection.ensure_connection(max_retries=0, timeout=CONNECT_TIMEOUT_S)
    task.apply_async(message.args, message.kwargs, task_id=str(message.task_id), retry=False, producer=producer)


def pending_count() -> int:
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count()


def delete_sent(days: int = KEEP_SENT_DAYS) -> int:
    """Sent messages are kept a week for the admin's list, then removed; once-keys after
    KEEP_DONE_ONCE_DAYS (long past any redelivery)."""
    now = timezone.now()
    deleted, _ = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.SENT, sent_at__lt=now - datetime.timedelta(days=days)
    ).delete()
    DoneOnce.objects.filter(created_at__lt=now - datetime.timedelta(days=KEEP_DONE_ONCE_DAYS)).delete()
    return deleted


def first_time(key: str) -> bool:
    """True the first time `key` is claimed, False ever after: call it inside the transaction
    that does the effect, before doing it. A second delivery of the same task waits on the
    first's uncommitted key and then finds it (or claims it, had the first rolled back)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("first_time() belongs inside the transaction that does the effect")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {DoneOnce._meta.db_table} (key, created_at) VALUES (%s, now()) "
            "ON CONFLICT (key) DO NOTHING RETURNING id",
            [key[:255]],
        )
        return cursor.fetchone() is not None
