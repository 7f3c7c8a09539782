"""static/js/map.js in real Chromium: its escaping covers quotes (popups build attributes from
data), links go only to http(s) or the portal, and an uploaded layer's popup shows the file's
own attributes (nested under "properties" in the layer's GeoJSON)."""

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import expect

from knowledge.models import LayerFeature
from tests.knowledge.factories import LayerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = '"><img src=x onerror="window.hacked=1">'


@pytest.fixture
def layer():
    layer = LayerFactory(name="Detaljplaner", feature_count=1)
    LayerFeature.objects.create(
        layer=layer,
        number=1,
        geometry=Point(515000, 6570000, srid=3006),
        properties={"NAMN": "Kumla stationsområde", "typ": HOSTILE, "url": "javascript:window.hacked=2"},
    )
    return layer


def open_first_popup(page):
    return page.evaluate(
        """() => {
            const map = document.querySelector('#layer-map')._leafletMap;
            let html = null;
            map.eachLayer((layer) => {
                if (layer.feature && html === null) { layer.openPopup(); html = layer.getPopup().getContent(); }
            });
            return html;
        }"""
    )


def test_escape_html_escapes_quotes(page, live_server, layer):
    page.goto(f"{live_server.url}/dokument/kartlager/{layer.pk}/")
    assert page.evaluate("Planportalen.escapeHtml(`\"'<>&`)") == "&quot;&#39;&lt;&gt;&amp;"
    # a quote in a value cannot leave the attribute it is put in
    html = page.evaluate("Planportalen.popupHtml({name: 'x', url: '/a\" onmouseover=\"alert(1)'}, {})")
    assert html == '<a href="/a&quot; onmouseover=&quot;alert(1)">x</a>'


def test_an_uploaded_layers_popup_shows_its_attributes_as_text(page, live_server, layer):
    page.goto(f"{live_server.url}/dokument/kartlager/{layer.pk}/")
    expect(page.locator("#layer-map")).to_have_attribute("data-map-state", "ready")
    expect(page.locator("#layer-map")).to_have_attribute("data-features-layer", "1")
    html = open_first_popup(page)
    assert html.startswith("<strong>Kumla stationsområde</strong>")  # the title from the file's NAMN
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Kumla stationsområde")
    expect(popup.get_by_role("row", name="typ")).to_contain_text(HOSTILE)  # shown as text
    assert popup.locator("img").count() == 0 and popup.locator("a").count() == 0  # no javascript: link
    assert page.evaluate("window.hacked") is None
