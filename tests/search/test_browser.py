"""Real Chromium: search from the header's box, narrow to one kind, open a result by keyboard;
axe on the results in Swedish and English; no sideways scroll at 320 px."""

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.knowledge.factories import DocumentFactory
from tests.networks.factories import MeetingFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def findings(db):
    network = NetworkFactory(name="Grönstrukturnätverket", purpose="Samverkan om grönstruktur i länet.")
    meeting = MeetingFactory(
        network=network, title="Grönstrukturmöte i Nora", description="Grönstruktur och tätortsnära natur."
    )
    meeting.agenda_published_at = timezone.now()
    meeting.save()
    DocumentFactory(title="Grönstrukturplan för Örebro län", summary="Grönstruktur, parker och stråk <i>ny</i>.")
    return meeting


def test_search_filter_a_kind_and_open_a_result_by_keyboard(page, live_server, findings, axe_check):
    page.goto(live_server.url + "/")
    page.locator("#site-search-q").fill("grönstruktur")
    page.locator("#site-search-q").press("Enter")
    expect(page).to_have_url(live_server.url + "/sok/?q=gr%C3%B6nstruktur")
    expect(page.locator("#gs-meetings-title")).to_contain_text("Möten (1)")
    expect(page.locator(".gs-snippet mark").first).to_be_visible()
    axe_check(page)

    page.get_by_role("navigation", name="Visa träffar av en typ").get_by_role("link", name="Möten (1)").click()
    expect(page.get_by_role("link", name="Möten (1)")).to_have_attribute("aria-current", "page")
    expect(page.locator(".gs-group")).to_have_count(1)

    # To the result with the Tab key only, then Enter.
    page.locator("#gs-q").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Grönstrukturmöte i Nora":
            break
    else:
        pytest.fail("the result link was not reached with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Grönstrukturmöte i Nora")
    assert page.url == live_server.url + findings.get_absolute_url()


def test_the_results_in_english_and_at_320_px(page, live_server, findings, axe_check):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/sok/?q=gronstruktur")
    expect(page.locator("h1")).to_have_text("Search Planportalen")
    expect(page.locator("#gs-documents-title")).to_contain_text("Documents (1)")
    axe_check(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.goto(live_server.url + "/sok/?q=gronstruktur&kind=hemligt")
    expect(page.locator("#error-summary")).to_contain_text("Unknown kind hemligt (kind)")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
