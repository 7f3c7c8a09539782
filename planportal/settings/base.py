"""Settings shared by every environment. The environment is read here, once."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# `make run` / `make test` write the connection settings they chose into .env.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Secret key for signing sessions; the development default must be replaced in production.
SECRET_KEY = env("SECRET_KEY", default="dev-insecure-planportalen-change-me")
# Debug pages; never true in production.
DEBUG = env.bool("DEBUG", default=False)
# Host names the portal answers to, comma separated.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# Origins trusted for CSRF (https://portal.example.org), comma separated.
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# PostGIS database; TCP host, e.g. postgis://planportal@127.0.0.1:5432/planportal.
DATABASES = {"default": env.db("DATABASE_URL", default="postgis://planportal@127.0.0.1:5432/planportal")}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)

# Redis URL used as the Celery broker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = "Europe/Stockholm"
# A task is acknowledged after it has run, and put back when its worker process dies under it
# (SIGKILL, OOM), so it runs again; every task is idempotent for that (docs/DEPLOYMENT.md).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers a task that was taken but never acknowledged (its worker machine died) after
# this many seconds; it must exceed the longest task (a large export, the annual report).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # an unreachable broker host fails a publish in seconds (the outbox keeps the task)
    "socket_connect_timeout": env.int("CELERY_BROKER_CONNECT_TIMEOUT", default=5),
}
# Periodic tasks: each app may declare BEAT_SCHEDULE in its `schedule.py`; celery.py merges them.
CELERY_BEAT_SCHEDULE = {}

# Map background tiles; empty for no tiles (tests, closed networks).
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# Attribution shown with the tiles.
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bidragsgivare',
)

# E-mail: console in development; SMTP in production via EMAIL_URL (smtp://user:pass@host:587).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST", "localhost")
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_CONFIG.get("EMAIL_USE_TLS", False)
# Sender address of notifications.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="planportalen@example.org")
# Public base URL used in e-mails and calendar feeds.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Folder of uploaded files.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Largest upload accepted, in megabytes.
MAX_UPLOAD_MB = env.int("MAX_UPLOAD_MB", default=50)
# How much a zipped upload (a Shapefile) may unpack to, in megabytes; 0: four times MAX_UPLOAD_MB.
MAX_UNZIPPED_MB = env.int("MAX_UNZIPPED_MB", default=0)
# Who sends an uploaded file once the portal has decided who may read it (planportal/files.py):
# "django" streams it itself; "x-accel-redirect" (nginx) or "x-sendfile" (Apache, lighttpd)
# hand it to the web server.
PROTECTED_FILES_BACKEND = env("PROTECTED_FILES_BACKEND", default="django")
# For x-accel-redirect: nginx's `internal` location that is an alias of MEDIA_ROOT.
PROTECTED_FILES_INTERNAL_PREFIX = env("PROTECTED_FILES_INTERNAL_PREFIX", default="/protected-media/")

# Exports of lists (exports/): up to this many rows the file is written at once; a larger list is
# built by a Celery job with a progress page. Finished files are kept this many days.
EXPORT_SYNC_MAX_ROWS = env.int("EXPORT_SYNC_MAX_ROWS", default=5000)
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)

# Referral cases. The Region's diary number, from the year and the running number of that year.
REFERRAL_DIARY_FORMAT = env("REFERRAL_DIARY_FORMAT", default="RÖ {year}-{seq:04d}")
# The regional-interest check lists what a plan area touches or lies within this many metres of.
REFERRAL_INTEREST_DISTANCE_M = env.int("REFERRAL_INTEREST_DISTANCE_M", default=1000)
# The officer is reminded this many days before a reply deadline (once per deadline).
REFERRAL_REMINDER_DAYS = env.int("REFERRAL_REMINDER_DAYS", default=5)
# A consulted unit that has not answered is reminded this many days before its answer is due.
REFERRAL_CONSULTATION_REMINDER_DAYS = env.int("REFERRAL_CONSULTATION_REMINDER_DAYS", default=2)
# Largest e-mail message (.eml/.msg) accepted for registration.
REFERRAL_EMAIL_MAX_MB = env.int("REFERRAL_EMAIL_MAX_MB", default=25)
# Sign-in throttling (django-axes, planportal/signin.py): after this many failed sign-ins with one
# user name from one address, that pair is refused for SIGNIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGNIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "planportal.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "planportal.signin.client_ip"
# Reverse proxies in front of the portal that append the client's address to X-Forwarded-For
# (0: none, REMOTE_ADDR is the client). Used for sign-in throttling.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

# Content Security Policy (django-csp): the portal itself and the map tile server, no inline
# script, enforced. Inline style="" attributes and <style> blocks remain on a few pages, so the
# enforced policy still allows inline styles, and the strict policy (styles from files only) is
# sent beside it as Content-Security-Policy-Report-Only until CSP_STRICT_STYLES is true; what
# stands in its way is listed by tests/planportal/test_hardening.py and test_csp_browser.py.
CSP_STRICT_STYLES = env.bool("CSP_STRICT_STYLES", default=False)


def _origin(url):
    """scheme://host[:port] of a tile URL template; Leaflet's {s} subdomains become a wildcard."""
    parts = urlsplit(url.replace("{s}.", "*."))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def content_security_policy(tile_url, *, inline_styles=False):
    tiles = [origin] if (origin := _origin(tile_url)) else []
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            # The nonce only for django-leaflet's admin map widgets (LeafletGeoAdmin passes it on).
            "script-src": ["'self'", NONCE],
            "style-src": ["'self'", "'unsafe-inline'"] if inline_styles else ["'self'"],
            "img-src": ["'self'", "data:", *tiles],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
    }


