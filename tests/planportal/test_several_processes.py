"""Beyond one machine (issue 13, item 9; docs/DEPLOYMENT.md): two web processes (two gunicorn
servers) and two Celery workers on this machine against one database, one broker
and one upload directory, as two machines behind a proxy would be. A case officer signs in
on one web process and the other knows the session; a file uploaded through one is served by
the other; tasks are shared between the workers and none runs twice."""

import datetime
import time
import uuid

import pytest
import requests
from django.contrib.auth.models import Group
from django.utils import timezone

from planportal import roles
from planportal.celery import app
from planportal.tasks import ping_worker
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.processes import process_env, signed_in_session, start_web, start_worker
from tests.referrals.factories import MunicipalityFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + uuid.uuid4().hex.encode()


@pytest.fixture
def shared_media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def two_web_processes(shared_media, settings):
    env = process_env(TEST_MEDIA_ROOT=shared_media, CELERY_BROKER_URL=settings.CELERY_BROKER_URL)
    started = []
    try:
        for _ in range(2):
            started.append(start_web(env, workers=1))  # two processes, as on two machines
        yield [base for _web, base in started]
    finally:
        for web, _base in started:
            web.stop()


@pytest.fixture
def two_workers(settings):
    queue = f"test-shared-{uuid.uuid4().hex[:8]}"
    env = process_env(CELERY_BROKER_URL=settings.CELERY_BROKER_URL)
    workers = []
    old = (app.conf.task_always_eager, app.conf.task_default_queue)
    try:
        for name in ("machine-a", "machine-b"):
            workers.append(start_worker(env, queue=queue, name=name))
        app.conf.task_always_eager, app.conf.task_default_queue = False, queue
        yield workers
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = old
        for worker in workers:
            worker.stop()


def test_a_session_and_an_upload_from_one_web_process_are_known_to_the_other(two_web_processes):
    first, second = two_web_processes
    kumla = MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881")
    officer = UserFactory(username="officer-two-machines", roles=[roles.CASE_OFFICER])
    PersonFactory(user=officer, organisation=OrganisationFactory(region=True), name="Handläggare")

    session = signed_in_session(first, officer.username)
    today = timezone.localdate()
    response = session.post(
        f"{first}/api/v1/referrals/",
        data={
            "sender": kumla.code,
            "sender_reference": "KS 2026/77",
            "plan_name": "Detaljplan för två maskiner",
            "plan_type": "dp",
            "phase": "samrad",
            "received": today.isoformat(),
            "deadline": (today + datetime.timedelta(days=30)).isoformat(),
            "contact_email": "plan@kumla.se",
            "confidential": "true",  # officers only: the other process must apply that too
        },
        files={"files": ("Planbeskrivning.pdf", PDF, "application/pdf")},
        headers={"X-CSRFToken": session.cookies["csrftoken"], "Referer": f"{first}/"},
        timeout=60,
    )
    assert response.status_code == 201, response.text[:1000]
    download = next(d for d in response.json()["documents"] if d["kind"] == "file")["download"]
    path = download.split("://", 1)[-1].split("/", 1)[-1] if "://" in download else download.lstrip("/")

    # The same session cookie on the other process: sessions live in the shared database.
    served = session.get(f"{second}/{path}", timeout=20)
    assert served.status_code == 200, served.text[:500]
    assert served.content == PDF
    assert "attachment" in served.headers["Content-Disposition"] or "inline" in served.headers["Content-Disposition"]
    # … and only to those who may see it: the public is refused by the other process too.
    assert requests.get(f"{second}/{path}", timeout=20).status_code in (302, 403, 404)


def test_two_workers_share_the_work_and_do_nothing_twice(two_workers):
    markers = [f"m{i:02d}-{uuid.uuid4().hex[:6]}" for i in range(16)]
    for marker in markers:
        ping_worker.delay(marker)
    ran = Group.objects.filter(name__startswith="worker-ran-")
    deadline = time.monotonic() + 60
    while ran.count() < len(markers) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)  # a second run, were there one, would land now

    names = list(ran.values_list("name", flat=True))
    runs = {marker: sum(name.startswith(f"worker-ran-{marker}-") for name in names) for marker in markers}
    output = "".join(worker.output() for worker in two_workers)
    assert runs == dict.fromkeys(markers, 1), f"a task ran more than once or not at all: {runs}\n{output}"
    machines = {name.split("@")[1] for name in names}  # worker-ran-<marker>-<run>@<node>@<host>
    assert machines == {"machine-a", "machine-b"}, names
