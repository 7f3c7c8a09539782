"""Settings of the web processes the load benchmark starts (bench/bench_load.py): the test
settings, plus a URL configuration with a minimal JSON view to measure against."""

from planportal.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
# As in production (planportal/settings/production.py): connections kept between requests, so a
# search does not pay the Swedish dictionary's loading on every request.
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
