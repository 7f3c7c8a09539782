"""Issue 13 item 1: axe-core (WCAG 2.1 A and AA, as the axe_check fixture runs it) on every page of
the portal, found by walking the URL configuration (tests/planportal/url_walk.py, the walk of the
permission matrix): each row whose expected answer (permission_matrix.PAGES) is 200 to some role
and whose answer is an HTML page, on the matrix's data set (matrix_world.build), in Chromium
through live_server. A new page pattern is checked without editing this test (the matrix fails
until the pattern has a row; from then on it is walked here).

The combinations, to fit a few minutes on two CPUs:
- every page in Swedish and in English, signed in as one role that may see it (the role that works
  with the app's pages: a coordinator for networks, an editor for the library and the strategy, a
  case officer for referrals, else a planner; if that role may not see it, the first that may);
- the pages the signed-out may see, also signed out, in Swedish and English;
- the error pages (403 as a signed-in role without the right, 404 signed out and signed in, 500
  through a route only this test's URL configuration has: tests/browser/error_urls.py), the
  sign-in page (a row of the walk) and the API documentation (/api/docs/), in both languages, also
  with two of its operations opened (one exception: EXCUSED).
Left out: the admin site (Django's own pages, for administrators only), the API itself (JSON, to a
browser too: DRF's browsable rendering is turned off) and what is not HTML (files, feeds,
calendars, exports, JSON).

Signed in by copying a session made with the test client into the browser's cookies; one browser
page is reused, axe is injected once per navigation. Every violation of every page is reported
at once."""

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from planportal.roles import sync_role_permissions
from tests.planportal import permission_matrix as table
from tests.planportal.matrix_world import ROLES, build
from tests.planportal.url_walk import cells, expected_page, html_pages, working_role

from .error_urls import SERVER_ERROR_PATH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# As the axe_check fixture (tests/conftest.py) runs it; only the violations' details come back.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Violations inside third-party markup the portal cannot change: (path prefix, rule id, CSS
# selector of the node). Each is a stated exception; nothing else is excused.
EXCUSED = {
    # Swagger UI (drf-spectacular's API documentation), an operation opened: the select of an
    # enumerated query parameter has no label (React markup of swagger-ui's ParameterRow; the
    # parameter's name stands in the table row beside it), disabled until "Try it out".
    ("/api/docs/", "select-name", ".parameters-col_description > select"),
}

LANGUAGES = ("sv", "en")
MAPS_READY = "() => [...document.querySelectorAll('[data-map-state]')].every((m) => m.dataset.mapState === 'ready')"
STILL = "() => document.getAnimations().every((a) => a.playState !== 'running')"


def _visits(world, clients):
    """(label, URL, role or 'anonymous', language, expected status) of every visit."""
    visits = []
    for name, url, seeing in html_pages(world, clients):
        roles = [working_role(name, seeing)] + (["anonymous"] if "anonymous" in seeing else [])
        visits += [(name, url, role, language, 200) for role in roles if role for language in LANGUAGES]
    # 403: the first row a signed-in role is refused (the page explains why and for whom).
    refused = next(
        (name, url, role)
        for name, url in cells(world)
        for role, got in zip(ROLES, expected_page(name) or (), strict=False)
        if got == table.DENIED and not name.startswith("admin:")
    )
    for language in LANGUAGES:
        visits.append(("403 " + refused[0], refused[1], refused[2], language, 403))
        visits.append(("404", "/finns-inte/", "anonymous", language, 404))
        visits.append(("404", "/finns-inte/", "planner", language, 404))
        visits.append(("500", SERVER_ERROR_PATH, "anonymous", language, 500))
        visits.append(("api-docs", "/api/docs/", "anonymous", language, 200))
    return visits


def _session_cookies(world, base):
    cookies = {}
    for role, user in world["users"].items():
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        value = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies[role] = {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base}
    return cookies


def _violations(results, path):
    found = []
    for violation in results.response["violations"]:
        nodes = [
            node
            for node in violation["nodes"]
            if not any(
                path.startswith(prefix) and violation["id"] == rule and node["target"][-1].endswith(selector)
                for prefix, rule, selector in EXCUSED
            )
        ]
        for node in nodes:
            found.append(f"{violation['id']} ({violation['impact']}): {node['target']} {node['html'][:160]}")
    return found


def test_axe_on_every_page(live_server, browser, settings):
    settings.ROOT_URLCONF = "tests.browser.error_urls"
    started = time.monotonic()
    sync_role_permissions()  # a transactional test before this one may have flushed the roles
    world = build()
    clients = {}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=False)
        if world["users"][role] is not None:
            clients[role].force_login(world["users"][role])
    visits = _visits(world, clients)
    sessions = _session_cookies(world, live_server.url)

    axe = Axe()
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    problems, current, pages = [], None, set()
    for label, url, role, language, status in visits:
        if (role, language) != current:
            context.clear_cookies()
            cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            context.add_cookies(cookies + ([sessions[role]] if role in sessions else []))
            current = (role, language)
        response = page.goto(live_server.url + url)
        where = f"{label} {url} as {role}, {language}"
        if response is None or response.status != status:
            problems.append(f"{where}: status {response and response.status}, expected {status}")
            continue
        if "/konto/logga-in/" in page.url and "/konto/logga-in/" not in url:
            problems.append(f"{where}: sent to sign in")
            continue
        page.wait_for_function(MAPS_READY)
        page.wait_for_function(STILL, timeout=5000)
        pages.add(label)
        problems += [f"{where}: {found}" for found in _violations(axe.run(page, options=AXE_OPTIONS), url)]
        if url == "/api/docs/":
            # The documentation opened: the first operation with parameters and the first with a body.
            for operation in (".opblock-get", ".opblock-post"):
                page.locator(f"{operation} .opblock-summary-control").first.click()
            page.locator(".opblock-body .parameters").first.wait_for()
            page.wait_for_function(STILL, timeout=5000)
            found = _violations(axe.run(page, options=AXE_OPTIONS), url)
            problems += [f"{where}, two operations opened: {problem}" for problem in found]
    context.close()
    took = time.monotonic() - started
    print(f"axe: {len(pages)} pages, {len(visits)} visits in {took:.0f} s")
    assert len(pages) > 60, f"only {len(pages)} pages walked"
    assert not problems, f"{len(problems)} axe violations (WCAG 2.1 A/AA):\n" + "\n".join(problems)
