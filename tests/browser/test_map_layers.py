"""Maps that do not mislead (real Chromium, demo data): on /karta/ every layer has its own
colour, and the layer switcher lists the layers in the legend's order on every load, however
their requests finish; the search and document maps draw the municipality outlines for context;
the participation page's matrix has a region landmark of its own (axe landmark-unique)."""

import os
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from knowledge.models import Document
from planportal.roles import sync_role_permissions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READ_MAP = """() => {
  const names = (sel) => [...document.querySelectorAll(sel)].map((n) => n.textContent.trim());
  return {
    specs: JSON.parse(document.getElementById('portal-map-layers').textContent).map((s) => s.name),
    checked: [...document.querySelectorAll('#portal-map-controls input:checked')].map((i) => i.value),
    keys: JSON.parse(document.getElementById('portal-map-layers').textContent).map((s) => s.key),
    switcher: names('#portal-map-controls fieldset label').map((t) => t.replace(/ \\(exempeldata\\)$/, '')),
    legend: [...document.querySelectorAll('#portal-map .map-legend > ul > li')].map(
      (li) => li.childNodes[1].textContent.trim()),
    swatches: [...document.querySelectorAll('#portal-map-controls .map-legend__swatch')].map(
      (s) => getComputedStyle(s).backgroundColor),
  };
}"""


def _rgb(css):
    return [int(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]


def _distance(a, b):
    """Redmean colour distance, as static/js/map.js measures it."""
    r = (a[0] + b[0]) / 2
    dr, dg, db = a[0] - b[0], a[1] - b[1], a[2] - b[2]
    return ((2 + r / 256) * dr * dr + 4 * dg * dg + (2 + (255 - r) / 256) * db * db) ** 0.5


@pytest.fixture
def demo():
    sync_role_permissions()
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)


def _slow(route):
    time.sleep(0.6)
    route.continue_()


def test_portal_map_colours_and_order(demo, live_server, page, axe_check):
    seen = []
    every = "?layers=" + ",".join(["municipalities", "referrals-open", "document-coverage", "meeting-places"])
    for slow in (None, "**/api/v1/municipalities/**", "**/api/v1/meeting-places/**"):
        page.unroute("**/*")
        if slow:
            page.route(slow, _slow)  # the layers' requests finish in another order on each load
        page.goto(live_server.url + "/karta/" + every)
        expect(page.locator("#portal-map")).to_have_attribute("data-map-state", "ready")
        shown = page.evaluate(READ_MAP)
        assert len(shown["specs"]) >= 5, shown
        assert shown["switcher"] == shown["specs"]
        # The legend lists the shown layers in the switcher's order, however the requests finish.
        assert shown["legend"] == [
            n for n, k in zip(shown["specs"], shown["keys"], strict=True) if k in shown["checked"]
        ]
        # The layers on the map together can be told apart (with more layers than the palette
        # has colours, two that are never both on by default may share one).
        on = [i for i, key in enumerate(shown["keys"]) if key in shown["checked"]]
        colours = {i: _rgb(shown["swatches"][i]) for i in on}
        close = [
            (shown["specs"][i], shown["specs"][j])
            for i in on
            for j in on
            if i < j and _distance(colours[i], colours[j]) < 120
        ]
        assert not close, f"layers too alike in colour: {close}"
        seen.append(shown)
    assert seen[0] == seen[1] == seen[2]
    axe_check(page)


def test_search_and_document_maps_draw_the_municipalities(demo, live_server, page, axe_check):
    page.goto(live_server.url + "/dokument/sok/?theme=kompetensforsorjning")
    search_map = page.locator("#search-map")
    expect(search_map).to_have_attribute("data-map-state", "ready")
    expect(search_map).to_have_attribute("data-features-municipalities", "12")
    expect(search_map).to_have_attribute("data-features-documents", "0")
    expect(page.locator("#map-help")).to_contain_text("kartan visar bara länets kommungränser")
    axe_check(page)

    document = Document.objects.filter(coverage__isnull=False, is_public=True).order_by("pk").first()
    page.goto(live_server.url + document.get_absolute_url())
    document_map = page.locator("#document-map")
    expect(document_map).to_have_attribute("data-map-state", "ready")
    expect(document_map).to_have_attribute("data-features-municipalities", "12")
    expect(document_map).to_have_attribute("data-features-coverage", "1")
    axe_check(page)


def test_participation_landmarks_are_unique(demo, live_server, page, axe_check):
    page.goto(live_server.url + "/natverk/deltagande/")
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["landmark-unique", "region"]}})
    assert not results.response["violations"], results.generate_report()
    axe_check(page)
    # the matrix scrolls inside itself; the page is as wide as the window
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
    matrix = page.locator(".table-scroll")
    assert matrix.evaluate("(el) => el.scrollWidth > el.clientWidth")
