"""Faults (issue 13, item 6) of the broker and the workers, with the real services: a private
Redis (its own redis-server on a free port, so stopping it touches no other test), real Celery
workers and a real gunicorn (tests/processes.py), the test database and e-mail written to files.

- A worker killed (SIGKILL, main process and pool) while a real task is in the middle of its
  work, then a new worker: the task runs again (acks late; Redis gives back what was taken and
  never acknowledged after CELERY_VISIBILITY_TIMEOUT) and its e-mail goes out exactly once; the
  same message delivered again does nothing twice.
- The pool process killed under a task while the worker lives: the task is rejected back to
  the queue (CELERY_TASK_REJECT_ON_WORKER_LOST) and runs once.
- Redis stopped: a page and a save through the portal still answer; the save's task waits in
  the outbox (planportal/outbox.py); `manage.py relay_outbox` cannot send it yet; Redis back, a
  worker starting sends it and runs it once, and the web process publishes the next save at once."""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection

from planportal import roles
from planportal.celery import app
from planportal.models import OutboxMessage
from referrals.models import ReferralEvent
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.processes import Process, process_env, signed_in_session, start_web, start_worker
from tests.referrals.factories import PhraseFactory, ReferralFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DECLINE_TASK = "referrals.tasks.send_decline_notice"
VISIBILITY_TIMEOUT_S = 3  # the test's own; production waits an hour (settings/base.py)


@pytest.fixture
def outbox_dir(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


def worker_env(redis_server, outbox_dir, **extra):
    return process_env(
        CELERY_BROKER_URL=redis_server.url,
        CELERY_VISIBILITY_TIMEOUT=VISIBILITY_TIMEOUT_S,
        TEST_FAST_REDELIVERY="true",
        TEST_EMAIL_FILE_PATH=outbox_dir,
        TEST_CELERY_EAGER="false",
        **extra,
    )


def mails(outbox_dir: Path) -> list[str]:
    """The messages the file e-mail backend wrote (one file per connection, messages within)."""
    found = []
    for path in sorted(outbox_dir.glob("*.log")):
        found += [part for part in re.split(r"\n-{79}\n", path.read_text()) if "Message-ID:" in part]
    return found


def wait_until(predicate, *, timeout: float, what: str, processes=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen in {timeout} s\n" + "".join(p.output() for p in processes))


def kill_worker(worker: Process):
    """SIGKILL to the worker's main process and its pool, as a machine dying would."""
    pid = worker.proc.pid
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(c) for c in (task / "children").read_text().split()]
    os.kill(pid, signal.SIGKILL)
    for child in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
    worker.proc.wait(10)
    return children


def pool_children(worker: Process) -> list[int]:
    pid = worker.proc.pid
    return [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]


def other_connection():
    return psycopg.connect(**connection.get_connection_params(), autocommit=False)


def waiting_on_a_lock(table: str) -> bool:
    """Is a session of this database blocked on a row lock in `table`? (Asked from a connection
    of its own: within a transaction PostgreSQL keeps showing the activity it first saw.)"""
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query ILIKE %s",
            [f"%{table}%"],
        ).fetchone()
    return row[0] > 0


def send(redis_server, name, args, *, queue, task_id=None):
    """Publishes a task by name to the private broker, as the portal's outbox would."""
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        with app.connection_for_write(redis_server.url) as conn:
            return app.send_task(name, args, queue=queue, task_id=task_id, connection=conn).id
    finally:
        app.conf.task_always_eager = eager


def declined_case():
    PhraseFactory(decline=True)
    return ReferralFactory(declined=True, contact_email="karin@kumla.se", sender_reference="KS 2026/66")


def told_events(referral):
    return ReferralEvent.objects.filter(referral=referral, kind=ReferralEvent.Kind.DECLINED, data__emailed=True)


def test_a_worker_killed_in_the_middle_of_a_task_is_replaced_and_the_task_completes_once(redis_server, outbox_dir):
    referral = declined_case()
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    env = worker_env(redis_server, outbox_dir)
    first = start_worker(env, queue=queue, name="doomed")
    workers = [first]
    lock = other_connection()
    try:
        # The task takes the case's row lock first thing; the test holds that lock, so the task
        # is received, started and in the middle of its transaction when its worker is killed.
        lock.execute("SELECT id FROM referrals_referral WHERE id = %s FOR UPDATE", [referral.pk])
        task_id = send(redis_server, DECLINE_TASK, [referral.pk], queue=queue)
        wait_until(lambda: waiting_on_a_lock("referrals_referral"), timeout=20, what="task start", processes=workers)
        assert f"{DECLINE_TASK}[{task_id}] received" in "".join(first.log)

        killed = kill_worker(first)
        assert killed, "the worker had no pool process"
        lock.rollback()  # the killed task's session gets the lock, finds its client gone, rolls back
        assert mails(outbox_dir) == [] and not told_events(referral).exists()

        started = time.monotonic()
        second = start_worker(env, queue=queue, name="replacement")
        workers.append(second)
        wait_until(lambda: len(mails(outbox_dir)) >= 1, timeout=30, what="the redelivered task", processes=workers)
        redelivered_after = time.monotonic() - started
        time.sleep(1.5)  # a second run, were there one, would land now
        assert len(mails(outbox_dir)) == 1, mails(outbox_dir)
        assert told_events(referral).count() == 1
        assert "karin@kumla.se" in mails(outbox_dir)[0]

        # The same message delivered once more (as after a worker dies between commit and
        # acknowledgement): the task finds its record and sends nothing.
        send(redis_server, DECLINE_TASK, [referral.pk], queue=queue, task_id=task_id)
        wait_until(
            lambda: "".join(second.log).count(f"{DECLINE_TASK}[{task_id}] succeeded") >= 2,
            timeout=20,
            what="the second delivery",
            processes=workers,
        )
        assert f"{DECLINE_TASK}[{task_id}] succeeded" in "".join(second.log)
        assert len(mails(outbox_dir)) == 1 and told_events(referral).count() == 1
        print(f"redelivered and done {redelivered_after:.1f} s after the replacement worker started")
    finally:
        lock.close()
        for worker in workers:
            worker.stop()


