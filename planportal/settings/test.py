import os
import re
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# TEST_EMAIL_FILE_PATH: a process started by a test writes its e-mail there, for the test to count.
if EMAIL_FILE_PATH := env("TEST_EMAIL_FILE_PATH", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
MAP_TILE_URL = ""
LEAFLET_CONFIG["TILES"] = []  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# pytest-xdist (make test runs the suite in two processes): each test process has its own
# upload directory and broker database, so a Celery worker one test starts never takes another
# process's tasks (the test databases are apart already: pytest-django adds _gw0, _gw1).
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
# TEST_MEDIA_ROOT: the shared upload directory of the processes a multi-process test starts.
MEDIA_ROOT = Path(env("TEST_MEDIA_ROOT", default=str(BASE_DIR / ".test-media" / XDIST_WORKER)))  # noqa: F405
if XDIST_WORKER and CELERY_BROKER_URL.startswith("redis://127.0.0.1:6379"):  # noqa: F405 (not a test's own Redis)
    CELERY_BROKER_URL = re.sub(r"(/\d+)?$", f"/{1 + int(XDIST_WORKER[2:] or 0)}", CELERY_BROKER_URL, count=1)  # noqa: F405
    # Celery reads the environment's CELERY_BROKER_URL before the settings (and .env sets it);
    # the processes a test starts inherit it.
    os.environ["CELERY_BROKER_URL"] = CELERY_BROKER_URL
# Tasks scheduled with on_commit run inline when a test executes the callbacks;
# tests/planportal/test_celery_worker.py turns this off to prove the real worker.
# TEST_CELERY_EAGER=false: a portal process started by a fault test queues through the broker.
CELERY_TASK_ALWAYS_EAGER = env.bool("TEST_CELERY_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# TEST_FAST_REDELIVERY: a fault test's workers look for tasks a dead worker took every second
# (kombu's default sweep is about 100 s; the visibility timeout comes from the environment).
if env.bool("TEST_FAST_REDELIVERY", default=False):
    CELERY_BROKER_TRANSPORT_OPTIONS = {  # noqa: F405
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
# Parallel test runs on one machine (several developers/agents) each set their own name.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_planportal")}  # noqa: F405
