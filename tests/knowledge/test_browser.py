"""Real Chromium: search, narrow by a facet, open the document; axe on the search, document
and requests pages; the map's "search in the map view" button."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from playwright.sync_api import expect

from knowledge import services
from planportal.geo import SWEREF99TM
from tests.knowledge.factories import DocumentFactory, RequestFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(orebro, kumla):
    housing = ThemeFactory(name="Bostäder", slug="bostader")
    transport = ThemeFactory(name="Transporter och infrastruktur", slug="transporter")
    square = MultiPolygon(Polygon.from_bbox((505000, 6560000, 525000, 6580000)), srid=SWEREF99TM)
    DocumentFactory(
        title="Bostadsmarknadsanalys för Örebro län",
        summary="Analys av behovet av bostäder i länets kommuner.",
        themes=[housing],
        municipalities=[orebro, kumla],
        coverage=square,
    )
    DocumentFactory(
        title="Bostäder längs transportstråken", summary="Bostäder nära stationer.", themes=[transport], year=2023
    )
    return housing


def _sign_in(page, live_server, username):
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("secret-pass-123")
    page.get_by_role("button", name="Logga in").click()


def test_search_narrow_by_facet_and_open_document(page, live_server, library, axe_check):
    page.goto(live_server.url + "/dokument/")
    page.locator("#library-q").fill("bostad")
    page.locator("#library-q").press("Enter")
    expect(page.locator("#results-title")).to_have_text("2 dokument")
    expect(page.locator("#results mark").first).to_be_visible()  # highlighted snippet
    axe_check(page)

    page.locator("#facet-theme").get_by_role("link", name="Bostäder").click()
    expect(page.locator("#results-title")).to_have_text("1 dokument")
    expect(page.get_by_role("link", name="Tema: bostader (ta bort filtret)")).to_be_visible()

    page.get_by_role("link", name="Bostadsmarknadsanalys för Örebro län").click()
    expect(page.locator("h1")).to_have_text("Bostadsmarknadsanalys för Örebro län")
    expect(page.locator("#document-map")).to_have_attribute("data-map-state", "ready")
    expect(page.locator("#document-map")).to_have_attribute("data-features-coverage", "1")
    axe_check(page)


def test_search_in_the_map_view(page, live_server, library):
    page.goto(live_server.url + "/dokument/sok/?q=bostad")
    expect(page.locator("#search-map")).to_have_attribute("data-map-state", "ready")
    page.evaluate("document.getElementById('search-map')._leafletMap.fitBounds([[59.2, 15.1], [59.35, 15.35]])")
    page.get_by_role("button", name="Sök i kartans utsnitt").click()
    expect(page.locator("#results-title")).to_have_text("1 dokument")
    expect(page.get_by_role("link", name="Bostadsmarknadsanalys för Örebro län")).to_be_visible()


def test_requests_pages_are_accessible_and_support_works(page, live_server, planner, other_planner, axe_check):
    request = services.request_propose(topic="Skyfallskartering", reason="Behövs i planeringen.", actor=planner)
    RequestFactory(topic="Drönare i planeringen")
    _sign_in(page, live_server, "kumla-planner")
    page.goto(live_server.url + "/dokument/onskemal/")
    expect(page.locator("h1")).to_have_text("Önskemål om nya underlag")
    axe_check(page)
    page.get_by_role("link", name="Skyfallskartering").click()
    page.get_by_role("button", name="Stötta önskemålet för min organisation").click()
    expect(page.get_by_text("Din organisation stöttar nu önskemålet.")).to_be_visible()
    assert request.supports.count() == 2
    axe_check(page)
    page.goto(live_server.url + "/dokument/onskemal/nytt/")
    page.get_by_role("button", name="Skicka förslag").click()
    expect(page.locator("#error-summary")).to_be_visible()
    axe_check(page)
