"""The Content Security Policy in real Chromium. With the demo data loaded, the portal's pages
are walked (the start pages and one page of each kind linked from them, signed out and signed
in as the administrator, the admin's map widget included) under the policies the portal sends
(enforced for scripts, strict styles report-only), and every violation Chromium reports is
collected: none of the enforced policy, and of the strict one only the known style blockers,
which test_hardening.py lists too."""

import os
import re
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from planportal.roles import sync_role_permissions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
  [e.effectiveDirective, e.blockedURI, e.lineNumber, e.disposition]
), true);
"""

START = ["/", "/karta/", "/dokument/", "/natverk/", "/natverk/deltagande/", "/rus/", "/diarium/", "/kommuner/"]
SKIP = re.compile(r"logga-ut|/i18n/|\.(csv|pdf|ics|geojson|json|zip|xml)$|/feed|/flode|/ladda-ned|/filer/|\?")

# What Chromium reports today. No script is blocked anywhere; no <style> block on any page walked
# (the API documentation's look is a stylesheet, static/css/api-docs.css; DRF's browsable API,
# which had one, is off); style="" attributes on pages whose templates test_hardening.py lists
# (KNOWN_BLOCKERS, mostly the map's height in templates/includes/map.html).
KNOWN_STYLE_ELEMENTS = set()


def _kind(path):
    """The URL pattern the path resolves to (one page per kind)."""
    try:
        return "/" + resolve(urlsplit(path).path).route
    except Resolver404:
        return path


def _walk(page, base, start, limit=45):
    seen, found, queue = set(), {}, list(start)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        kind = _kind(path)
        if kind in seen:
            continue
        seen.add(kind)
        try:
            response = page.goto(base + path)
        except PlaywrightError:  # a download (the schema, a file), not a page
            continue
        if response is None or response.status >= 400:
            continue
        page.wait_for_load_state("networkidle")
        for directive, blocked, line, disposition in page.evaluate("window.__csp"):
            found.setdefault((kind, directive), (path, blocked, line, disposition))
        for href in page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.getAttribute('href'))"):
            href = href.split("#")[0]
            if href and not SKIP.search(href) and _kind(href) not in seen and not href.startswith("/admin/"):
                queue.append(href)
    return seen, found


@pytest.fixture
def demo(settings):
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_role_permissions()  # a transactional test before this one may have flushed the roles
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)


def test_the_portals_pages_break_nothing_but_the_known_blockers(demo, live_server, page):
    page.add_init_script(COLLECT)
    seen, found = _walk(page, live_server.url, START + ["/konto/logga-in/", "/api/docs/", "/api/v1/"])
    assert len(seen) >= 25, seen
    page.goto(live_server.url + "/konto/logga-in/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "demo")
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"^(?!.*logga-in)"))
    signed_in, found_signed_in = _walk(page, live_server.url, START + ["/remisser/"])
    found.update(found_signed_in)
    # The admin's map widget (django-leaflet) is an inline script carrying the request's nonce.
    page.goto(live_server.url + "/admin/networks/organisation/add/")
    page.wait_for_load_state("networkidle")
    for directive, blocked, line, disposition in page.evaluate("window.__csp"):
        found.setdefault(("/admin/networks/organisation/add/", directive), ("", blocked, line, disposition))
    assert page.locator(".leaflet-container").count() >= 1  # the widget's script ran
    # The API documentation starts from a script file (SpectacularSwaggerSplitView) and works.
    page.goto(live_server.url + "/api/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()

    by_directive = {}
    for (kind, directive), example in found.items():
        by_directive.setdefault(directive, {})[kind] = example
    report = "\n".join(f"{key} {value}" for key, value in sorted(found.items()))
    assert set(by_directive) <= {"style-src-elem", "style-src-attr"}, report  # no script, image, font …
    assert {example[3] for example in found.values()} <= {"report"}, report  # the enforced policy: nothing
    assert set(by_directive.get("style-src-elem", {})) == KNOWN_STYLE_ELEMENTS, report
