"""The municipality as home in Chromium (issue 11, item 2): the municipality page draws its
referral cases on its map beside their list and passes axe (WCAG 2.1 AA) in Swedish and English,
also at 320 px without sideways scrolling; from the home page a planner reaches what is new for
their municipality, and its page, in one click each."""

import pytest
from playwright.sync_api import expect

from tests.knowledge.test_browser import _sign_in
from tests.planportal.test_municipality_page import home, readers  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAPS_READY = "() => [...document.querySelectorAll('[data-map-state]')].every((m) => m.dataset.mapState === 'ready')"


def _open(page, live_server, readers, who, language):  # noqa: F811
    if who:
        _sign_in(page, live_server, readers[who].username)
    if language == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def test_municipality_page_map_list_and_axe(page, live_server, home, readers, axe_check):  # noqa: F811
    # the public in Swedish, then a planner of the municipality in English
    for who, language in ((None, "sv"), ("planner", "en")):
        _open(page, live_server, readers, who, language)
        _check_page(page, live_server.url + home["home"].get_absolute_url(), language, axe_check)
    # a popup on the map links to the case's page in the register
    page.set_viewport_size({"width": 1280, "height": 900})
    # (paths in the order of the layers: the outline, the open case, the closed one)
    page.locator("#organisation-map path.leaflet-interactive").nth(1).dispatch_event("click")
    popup = page.locator(".leaflet-popup-content a")
    expect(popup).to_have_text("Detaljplan för Ekbacken")
    expect(popup).to_have_attribute("href", home["open_case"].get_public_url())


def _check_page(page, url, language, axe_check):
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.wait_for_function(MAPS_READY)
        the_map = page.locator("#organisation-map")
        # the open and the recently closed case are drawn; the case without an area is listed only
        expect(the_map).to_have_attribute("data-features-open-referrals", "1")
        expect(the_map).to_have_attribute("data-features-recent-referrals", "1")
        legend = the_map.locator(".map-legend")
        expect(legend).to_contain_text("Pågående remisser" if language == "sv" else "Open referrals")
        title = "Remisser till Regionen" if language == "sv" else "Referrals to the Region"
        listing = page.get_by_role("region", name=title)
        expect(listing.get_by_role("link", name="Planprogram utan område")).to_be_visible()
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_planner_follows_the_news_and_reaches_the_municipality(page, live_server, home, readers, axe_check):  # noqa: F811
    _open(page, live_server, readers, "planner", "en")
    page.goto(live_server.url + "/")
    news = page.get_by_role("region", name="What's new for Exempelkommun")
    expect(news.get_by_role("region", name="Minutes")).to_contain_text("Publicerat möte")
    axe_check(page)
    news.get_by_role("link", name="All about Exempelkommun on the municipality's page").click()
    expect(page).to_have_url(live_server.url + home["home"].get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Exempelkommun")
