"""Real Chromium, keyboard only: an editor changes a news item from the library's front page,
and replaces and deletes a map layer from the layer list; axe on the edit pages (before and
after an error) and on the confirmation page."""

import datetime

import pytest
from playwright.sync_api import expect

from knowledge import services
from knowledge.models import Layer, NewsItem
from tests.knowledge.editing_support import _geojson, _point, _stations
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


def test_editor_replaces_and_deletes_a_layer_with_the_keyboard(page, live_server, editor, axe_check, tmp_path):
    layer = services.layer_upload(
        upload=_geojson("orter.geojson", (_point(15.213, 59.274), {"name": "Örebro"})), name="Orter", actor=editor
    )
    bad = tmp_path / "fel.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null}]}')
    good = tmp_path / "stationer.geojson"
    good.write_bytes(_stations().read())
    _sign_in(page, live_server, editor.username)
    page.goto(live_server.url + "/dokument/kartlager/")

    page.get_by_role("link", name="Ändra Orter").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Ändra Orter")
    axe_check(page)

    page.get_by_label("Ersätt objekten med en ny fil").set_input_files(str(bad))
    page.get_by_role("button", name="Spara").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_contain_text("fel.geojson: 1 objekt är felaktiga, inget sparades.")
    expect(page.locator("#error-summary")).to_contain_text("Objekt 1: saknar geometri")
    axe_check(page)
    assert Layer.objects.get(pk=layer.pk).feature_count == 1

    page.get_by_label("Ersätt objekten med en ny fil").set_input_files(str(good))
    page.get_by_role("button", name="Spara").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Objekten är ersatta med de 3 i stationer.geojson.")).to_be_visible()
    expect(page.locator("#layer-map")).to_have_attribute("data-map-state", "ready")

    page.get_by_role("link", name="Ta bort", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Ta bort Orter?")
    axe_check(page)
    page.get_by_role("button", name="Ta bort kartlagret").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kartlagret ”Orter” är borttaget.")).to_be_visible()
    assert not Layer.objects.exists()


def test_the_public_filters_news_by_theme_with_the_keyboard(page, live_server, axe_check):
    energy = ThemeFactory(name="Energi", slug="energi")
    NewsItemFactory(title="Energinyhet från Energimyndigheten").themes.set([energy])
    NewsItemFactory(title="Nyhet om något annat")
    page.goto(live_server.url + "/dokument/omvarld/")
    axe_check(page)
    page.get_by_label("Tema").select_option("energi")
    page.get_by_role("button", name="Filtrera").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#news-count")).to_have_text("1 nyhet")
    expect(page.get_by_text("Energinyhet från Energimyndigheten")).to_be_visible()
    expect(page.get_by_text("Nyhet om något annat")).to_have_count(0)
    page.goto(live_server.url + "/dokument/omvarld/?scope=mars")
    expect(page.locator(".error-summary")).to_contain_text("Okänd omfattning")
    axe_check(page)
