"""Leaflet's own controls speak the page's language (issue 12: "Zoom in" on Swedish pages)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language, zoom_in, zoom_out", [("sv", "Zooma in", "Zooma ut"), ("en", "Zoom in", "Zoom out")])
def test_zoom_buttons_follow_the_language(page, live_server, language, zoom_in, zoom_out):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(live_server.url + "/karta/")
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", zoom_in)
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute("title", zoom_out)
    toggle = page.locator(".leaflet-control-layers-toggle")
    if toggle.count():
        expect(toggle.first).to_have_attribute("title", "Lager" if language == "sv" else "Layers")