CONTENT_SECURITY_POLICY = content_security_policy(MAP_TILE_URL, inline_styles=not CSP_STRICT_STYLES)
CONTENT_SECURITY_POLICY_REPORT_ONLY = None if CSP_STRICT_STYLES else content_security_policy(MAP_TILE_URL)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    # rest_framework_gis is installed for bench/bench_referrals.py's comparison only: no app here
    # serves with it (large layers are built in PostGIS), so it is not an installed app.
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "planportal",
    "notifications",
    "exports",
    "networks",
    "rus",
    "knowledge",
    "referrals",
    "search",
    "ogc",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "planportal.middleware.RequestSizeLimitMiddleware",
    "planportal.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "planportal.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it answers a locked-out sign-in (planportal/signin.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "planportal.urls"
WSGI_APPLICATION = "planportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "planportal.context_processors.portal",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Swedish first; the source strings are Swedish and English comes from locale/en.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Browser libraries come from npm (package.json + lock) into node_modules; only their dist folders are served.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/leaflet-geoman", BASE_DIR / "node_modules" / "@geoman-io" / "leaflet-geoman-free" / "dist"),
    ("vendor/leaflet.markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
    ("vendor/leaflet-vector-tile-layer", BASE_DIR / "node_modules" / "leaflet-vector-tile-layer" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files: on this machine's disk (MEDIA_ROOT, shared storage mounted there when several
# machines serve the portal), or UPLOADS_STORAGE=s3 in an S3-compatible bucket (django-storages),
# private (no public ACL; files are served only through the permission-checking views, so use
# PROTECTED_FILES_BACKEND=django with it). docs/DEPLOYMENT.md.
UPLOADS_STORAGE = env("UPLOADS_STORAGE", default="local")
if UPLOADS_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION", default=None),
            "access_key": env("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# GDAL 3.6 on Debian 12 cannot block file/network access by itself; planportal/geodata.py does
# it for every upload (one driver per suffix, no /vsi… or remote paths, network options off,
# every HTTP fetch refused), tested in tests/planportal/test_upload_limits.py.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON to every client, a browser too: people read the API at /api/docs/ (the accessible,
    # axe-checked page); DRF's browsable rendering has no language, an unlabelled menu button and
    # too little contrast, and would be a public page outside the portal's accessibility.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "planportal.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "EXCEPTION_HANDLER": "planportal.api_errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Planportalen API",
    "DESCRIPTION": "Region Örebro läns portal för strategisk rumslig planering.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links: Swagger UI puts each operation's link inside the button that opens it (a link
    # in a button: axe's nested-interactive, WCAG 4.1.2). The page's look: static/css/api-docs.css.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets shared by several fields get one schema name each (no W001 collisions).
    # Several models have a `kind` or `status`; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "PublicationStatusEnum": "rus.models.PublicationStatus",
        "OrganisationKindEnum": "networks.models.Organisation.Kind",
        "NetworkKindEnum": "networks.models.Network.Kind",
        "NetworkStatusEnum": "networks.models.Network.Status",
        "NetworkLineKindEnum": "networks.models.NetworkLine.Kind",
        "MeetingStatusEnum": "networks.models.Meeting.Status",
        "AgendaItemKindEnum": "networks.models.AgendaItem.Kind",
        "AgendaItemStatusEnum": "networks.models.AgendaItem.Status",
        "DocumentKindEnum": "knowledge.models.Document.Kind",
        "DocumentStatusEnum": "knowledge.models.Document.Status",
        "DocumentRequestStatusEnum": "knowledge.models.DocumentRequest.Status",
        "ReferralStatusEnum": "referrals.models.Referral.Status",
        "ReferralTriageEnum": "referrals.models.Referral.Triage",
        "InterestDecisionEnum": "referrals.models.InterestMatch.Decision",
    },
}

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (59.35, 15.0),
    "DEFAULT_ZOOM": 8,
    "TILES": [("OpenStreetMap", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})] if MAP_TILE_URL else [],
    "SRID": 3857,
    "RESET_VIEW": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
