"""Real Chromium, keyboard only: an editor changes a news item from the library's front page;
axe on the edit page, before and after an error."""

import datetime

import pytest
from playwright.sync_api import expect

from knowledge.models import NewsItem
from tests.knowledge.factories import NewsItemFactory, ThemeFactory
from tests.knowledge.test_browser import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_changes_a_news_item_with_the_keyboard(page, live_server, editor, axe_check):
    ThemeFactory(name="Klimat", slug="klimat")
    item = NewsItemFactory(title="Ny vägledning om klimatanpassning", published_on=datetime.date(2026, 10, 1))
    _sign_in(page, live_server, editor.username)
    page.goto(live_server.url + "/dokument/")

    page.get_by_role("link", name="Ändra Ny vägledning om klimatanpassning").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Ändra Ny vägledning om klimatanpassning")
    expect(page.get_by_label("Rubrik")).to_have_value("Ny vägledning om klimatanpassning")
    axe_check(page)

    page.get_by_label("Rubrik").fill("")
    page.get_by_label("Rubrik").press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Rubrik: Ange en rubrik.")
    expect(page.locator("#id_title-error")).to_contain_text("Ange en rubrik.")
    axe_check(page)

    summary.get_by_role("link", name="Rubrik: Ange en rubrik.").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Rubrik")).to_be_focused()
    page.keyboard.type("Reviderad vägledning om klimatanpassning")
    page.get_by_label("Klimat").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Spara").focus()
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Omvärldsbevakning")
    expect(page.get_by_text("Ändringarna i nyheten är sparade.")).to_be_visible()
    expect(page.get_by_role("link", name="Reviderad vägledning om klimatanpassning", exact=True)).to_be_visible()
    item.refresh_from_db()
    assert item.title == "Reviderad vägledning om klimatanpassning"
    assert list(item.themes.values_list("slug", flat=True)) == ["klimat"]
    assert NewsItem.objects.count() == 1
