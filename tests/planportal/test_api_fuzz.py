"""API fuzzing (issue 13, item 5): schemathesis generates requests for every operation of the
committed schema (docs/openapi.yaml) — valid and invalid bodies, query strings and path
parameters — and sends them to the portal's WSGI application on the demo data, signed out and
signed in as an administrator (session cookie + CSRF token, as the browser sends them). Every
answer must not be a server error and must match its declared status code, content type and body.

Path parameters are drawn mostly from the demo's real rows (so detail endpoints and their actions
meet real objects) and sometimes left as generated (so unknown ids are tried too). Bounded by
MAX_EXAMPLES per operation (environment API_FUZZ_EXAMPLES to go deeper by hand), so the whole module
runs in a couple of minutes; writes are rolled back after each operation."""

import io
import os
import random
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from planportal import roles
from tests.factories import PersonFactory, UserFactory

MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "4"))
REAL_ROW_SHARE = 0.8  # how often a path parameter is a real row's rather than a generated value
ROWS_PER_LIST = 8
# The schema documents each operation's successful answers (and 400/403 where it says so); the
# errors every operation may give — 400 bad input, 401/403 not allowed, 404 no such row (or not
# visible), 405 method, 406/415 content negotiation, 409 a stale version, 413 too large, 429 throttled — are not
# repeated on every operation; they are checked here instead: the project's error body, in JSON
# (planportal/api_errors.py: {"detail": message} or messages keyed by field).
GENERIC_ERRORS = {400, 401, 403, 404, 405, 406, 409, 413, 415, 429}


def _is_messages(value):
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(_is_messages(v) for v in value)
    if isinstance(value, dict):
        return bool(value) and all(isinstance(k, str) and _is_messages(v) for k, v in value.items())
    return False


@schemathesis.check
def documented_or_project_error(ctx, response, case):
    """A documented status, or one of the generic errors with the project's error body."""
    documented = case.operation.responses.status_codes
    if "default" in documented or str(response.status_code) in documented:
        return None
    if response.status_code in GENERIC_ERRORS:
        content_type = response.headers.get("content-type", [""])
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        if case.method.upper() != "HEAD":
            assert content_type.startswith("application/json") or "+json" in content_type.split(";")[0], (
                f"{response.status_code} answered as {content_type!r}, not the project's JSON error body"
            )
            body = response.json()
            assert isinstance(body, dict) and _is_messages(body), (
                f"{response.status_code} body is not the project's error body: {response.text[:300]}"
            )
        return None
    return status_code_conformance(ctx, response, case)


CHECKS = [not_a_server_error, documented_or_project_error, content_type_conformance, response_schema_conformance]


