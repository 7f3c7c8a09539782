"""Issue 13, item 1: a main flow by keyboard only, in Chromium — search the library and open a
document. Every Tab stop shows its focus; axe on the result list and the document."""

import pytest
from playwright.sync_api import expect

from tests.browser.keyboard import tab_to

from .factories import DocumentFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_the_library_and_open_a_document_by_keyboard(page, live_server, axe_check):
    housing = ThemeFactory(name="Bostäder", slug="bostader")
    document = DocumentFactory(
        title="Bostadsmarknadsanalys för Örebro län", summary="Bostadsbyggandet i länets kommuner.", themes=[housing]
    )
    DocumentFactory(title="Regional cykelstrategi", summary="Cykelvägar mellan tätorterna.")
    page.goto(live_server.url + "/dokument/")
    tab_to(page, "#library-q")
    page.keyboard.type("bostadsmarknad")
    page.keyboard.press("Enter")
    expect(page.locator("#results-title")).to_have_text("1 dokument")
    axe_check(page)
    tab_to(page, f"#results a[href='{document.get_absolute_url()}']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Bostadsmarknadsanalys för Örebro län")
    axe_check(page)
