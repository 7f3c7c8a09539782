"""Issue 13 item 3: one permission matrix over every URL of the portal — the pages walked from the
URL configuration (django.urls.get_resolver(), every named pattern), the API walked from the
committed OpenAPI schema (docs/openapi.yaml) — × the roles of permission_matrix.ROLES, against the
expected answers written once in tests/planportal/permission_matrix.py. A URL pattern or an API
path the table does not mention fails the test (a new page must be added to the table), and so
does a row of the table that no longer exists.

Every cell must also never be a server error; no signed-out answer may carry the fixture's
person's e-mail address or phone number; and no answer to a role may carry the marker of a thing it
may not see (matrix_world.MARKERS, permission_matrix.MARKER_AUDIENCE: internal notes, a confidential
document's name, a draft reply, an internal network and its closed meeting, an internal document
and layer, an unpublished goal).

The data set (matrix_world.build) is made once for the module; each test walks many cells and
reports every wrong cell at once. The walk itself (patterns, samples, variants, the world and
clients fixtures) is tests/planportal/url_walk.py, shared with the axe and language walks."""

import os
import time

import pytest
from django.urls import reverse

from . import permission_matrix as table
from . import url_walk
from .matrix_world import PERSON_EMAIL, PERSON_PHONE, ROLES
from .url_walk import cells, expected_page, page_patterns, walk_patterns

# The shared fixtures: the data set, built once for the module (rolled back), and a client per role.
world, clients = url_walk.world, url_walk.clients

# The marker makes pytest-django set up the test database (it sets up what marked tests need);
# the module's data comes from the module-scoped `world`, each test's own writes roll back.
pytestmark = pytest.mark.django_db

DUMP = os.environ.get("MATRIX_DUMP")  # print the observed table (to write or review the expected one)


def _outcome(response):
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        login = reverse("login")
        if location.startswith(login) or "/admin/login/" in location:
            return table.LOGIN
        return table.REDIRECT
    return status


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _leaks(role, body):
    text = body.decode("utf-8", "replace")
    found = []
    if role == "anonymous" and (PERSON_EMAIL in text or PERSON_PHONE in text):
        found.append("personal data to the signed-out")
    for marker, audience in table.MARKER_AUDIENCE.items():
        if role not in audience and marker in text:
            found.append(f"internal marker {marker}")
    return found


def test_every_page_pattern_is_in_the_table():
    patterns = page_patterns()
    missing = sorted(name for name in patterns if expected_page(name) is None)
    assert not missing, "URL patterns without a row in permission_matrix.PAGES:\n" + "\n".join(missing)
    stale = sorted({row.split("[")[0] for row in table.PAGES} - set(patterns))
    assert not stale, "rows of permission_matrix.PAGES without a URL pattern:\n" + "\n".join(stale)


def test_every_page_for_every_role(world, clients):
    problems, observed, walked, seen = [], {}, 0, set()
    for name, url in cells(world):
        expected = expected_page(name)
        if expected is None:
            problems.append(f"{name}: no row in permission_matrix.PAGES")
        row, started = [], time.monotonic()
        for index, role in enumerate(ROLES):
            response = clients[role].get(url)
            walked += 1
            outcome = _outcome(response)
            row.append(outcome)
            if response.status_code >= 500:
                problems.append(f"{name} {url} as {role}: server error {response.status_code}")
                continue
            want = expected[index] if expected else None
            if want is not None and want != table.ANY and outcome != want:
                problems.append(f"{name} {url} as {role}: {outcome}, expected {want}")
            if response.status_code == 200:
                body = _body(response)
                problems.extend(f"{name} {url} as {role}: {leak}" for leak in _leaks(role, body))
                seen.update((marker, role) for marker in table.MARKER_AUDIENCE if marker.encode() in body)
        observed[name] = (tuple(row), round(time.monotonic() - started, 2))
    if DUMP:
        for name, (row, took) in observed.items():
            print(f"    {name!r}: {row},  # {took}")
    assert walked > 7 * 100, f"only {walked} cells walked"
    # The leak check can fail: each marker does show, to some role of its audience.
    for marker, audience in table.MARKER_AUDIENCE.items():
        shown_to = {role for found, role in seen if found == marker}
        assert shown_to, f"{marker} appears on no page at all: the leak check would prove nothing"
        assert shown_to <= audience
    assert not problems, f"{len(problems)} wrong cells:\n" + "\n".join(problems)


# --- the API, walked from the committed schema ------------------------------------------------


def _tile(lon=15.21, lat=59.27, z=12):
    import math

    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return {"{z}": z, "{x}": x, "{y}": y}


def api_values(path, w):
    """The path's parameters from the data set, by the path's collection."""
    case = w["case"]
    by_collection = {
        "/api/v1/agenda-items/": w["agenda_item"].pk,
        "/api/v1/documents/": w["document"].slug,
        "/api/v1/layers/": w["layer"].pk,
        "/api/v1/meetings/": w["meeting"].pk,
        "/api/v1/memberships/": w["network"].memberships.first().pk,
        "/api/v1/networks/": w["network"].slug,
        "/api/v1/news/": w["news"].pk,
        "/api/v1/organisations/": w["region"].slug,
        "/api/v1/people/": w["person"].pk,
        "/api/v1/requests/": w["request"].pk,
        "/api/v1/referrals/consultations/": w["consultation"].pk,
        "/api/v1/referrals/": case.pk,
        "/api/v1/rus/goals/": w["goal"].pk,
        "/api/v1/rus/indicators/": w["indicator"].slug,
        "/api/v1/rus/strategies/": w["strategy"].slug,
        "/api/v1/rus/structure-images/": w["image"].key,
        "/api/v1/themes/": w["theme"].slug,
    }
    values = {
        "{year}": w["answered"].diary_year,
        "{seq}": w["answered"].diary_seq,
        "{document_id}": w["public_doc"].pk,
        "{interest_id}": w["interest"].pk,
        "{point_id}": w["point"].pk,
        **_tile(),
    }
    for collection, value in by_collection.items():
        if path.startswith(collection):
            values.update({"{id}": value, "{slug}": value, "{key}": value})
            break
    return values


