"""The combined map /karta/ in Chromium: layers switch on and off (vector tiles of the referral
areas, GeoJSON coverage, clustered meeting places), a popup's link leads to the case's page, the
list beside the map follows the view, and the address restores the same map (layers, year,
centre, zoom). axe in Swedish and English; no sideways scroll at 320 px."""

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import expect

from tests.factories import OrganisationFactory, sweref_square
from tests.knowledge.factories import DocumentFactory
from tests.networks.factories import MeetingFactory
from tests.referrals.factories import ReferralFactory, plan_area

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EAST, NORTH = 512000, 6568000  # in Örebro

CENTRE_OF = """([lon, lat]) => {
  const map = document.getElementById('portal-map')._leafletMap;
  const point = map.latLngToContainerPoint([lat, lon]);
  const box = document.getElementById('portal-map').getBoundingClientRect();
  return {x: box.left + point.x, y: box.top + point.y};
}"""


@pytest.fixture
def content(db):
    OrganisationFactory(
        municipality=True, name="Örebro kommun", slug="orebro", boundary=sweref_square(490000, 6540000, 50000)
    )
    open_case = ReferralFactory(plan_name="Detaljplan Ekängen", area=plan_area(EAST, NORTH, size=600))
    closed = ReferralFactory(plan_name="Detaljplan Mosås", answered=True, area=plan_area(EAST + 2000, NORTH, size=600))
    DocumentFactory(title="Grönplan för Örebro", year=2025, coverage=sweref_square(505000, 6560000, 20000))
    for i in range(3):
        MeetingFactory(title=f"Planeringsdag {i}", point=Point(513000 + i * 30, 6569000, srid=3006))
    return {"open": open_case, "closed": closed}


def _ready(page):
    expect(page.locator("#portal-map")).to_have_attribute("data-map-state", "ready")
    expect(page.locator("#portal-map")).to_have_attribute("data-list-state", "ready")


def _lonlat(east, north):
    return list(Point(east, north, srid=3006).transform(4326, clone=True).coords)


def test_layers_toggle_popup_link_and_list(live_server, page, content):
    page.goto(live_server.url + "/karta/")
    _ready(page)
    in_view = page.locator("#in-view-table")
    expect(in_view).to_contain_text("Detaljplan Ekängen")  # ongoing cases are on from the start
    expect(in_view).not_to_contain_text("Detaljplan Mosås")
    expect(page.locator("#in-view-status")).to_contain_text("i kartans utsnitt")
    expect(page.locator(".map-legend")).to_contain_text("Registrerad")

    page.get_by_label("Avslutade remisser").check()
    page.get_by_label("Pågående remisser").uncheck()
    _ready(page)
    expect(in_view).to_contain_text("Detaljplan Mosås")
    expect(in_view).not_to_contain_text("Detaljplan Ekängen")

    page.get_by_label("Dokumentens täckning").check()
    page.get_by_label("Mötesplatser").check()
    _ready(page)
    expect(in_view).to_contain_text("Grönplan för Örebro")
    expect(in_view).to_contain_text("Planeringsdag 2")
    expect(page.locator("#portal-map .marker-cluster")).to_have_count(1)  # three meetings, one cluster
    page.get_by_label("Dokumentens täckning").uncheck()
    page.get_by_label("Mötesplatser").uncheck()
    page.get_by_label("Pågående remisser").check()

    # Zoom in on the open case and click its plan area (a vector tile feature): the popup links to
    # the case's register page.
    lon, lat = _lonlat(EAST + 300, NORTH + 150)
    page.evaluate(f"document.getElementById('portal-map')._leafletMap.setView([{lat}, {lon}], 15, {{animate: false}})")
    _ready(page)
    expect(page.locator("#portal-map .leaflet-tile-container svg path, #portal-map svg path").first).to_be_visible()
    spot = page.evaluate(CENTRE_OF, [lon, lat])
    page.mouse.click(spot["x"], spot["y"])
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_have_text("Detaljplan Ekängen")
    expect(link).to_have_attribute("href", content["open"].get_public_url())
    link.click()
    expect(page.locator("h1")).to_contain_text("Detaljplan Ekängen")