def test_a_pool_process_killed_under_its_task_gives_the_task_back_and_it_runs_once(redis_server, outbox_dir):
    referral = declined_case()
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    worker = start_worker(worker_env(redis_server, outbox_dir), queue=queue, name="survivor")
    lock = other_connection()
    try:
        lock.execute("SELECT id FROM referrals_referral WHERE id = %s FOR UPDATE", [referral.pk])
        task_id = send(redis_server, DECLINE_TASK, [referral.pk], queue=queue)
        wait_until(lambda: waiting_on_a_lock("referrals_referral"), timeout=20, what="task start", processes=[worker])
        (child,) = pool_children(worker)
        os.kill(child, signal.SIGKILL)  # the out-of-memory killer's way
        wait_until(lambda: "WorkerLostError" in "".join(worker.log), timeout=20, what="the loss", processes=[worker])
        lock.rollback()
        wait_until(lambda: len(mails(outbox_dir)) >= 1, timeout=30, what="the requeued task", processes=[worker])
        time.sleep(1.5)
        assert len(mails(outbox_dir)) == 1 and told_events(referral).count() == 1
        assert "".join(worker.log).count(f"{DECLINE_TASK}[{task_id}] succeeded") == 1
    finally:
        lock.close()
        worker.stop()


def relay_command(env) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", "relay_outbox"],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def test_with_redis_stopped_pages_and_saves_work_and_their_tasks_run_once_when_it_returns(redis_server, outbox_dir):
    officer = UserFactory(username="officer-faults", roles=[roles.CASE_OFFICER])
    PersonFactory(user=officer, organisation=OrganisationFactory(region=True), name="Handläggare")
    PhraseFactory(decline=True)
    cases = [ReferralFactory(contact_email=f"plan{i}@kumla.se") for i in range(2)]
    env = worker_env(redis_server, outbox_dir)
    web, base = start_web(env, workers=1)
    processes = [web]
    try:
        session = signed_in_session(base, officer.username)
        headers = {"X-CSRFToken": session.cookies["csrftoken"], "Referer": f"{base}/"}

        def decline(case):
            started = time.monotonic()
            response = session.post(
                f"{base}/api/v1/referrals/{case.pk}/triage/",
                json={"decision": "decline", "version": case.version},
                headers=headers,
                timeout=30,
            )
            assert response.status_code == 200, response.text[:1000]
            return time.monotonic() - started

        redis_server.stop()
        assert session.get(f"{base}/remisser/", timeout=20).status_code == 200  # a page
        seconds = decline(cases[0])  # a save whose task cannot be published
        assert seconds < 3, f"the save waited {seconds:.1f} s for the broker"
        print(f"the save answered in {seconds:.2f} s with Redis stopped")
        message = OutboxMessage.objects.get(task=DECLINE_TASK, args=[cases[0].pk])
        assert message.status == OutboxMessage.Status.PENDING and message.attempts == 1, message.last_error
        assert "Connection refused" in message.last_error or "connecting" in message.last_error
        assert relay_command(env) == "0 published, 1 pending."  # still away

        redis_server.start()  # the broker returns, empty: the task lives only in the outbox
        worker = start_worker(env, queue="celery", name="after-outage")
        processes.append(worker)
        wait_until(lambda: len(mails(outbox_dir)) == 1, timeout=30, what="the outbox's task", processes=processes)
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.SENT

        decline(cases[1])  # the web process reaches the broker again by itself
        assert OutboxMessage.objects.get(task=DECLINE_TASK, args=[cases[1].pk]).status == OutboxMessage.Status.SENT
        wait_until(lambda: len(mails(outbox_dir)) == 2, timeout=30, what="the second task", processes=processes)
        time.sleep(1.5)
        assert relay_command(env) == "0 published, 0 pending."
        sent = mails(outbox_dir)
        assert len(sent) == 2 and [told_events(case).count() for case in cases] == [1, 1]
        assert sum("plan0@kumla.se" in m for m in sent) == 1 and sum("plan1@kumla.se" in m for m in sent) == 1
    finally:
        for process in processes:
            process.stop()
