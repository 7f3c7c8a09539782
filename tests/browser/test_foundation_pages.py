"""Real Chromium (Debian's) through Playwright: the home, municipality and map pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import OrganisationFactory, sweref_square

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county(db):
    orebro = OrganisationFactory(
        municipality=True,
        code="1880",
        name="Örebro kommun",
        slug="orebro",
        boundary=sweref_square(505000, 6565000, 20000),
    )
    OrganisationFactory(
        municipality=True,
        code="1881",
        name="Kumla kommun",
        slug="kumla",
        boundary=sweref_square(505000, 6540000, 15000),
    )
    return orebro


def test_home_page(page, live_server, axe_check):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Planportalen")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    # keyboard: the first Tab reaches the skip link, which moves focus to main
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    axe_check(page)


def test_language_switch_to_english_and_back(page, live_server, county):
    page.goto(live_server.url + "/kommuner/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def test_municipality_page_draws_its_boundary(page, live_server, county, axe_check):
    page.goto(live_server.url + "/kommuner/")
    page.get_by_role("link", name="Örebro kommun").click()
    expect(page.locator("h1")).to_have_text("Örebro kommun")
    expect(page.locator("#organisation-map")).to_have_attribute("data-map-state", "ready")
    expect(page.locator("#organisation-map path.leaflet-interactive")).to_have_count(1)
    axe_check(page)


def test_map_page_draws_the_municipality_layer_from_the_api(page, live_server, county, axe_check):
    page.goto(live_server.url + "/karta/")
    expect(page.locator("#portal-map")).to_have_attribute("data-map-state", "ready")
    expect(page.locator("#portal-map")).to_have_attribute("data-features-municipalities", "2")
    expect(page.locator("#portal-map path.leaflet-interactive")).to_have_count(2)
    expect(page.locator(".map-legend")).to_contain_text("Kommuner")
    # the same information as a table
    expect(page.locator("main > table tbody tr")).to_have_count(2)
    # keyboard: the map takes focus and zooms with +
    page.locator("#portal-map").focus()
    zoom_before = page.evaluate("document.getElementById('portal-map')._leafletMap.getZoom()")
    page.keyboard.press("NumpadAdd")
    page.wait_for_function(f"document.getElementById('portal-map')._leafletMap.getZoom() > {zoom_before}")
    # popups link to the municipality's page
    page.locator("#portal-map path.leaflet-interactive").first.click(force=True)
    expect(page.locator(".leaflet-popup-content a")).to_have_attribute(
        "href", re.compile(r"^/kommuner/(orebro|kumla)/$")
    )
    axe_check(page)