class PortalApp:
    """The portal's WSGI application as gunicorn serves it, made on first use. The connection is not
    closed after each request (the test's transaction lives on it), as with Django's test client."""

    application = None

    def __call__(self, environ, start_response):
        if self.application is None:
            self.application = get_wsgi_application()
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.application(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()  # request_finished, as a WSGI server calls it
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_path(Path(settings.BASE_DIR) / "docs" / "openapi.yaml")
schema.app = PortalApp()


@pytest.fixture(scope="module")
def demo_rows(django_db_setup, django_db_blocker):
    """The demo data for the whole module, inside a transaction rolled back at the end (each test's
    own `db` transaction is a savepoint in it, so one operation's writes never reach the next)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        admin = UserFactory(username="fuzz-admin", roles=[roles.ADMINISTRATOR])
        admin.is_staff = admin.is_superuser = True
        admin.save()
        PersonFactory(user=admin, name="Fuzz Administratör")
        client = Client()
        client.force_login(admin)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        values = _real_path_values(client)
        yield {"session": session, "values": values}
        transaction.set_rollback(True)


def _items(data):
    if isinstance(data, dict):
        for key in ("results", "features"):
            if isinstance(data.get(key), list):
                return data[key]
        return []
    return data if isinstance(data, list) else []


def _value(item, name):
    if not isinstance(item, dict):
        return None
    for source in (item, item.get("properties") or {}):
        if name in source and isinstance(source[name], (int, str)):
            return source[name]
    if name == "id":
        return item.get("pk") if "pk" in item else item.get("id")
    return None


def _real_path_values(client) -> dict[str, dict[str, list]]:
    """For each templated path: its parameters' values taken from the list it hangs under
    (`/api/v1/referrals/{id}/interests/{interest_id}/` from the referrals' and then one referral's
    interests), read by the administrator so that non-public rows are among them."""
    cache = {}

    def listing(url):
        if url not in cache:
            response = client.get(url)
            cache[url] = _items(response.json()) if response.status_code == 200 else []
        return cache[url]

    def expand(prefix, rest, values):
        head, after = rest.split("{", 1)
        name, tail = after.split("}", 1)
        if name == "year" and tail.startswith("-{seq}"):  # /referrals/{year}-{seq}/: the case number
            numbers = [i.get("number") for i in listing(prefix + head) if isinstance(i, dict)]
            pairs = [n.split("-", 1) for n in numbers if isinstance(n, str) and "-" in n][:ROWS_PER_LIST]
            values["year"], values["seq"] = [p[0] for p in pairs], [p[1] for p in pairs]
            return
        for item in listing(prefix + head)[:ROWS_PER_LIST]:
            value = _value(item, name)
            if value is None and name.endswith("_id"):  # {document_id} in a list of documents
                value = _value(item, "id")
            if value is None:
                continue
            pool = values.setdefault(name, [])
            if value not in pool:
                pool.append(value)
            if "{" in tail and len(pool) <= 2:  # the nested rows of a couple of parents
                expand(f"{prefix}{head}{value}", tail, values)

    found = {}
    for template in schema.raw_schema["paths"]:
        if "{" in template:
            found[template] = {}
            expand("", template, found[template])
    return found


def _use_real_rows(case, values):
    for name in list(case.path_parameters or {}):
        if name in ("year", "seq"):
            continue
        pool = values.get(case.operation.path, {}).get(name)
        if pool and random.random() < REAL_ROW_SHARE:
            case.path_parameters[name] = random.choice(pool)
    # /referrals/{year}-{seq}/: a real case's year goes with its own sequence number
    if case.path_parameters and "year" in case.path_parameters and "seq" in case.path_parameters:
        pool = values.get(case.operation.path, {})
        if pool.get("year") and random.random() < REAL_ROW_SHARE:
            i = random.randrange(len(pool["year"]))
            case.path_parameters["year"], case.path_parameters["seq"] = pool["year"][i], pool["seq"][i]


def _send(case, headers):
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS)


def _fuzz_settings(max_examples, phases=(Phase.explicit, Phase.generate)):
    return hypothesis_settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,  # the same cases every run: a failure in CI is the one you get by hand
        database=None,
        phases=list(phases),
        suppress_health_check=list(HealthCheck),
    )


def _signed_in_headers(session):
    csrf = _get_new_csrf_string()
    cookie = SimpleCookie()
    cookie[settings.SESSION_COOKIE_NAME] = session
    cookie[settings.CSRF_COOKIE_NAME] = csrf
    return {"Cookie": cookie.output(header="", sep=";").strip(), "X-CSRFToken": csrf}


@pytest.mark.django_db
@schema.include(method="GET").parametrize()
@_fuzz_settings(MAX_EXAMPLES)
def test_signed_out_reads(case, demo_rows):
    _use_real_rows(case, demo_rows["values"])
    _send(case, headers={})


# Signed out, every write is refused before its body is read: a few generated requests each
# (the explicit phase's probes of other methods run signed in).
@pytest.mark.django_db
@schema.exclude(method="GET").parametrize()
@_fuzz_settings(2, phases=[Phase.generate])
def test_signed_out_writes(case, demo_rows):
    _use_real_rows(case, demo_rows["values"])
    _send(case, headers={})


@pytest.mark.django_db
@schema.parametrize()
@_fuzz_settings(MAX_EXAMPLES)
def test_signed_in_as_administrator(case, demo_rows):
    _use_real_rows(case, demo_rows["values"])
    _send(case, headers=_signed_in_headers(demo_rows["session"]))
