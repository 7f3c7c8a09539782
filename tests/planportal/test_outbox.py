"""The outbox (planportal/outbox.py) in the test process, against a broker that is away (a port
nobody listens on) and a private redis-server: a save goes on and its task waits; the relay
publishes each pending row once, skipping rows another relay holds; the once-keys; and the
portal's tasks do nothing twice when delivered again (the e-mail about an answer, the jobs).
The same with real workers and gunicorn: tests/planportal/test_faults_celery.py."""

import io
import json
import os
import time
import uuid

import psycopg
import pytest
import redis
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from exports.models import ExportJob
from planportal import outbox
from planportal.celery import app
from planportal.models import OutboxMessage
from planportal.tasks import ping_database
from referrals.services import consultation as consultation_services
from tests.processes import free_port
from tests.referrals.factories import ReferralFactory
from tests.referrals.factories_workflow import ConsultationFactory, unit_with_member


@pytest.fixture
def broker():
    """The test process publishing for real (eager off) to the broker at `url`, on a queue of
    its own; the app's connection pools are rebuilt for it and restored afterwards."""
    saved = (app.conf.broker_write_url, app.conf.task_always_eager, app.conf.task_default_queue)
    pools = (app._pool, app.amqp._producer_pool)
    queue = f"outbox-{uuid.uuid4().hex[:8]}"

    def use(url):
        # the write URL: CELERY_BROKER_URL in the environment outranks app.conf.broker_url
        app.conf.broker_write_url, app.conf.task_always_eager, app.conf.task_default_queue = url, False, queue
        app._pool = app.amqp._producer_pool = None
        return queue

    yield use
    app.conf.broker_write_url, app.conf.task_always_eager, app.conf.task_default_queue = saved
    app._pool, app.amqp._producer_pool = pools


@pytest.mark.django_db
def test_in_eager_mode_the_task_runs_on_commit_and_no_row_is_written(django_capture_on_commit_callbacks):
    marker = uuid.uuid4().hex[:8]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert outbox.enqueue(ping_database, marker) is None
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name=f"worker-check-{marker}").exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_with_the_broker_away_a_save_goes_on_at_once_and_its_task_waits(broker, django_capture_on_commit_callbacks):
    broker(f"redis://127.0.0.1:{free_port()}/0")  # nobody listens there
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = outbox.enqueue(ping_database, "away")
    seconds = time.monotonic() - started
    assert seconds < 1, f"the save waited {seconds:.2f} s for the broker"
    message.refresh_from_db()
    assert (message.status, message.attempts, message.args) == ("pending", 1, ["away"])
    assert "refused" in message.last_error.lower()

    assert outbox.relay() == 0
    out = io.StringIO()
    call_command("relay_outbox", stdout=out)
    assert out.getvalue().strip() == "0 published, 1 pending."
    message.refresh_from_db()
    assert message.attempts == 3 and message.status == "pending"


@pytest.mark.django_db(transaction=True)
def test_the_relay_publishes_each_pending_row_once_and_skips_rows_another_relay_holds(broker, redis_server):
    queue = broker(redis_server.url)
    first, second = (OutboxMessage.objects.create(task=ping_database.name, args=[name]) for name in ("a", "b"))
    held = psycopg.connect(**connection.get_connection_params(), autocommit=False)
    try:
        held.execute("SELECT id FROM planportal_outboxmessage WHERE id = %s FOR UPDATE", [first.pk])
        assert outbox.relay() == 1  # the other relay's row is skipped, not waited for
        held.rollback()
    finally:
        held.close()
    assert outbox.relay() == 1
    assert outbox.relay() == 0
    for message in (first, second):
        message.refresh_from_db()
        assert message.status == "sent" and message.sent_at is not None
    published = redis.Redis.from_url(redis_server.url).lrange(queue, 0, -1)
    assert len(published) == 2
    assert sorted(str(m.task_id) for m in (first, second)) == sorted(
        json.loads(body)["headers"]["id"] for body in published
    )


@pytest.mark.django_db
def test_a_once_key_is_claimed_once():
    with transaction.atomic():
        assert outbox.first_time("test:key") is True
        assert outbox.first_time("test:key") is False
    with transaction.atomic():
        assert outbox.first_time("test:key") is False
        assert outbox.first_time("test:other") is True


@pytest.mark.django_db
def test_the_mail_about_an_answer_goes_once_when_its_task_is_delivered_twice(case_officer):
    case_officer.email = "handlaggare@example.org"
    case_officer.save()
    unit, member = unit_with_member()
    consultation = ConsultationFactory(referral=ReferralFactory(in_progress=True, assignee=case_officer), unit=unit)
    consultation_services.consultation_answer(consultation=consultation, answer="Busslinje 12 passerar.", actor=member)
    mail.outbox.clear()
    assert consultation_services.consultation_notify_answered(consultation.pk) is True
    assert consultation_services.consultation_notify_answered(consultation.pk) is False  # delivered again
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["handlaggare@example.org"]
    # A revised answer is news again, once.
    consultation_services.consultation_answer(consultation=consultation, answer="Busslinje 12 och 14.", actor=member)
    assert consultation_services.consultation_notify_answered(consultation.pk) is True
    assert consultation_services.consultation_notify_answered(consultation.pk) is False
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_an_export_left_running_by_a_dead_worker_is_built_when_delivered_again(planner, settings, tmp_path):
    from exports.services import export_job_run

    settings.MEDIA_ROOT = tmp_path
    ReferralFactory()
    job = ExportJob.objects.create(
        user=planner, list_name="referrals.register", format="csv", filename="diarium.csv", status="running"
    )
    export_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.file and job.finished_at is not None
    finished = job.finished_at
    export_job_run(job.pk)  # and once more: done is done
    job.refresh_from_db()
    assert job.finished_at == finished
    assert timezone.now() >= finished


def test_the_settings_redeliver_what_a_dead_worker_held_and_the_relay_runs_by_beat():
    from planportal.settings import base

    assert base.CELERY_TASK_ACKS_LATE and base.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert base.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    if "CELERY_VISIBILITY_TIMEOUT" not in os.environ:  # the production default: an hour
        assert base.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == 3600
    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["planportal.relay-outbox"]
    assert entry["task"] == "planportal.tasks.relay_outbox" and entry["schedule"] <= 60