def api_url(path, w):
    for key, value in api_values(path, w).items():
        path = path.replace(key, str(value))
    assert "{" not in path, path
    return path


def api_variants(w):
    """Internal twins of public samples, and the search for the markers: {row: URL}."""
    return {
        "/api/v1/documents/{slug}/[internal]": f"/api/v1/documents/{w['internal_document'].slug}/",
        "/api/v1/layers/{id}/[internal]": f"/api/v1/layers/{w['internal_layer'].pk}/",
        "/api/v1/layers/{id}/features/[internal]": f"/api/v1/layers/{w['internal_layer'].pk}/features/",
        "/api/v1/rus/goals/{id}/[draft]": f"/api/v1/rus/goals/{w['draft_goal'].pk}/",
        "/api/v1/networks/{slug}/[internal]": f"/api/v1/networks/{w['internal_network'].slug}/",
        "/api/v1/meetings/{id}/[closed]": f"/api/v1/meetings/{w['closed_meeting'].pk}/",
        "/api/v1/agenda-items/{id}/[closed]": f"/api/v1/agenda-items/{w['closed_item'].pk}/",
        "/api/v1/referrals/{id}/[other municipality]": f"/api/v1/referrals/{w['other_case'].pk}/",
        "/api/v1/search/[marker]": "/api/v1/search/?q=Internt",
        "/api/v1/documents/[marker]": "/api/v1/documents/?q=Internt",
    }


def schema_operations():
    from planportal.testing import openapi

    return [
        (method, path)
        for path, item in openapi.spec()["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_every_api_operation_is_in_the_table():
    operations = schema_operations()
    gets = {path for method, path in operations if method == "get"}
    unsafe = {(method, path) for method, path in operations if method != "get"}
    assert gets == {row.split("[")[0] for row in table.API_GET}, "API_GET and the schema's GET paths differ"
    assert unsafe == set(table.API_UNSAFE), "API_UNSAFE and the schema's write operations differ"
    # Every API URL pattern of the URL configuration is in the schema (none escapes the walk).
    names = {name for route, name in walk_patterns() if route.startswith("api/")}
    assert names <= table.API_PATTERN_NAMES, (
        f"API URL patterns not in the table: {sorted(names - table.API_PATTERN_NAMES)}"
    )


def test_every_api_get_for_every_role(world, clients):
    problems, observed, personal_to = [], {}, set()
    rows = {path: api_url(path, world) for method, path in schema_operations() if method == "get"}
    rows.update(api_variants(world))
    for row_name, url in rows.items():
        expected = table.API_GET.get(row_name)
        got, started = [], time.monotonic()
        for index, role in enumerate(ROLES):
            response = clients[role].get(url, HTTP_ACCEPT="application/json")
            got.append(response.status_code)
            if response.status_code >= 500:
                problems.append(f"GET {url} as {role}: server error {response.status_code}")
                continue
            if expected is not None and expected[index] != table.ANY and response.status_code != expected[index]:
                problems.append(f"GET {url} ({row_name}) as {role}: {response.status_code}, expected {expected[index]}")
            if response.status_code == 200:
                body = _body(response)
                problems.extend(f"GET {url} as {role}: {leak}" for leak in _leaks(role, body))
                if PERSON_EMAIL.encode() in body:
                    personal_to.add(role)
        observed[row_name] = (tuple(got), round(time.monotonic() - started, 2))
    if DUMP:
        for name, (row, took) in observed.items():
            print(f"    {name!r}: {row},  # {took}")
    assert not problems, f"{len(problems)} wrong cells:\n" + "\n".join(problems)
    # The personal-data check can fail: the signed-in do get the person's address (/api/v1/people/).
    assert personal_to and "anonymous" not in personal_to


def test_api_writes_refused_to_the_signed_out_and_the_wrong_roles(world, clients):
    """Each write operation with an empty body, as every role, rolled back: a role outside the
    operation's allowed group gets 401/403 (404 where the object is not theirs to see), never a
    2xx; the allowed roles never a 500 (a 400 for the empty body is theirs). The operations
    covered are the rows of API_UNSAFE, all of the schema's writes."""
    from django.db import transaction

    problems, observed = [], {}
    for method, path in schema_operations():
        if method == "get":
            continue
        allowed = table.API_UNSAFE.get((method, path), set())
        url = api_url(path, world)
        got = []
        for role in ROLES:
            with transaction.atomic():
                response = getattr(clients[role], method)(url, data={}, content_type="application/json")
                transaction.set_rollback(True)
            got.append(response.status_code)
            if response.status_code >= 500:
                problems.append(f"{method.upper()} {url} as {role}: server error {response.status_code}")
            elif role not in allowed and response.status_code not in table.REFUSED:
                problems.append(f"{method.upper()} {url} as {role}: {response.status_code}, expected a refusal")
        observed[(method, path)] = tuple(got)
    if DUMP:
        for name, row in observed.items():
            print(f"    {name!r}: {row},")
    assert not problems, f"{len(problems)} wrong cells:\n" + "\n".join(problems)
