from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MAP_TILE_URL = ""
LEAFLET_CONFIG["TILES"] = []  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# TEST_MEDIA_ROOT: the shared upload directory of the processes a multi-process test starts.
MEDIA_ROOT = Path(env("TEST_MEDIA_ROOT", default=str(BASE_DIR / ".test-media")))  # noqa: F405
# Tasks scheduled with on_commit run inline when a test executes the callbacks;
# tests/planportal/test_celery_worker.py turns this off to prove the real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Parallel test runs on one machine (several developers/agents) each set their own name.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_planportal")}  # noqa: F405