def test_at_county_zoom_nearby_cases_are_one_point_that_zooms_in(live_server, page, content):
    """Below zoom 11 the referral tiles hold one point per grid cell: two open cases 1 km apart
    are one point whose popup says how many and zooms in to where they are drawn one by one."""
    ReferralFactory(plan_name="Detaljplan Lillån", area=plan_area(EAST - 1000, NORTH, size=600))
    centres = [(EAST + 300, NORTH + 150), (EAST - 700, NORTH + 150)]
    lon, lat = _lonlat(sum(e for e, _ in centres) / 2, sum(n for _, n in centres) / 2)
    page.goto(live_server.url + "/karta/")
    _ready(page)
    page.get_by_label("Kommuner").uncheck()
    page.evaluate(f"document.getElementById('portal-map')._leafletMap.setView([{lat}, {lon}], 9, {{animate: false}})")
    _ready(page)
    spot = page.evaluate(CENTRE_OF, [lon, lat])
    page.mouse.click(spot["x"], spot["y"])
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("2 här. Zooma in för att se var för sig.")
    expect(popup).not_to_contain_text("Detaljplan")  # a count, not the cases' names
    popup.get_by_role("button", name="Zooma in hit").click()
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    assert page.evaluate("document.getElementById('portal-map')._leafletMap.getZoom()") == 11
    _ready(page)
    expect(page.locator("#in-view-table")).to_contain_text("Detaljplan Lillån")


def test_the_address_restores_the_same_map(live_server, page, content):
    page.goto(live_server.url + "/karta/")
    _ready(page)
    page.get_by_label("Dokumentens täckning").check()
    page.get_by_label("Kommuner").uncheck()
    page.get_by_label("År").select_option("2025")
    lon, lat = _lonlat(EAST, NORTH)
    page.evaluate(f"document.getElementById('portal-map')._leafletMap.setView([{lat}, {lon}], 12, {{animate: false}})")
    _ready(page)
    shared = page.url
    assert "layers=referrals-open%2Cdocument-coverage" in shared or "layers=referrals-open,document-coverage" in shared
    before = page.evaluate(
        "(() => { const m = document.getElementById('portal-map')._leafletMap; const c = m.getCenter();"
        " return {z: m.getZoom(), lat: c.lat, lon: c.lng}; })()"
    )
    rows = page.locator("#in-view-table tbody").inner_text()

    other = page.context.new_page()
    other.goto(shared)
    _ready(other)
    after = other.evaluate(
        "(() => { const m = document.getElementById('portal-map')._leafletMap; const c = m.getCenter();"
        " return {z: m.getZoom(), lat: c.lat, lon: c.lng}; })()"
    )
    assert after["z"] == before["z"]
    assert abs(after["lat"] - before["lat"]) < 1e-4 and abs(after["lon"] - before["lon"]) < 1e-4
    expect(other.get_by_label("Dokumentens täckning")).to_be_checked()
    expect(other.get_by_label("Kommuner")).not_to_be_checked()
    expect(other.get_by_label("År")).to_have_value("2025")
    assert other.locator("#in-view-table tbody").inner_text() == rows
    expect(other.locator("#in-view-table")).to_contain_text("Grönplan för Örebro")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_axe_and_reflow(live_server, page, content, axe_check, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(live_server.url + "/karta/?layers=municipalities,referrals-open,meeting-places,document-coverage")
    _ready(page)
    axe_check(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    _ready(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Keyboard: a layer box and the list's links are reachable and work.
    page.locator("#layer-municipalities").focus()
    page.keyboard.press("Space")
    expect(page.locator("#layer-municipalities")).not_to_be_checked()
