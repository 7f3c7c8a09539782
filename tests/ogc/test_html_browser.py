"""The OGC API's HTML pages in Chromium: axe finds nothing in Swedish or English, and a person
moves from the landing page to a feature by links alone (keyboard)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_from_the_landing_page_to_a_feature_by_keyboard_with_axe(live_server, page, world, axe_check, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(live_server.url + "/ogc/")
    axe_check(page)
    collections, table = ("Samlingarna", "Tabell") if language == "sv" else ("The collections", "Table")
    page.get_by_role("link", name=collections, exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(collections)
    axe_check(page)
    page.get_by_role("link", name=re.compile(f"^{table} .*Naturreservat")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("table")).to_contain_text("Objekt 1")
    axe_check(page)
    page.locator("table tbody tr a").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".facts")).to_contain_text("Objekt 1")
    axe_check(page)
