"""Real Chromium: an editor sets a document's coverage on its edit page, by drawing a
rectangle on the map (Leaflet-Geoman) and, from the keyboard, by uploading a file; axe on
the page with the map."""

import json

import pytest
from playwright.sync_api import expect

from tests.knowledge.factories import DocumentFactory
from tests.knowledge.test_browser import _sign_in
from tests.knowledge.test_editing_coverage import SQUARE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def document(region):
    return DocumentFactory(title="Grönstrukturplan", publisher=region, coverage=None)


def test_editor_draws_the_coverage_on_the_map(page, live_server, editor, document, axe_check):
    _sign_in(page, live_server, editor.username)
    page.goto(f"{live_server.url}/dokument/{document.slug}/redigera/")
    map_element = page.locator("[data-area-map]")
    expect(map_element).to_be_visible()
    axe_check(page)

    page.locator(".leaflet-pm-icon-rectangle").click()
    box = map_element.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x - 60, y - 40)
    page.mouse.click(x + 60, y + 40)
    expect(page.locator("[data-area-status]")).to_contain_text("En yta är ritad")
    drawn = json.loads(page.locator("input[name=coverage]").input_value())
    assert drawn["type"] == "FeatureCollection" and drawn["features"]

    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Ändringarna är sparade.")).to_be_visible()
    document.refresh_from_db()
    assert document.coverage is not None and document.coverage.srid == 3006


def test_editor_uploads_the_coverage_with_the_keyboard(page, live_server, editor, document, tmp_path):
    area = tmp_path / "tackning.geojson"
    area.write_text(json.dumps(SQUARE))
    _sign_in(page, live_server, editor.username)
    page.goto(f"{live_server.url}/dokument/{document.slug}/redigera/")

    file_input = page.get_by_label("Geografisk täckning")
    file_input.focus()
    expect(file_input).to_be_focused()
    file_input.set_input_files(str(area))  # what the file dialog opened with Enter gives
    page.get_by_role("button", name="Spara").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Ändringarna är sparade.")).to_be_visible()
    document.refresh_from_db()
    assert document.coverage.extent[3] > 6570000
