"""Issue 13, item 1: a main flow by keyboard only, in Chromium — a municipal planner proposes an
item for the coming FOL meeting's agenda. Every Tab stop shows its focus; axe on the form."""

import pytest
from playwright.sync_api import expect

from networks.models import AgendaItem
from tests.browser.keyboard import sign_in, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_planner_proposes_an_agenda_item_by_keyboard(page, live_server, coming_meeting, planner, axe_check):
    sign_in(page, live_server, planner.username)
    page.goto(live_server.url + coming_meeting.get_absolute_url())
    tab_to(page, page.get_by_role("link", name="Föreslå punkt"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Föreslå punkt")
    axe_check(page)
    tab_to(page, "#id_title")
    page.keyboard.type("Erfarenheter av vindbruksplaner")
    tab_to(page, "#id_description")
    page.keyboard.type("Hur har kommunerna gjort med samråden?")
    tab_to(page, "#id_kind")
    page.keyboard.press("ArrowDown")  # the next kind after the preselected discussion
    chosen = page.locator("#id_kind").input_value()
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Ditt förslag är skickat till samordnaren")
    item = AgendaItem.objects.get(title="Erfarenheter av vindbruksplaner")
    assert item.proposed_by == planner.person and item.kind == chosen
    assert item.description == "Hur har kommunerna gjort med samråden?"
