import os
import shutil

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from planportal import roles

from .factories import OrganisationFactory, PersonFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's async guard would
# otherwise refuse ORM calls made by the live server fixtures.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _swedish_after_each_test():
    """A request's locale middleware leaves its language active in the thread (as Django's
    does); put Swedish back so a test that asked for English cannot change the next one."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- users, one per role -------------------------------------------------------------------


def _user_with_role(role, organisation=None, username=None):
    user = UserFactory(username=username or f"{role}-user", roles=[role] if role else [])
    if organisation is not None:
        PersonFactory(user=user, organisation=organisation, name=f"{role} person")
    return user


@pytest.fixture
def municipality(db):
    return OrganisationFactory(municipality=True, name="Exempelkommun", slug="exempelkommun", code="1999")


@pytest.fixture
def region(db):
    return OrganisationFactory(region=True)


@pytest.fixture
def planner(db, municipality):
    return _user_with_role(roles.PLANNER, municipality)


@pytest.fixture
def case_officer(db, region):
    return _user_with_role(roles.CASE_OFFICER, region)


@pytest.fixture
def coordinator(db, region):
    return _user_with_role(roles.COORDINATOR, region)


@pytest.fixture
def editor(db, region):
    return _user_with_role(roles.EDITOR, region)


@pytest.fixture
def administrator(db, region):
    user = _user_with_role(roles.ADMINISTRATOR, region)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def signed_in_user(db):
    """Signed in, but with no role and no organisation."""
    return _user_with_role(None, username="plain-user")


# --- query counting ------------------------------------------------------------------------


@pytest.fixture
def count_queries():
    """count_queries(callable) -> (number of queries, result)."""

    def run(func):
        with CaptureQueriesContext(connection) as ctx:
            result = func()
        return len(ctx.captured_queries), result

    return run


# --- browser (Playwright driving Debian's Chromium) ----------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = shutil.which("chromium")
    if not executable:
        pytest.fail("Debian's chromium is not installed; run `make test`, which installs it.")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def axe_check():
    """axe_check(page) fails the test with the list of axe-core violations (WCAG 2.1 A/AA)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page):
        # Colours are measured as drawn: wait for running transitions (a popup fading in is
        # half-transparent and would read as low contrast).
        page.wait_for_function(
            "() => document.getAnimations().every((a) => a.playState !== 'running'"
            " || (a.effect && a.effect.getTiming().iterations === Infinity))",
            timeout=5000,
        )
        results = axe.run(
            page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
        )
        violations = results.response["violations"]
        assert not violations, results.generate_report()

    return run


# --- a real Celery worker --------------------------------------------------------------------


@pytest.fixture
def celery_worker_process(transactional_db, settings):
    """Starts a real Celery worker (solo pool) on the local Redis, on a queue of its own, against
    the test database; tasks sent by the test go to it (eager mode is turned off meanwhile)."""
    import sys
    import time
    import uuid

    from planportal.celery import app

    from .processes import Process, process_env

    queue = f"test-{uuid.uuid4().hex[:10]}"
    args = [sys.executable, "-m", "celery", "-A", "planportal", "worker", "--pool=solo", "-Q", queue]
    args += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]
    worker = Process("celery worker", args, process_env(CELERY_BROKER_URL=settings.CELERY_BROKER_URL))
    try:
        worker.wait_for_line(" ready.", timeout=30)
    except AssertionError as exc:
        worker.stop()
        pytest.fail(str(exc))
    old = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue

    def wait_for(predicate, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.1)
        raise AssertionError("worker did not do it in time; log:\n" + worker.output())

    try:
        yield wait_for
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = old
        worker.stop()
