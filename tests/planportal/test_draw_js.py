"""static/js/draw.js with Leaflet-Geoman in real Chromium: a polygon drawn on the map reaches
the server as GeoJSON and comes back as an area in SWEREF 99 TM; the file input does the same
without the map (the keyboard's way); the page passes axe."""

import json

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.planportal.area_urls"),
]


def test_draw_a_polygon_and_save_it(page, live_server, axe_check):
    page.goto(live_server.url + "/test/yta/")
    root = page.locator("[data-area-input]")
    expect(root).to_have_attribute("data-area-ready", "true")
    expect(page.locator("[data-area-status]")).to_have_text("Ingen yta är ritad.")
    axe_check(page)

    page.evaluate("document.querySelector('[data-area-map]')._leafletMap.pm.enableDraw('Polygon')")
    box = page.locator("[data-area-map]").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(cx - 80, cy - 60), (cx + 80, cy - 60), (cx + 80, cy + 60), (cx - 80, cy + 60)]
    for x, y in corners:
        page.mouse.click(x, y)
    page.mouse.click(*corners[0])  # back on the first corner closes the polygon
    expect(root).to_have_attribute("data-area-parts", "1")
    expect(page.locator("[data-area-status]")).to_have_text("En yta är ritad: 1 del(ar), 4 hörn.")
    drawn = json.loads(page.locator("#id_area").input_value())
    assert drawn["type"] == "FeatureCollection" and drawn["features"][0]["geometry"]["type"] == "Polygon"

    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#result")).to_contain_text("1 del(ar)")
    area = int(page.locator("#result").inner_text().split()[1])
    assert area > 1_000_000  # square metres in SWEREF 99 TM: a few km across at this zoom

    # the drawn area is kept on the page after saving, ready to be edited
    expect(page.locator("[data-area-status]")).to_have_text("En yta är angiven.")


def test_remove_the_drawn_area_with_the_keyboard(page, live_server):
    page.goto(live_server.url + "/test/yta/")
    expect(page.locator("[data-area-input]")).to_have_attribute("data-area-ready", "true")
    page.evaluate(
        """() => {
            const map = document.querySelector('[data-area-map]')._leafletMap;
            const polygon = L.polygon([[59.2, 15.0], [59.2, 15.1], [59.3, 15.1]]).addTo(map);
            map.fire('pm:create', {layer: polygon, shape: 'Polygon'});
        }"""
    )
    expect(page.locator("[data-area-input]")).to_have_attribute("data-area-parts", "1")
    page.get_by_role("button", name="Ta bort den ritade ytan").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-area-status]")).to_have_text("Ingen yta är ritad.")
    assert page.locator("#id_area").input_value() == ""
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#error-summary")).to_contain_text("Rita ytan på kartan eller ladda upp en fil med ytan.")


def test_upload_a_file_instead_of_drawing(page, live_server, tmp_path):
    square = [[15.0, 59.2], [15.1, 59.2], [15.1, 59.3], [15.0, 59.3], [15.0, 59.2]]
    path = tmp_path / "plan.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [square]}))
    page.goto(live_server.url + "/test/yta/")
    page.get_by_label("Planområde").set_input_files(str(path))  # the label names the file input
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#result")).to_contain_text("1 del(ar)")


def test_a_bad_file_is_named_beside_the_field(page, live_server, tmp_path):
    path = tmp_path / "vag.geojson"
    path.write_text(json.dumps({"type": "LineString", "coordinates": [[15.0, 59.2], [15.1, 59.3]]}))
    page.goto(live_server.url + "/test/yta/")
    page.get_by_label("Planområde").set_input_files(str(path))
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#id_area_file-error")).to_contain_text("vag.geojson innehåller en linje; en yta behövs")
    file_input = page.get_by_label("Planområde")
    expect(file_input).to_have_attribute("aria-invalid", "true")
    described = file_input.get_attribute("aria-describedby").split()
    assert described == ["id_area-how", "id_area_file-help", "id_area_file-error"]
    for ref in described:  # every id it names exists once
        assert page.locator(f"#{ref}").count() == 1
