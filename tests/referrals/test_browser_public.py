"""Real Chromium on the public pages of referrals: the register (search, filter, open a case),
the statistics (charts drawn beside their tables) and the map (the list follows the map);
axe reports no WCAG 2.1 AA violations on each, in Swedish and in English."""

import datetime

import pytest
from playwright.sync_api import expect

from referrals.models import Outcome, PlanType, Reply

from .factories import MunicipalityFactory, ReferralDocumentFactory, ReferralFactory, ReplyFactory, ReplyPointFactory
from .factories import plan_area as area

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(db):
    kumla = MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881")
    nora = MunicipalityFactory(name="Nora kommun", slug="nora", code="1884")
    housing = ReferralFactory(
        sender=kumla, plan_name="Detaljplan för bostäder vid Ekängen", received=datetime.date(2026, 3, 2)
    )
    ReferralDocumentFactory(referral=housing, name="Plankarta Ekängen.pdf")
    op = ReferralFactory(
        sender=nora,
        plan_name="Översiktsplan Nora 2050",
        plan_type=PlanType.OP,
        answered=True,
        received=datetime.date(2025, 9, 1),
        deadline=datetime.date(2025, 10, 1),
        area=area(east=470000, north=6630000, size=3000),
    )
    reply = ReplyFactory(referral=op, status=Reply.Status.SENT, sent_on=datetime.date(2025, 9, 25))
    ReplyPointFactory(reply=reply, heading="Kollektivtrafik", text="Stråket behöver stärkas.", outcome=Outcome.FULLY)
    ReferralFactory(
        sender=kumla, declined=True, received=datetime.date(2025, 4, 1), plan_name="Planprogram Hagaby", no_area=True
    )
    return {"housing": housing, "op": op}


def _english(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


@pytest.mark.parametrize("language", ["sv", "en"])
def test_register_search_filter_and_case(page, live_server, register, axe_check, language):
    if language == "en":
        _english(page, live_server)
    page.goto(live_server.url + "/diarium/")
    count = page.locator("#register-count")
    expect(count).to_have_text("3 remisser" if language == "sv" else "3 referrals")
    axe_check(page)
    page.get_by_label("Sök" if language == "sv" else "Search", exact=True).fill("bostader")
    page.get_by_role("button", name="Filtrera" if language == "sv" else "Filter").click()
    expect(count).to_have_text("1 remiss" if language == "sv" else "1 referral")
    page.get_by_role("link", name=register["housing"].diary_number).click()
    expect(page.locator("h1")).to_have_text("Detaljplan för bostäder vid Ekängen")
    expect(page.get_by_role("link", name="Plankarta Ekängen.pdf")).to_be_visible()
    expect(page.locator("#case-map")).to_have_attribute("data-map-state", "ready")
    axe_check(page)
    page.goto(live_server.url + register["op"].get_public_url())
    expect(page.get_by_text("Stråket behöver stärkas.")).to_be_visible()
    axe_check(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_statistics_charts_beside_their_tables(page, live_server, register, axe_check, language):
    if language == "en":
        _english(page, live_server)
    page.goto(live_server.url + "/remisser/statistik/")
    expect(page.locator("h1")).to_have_text("Remisstatistik" if language == "sv" else "Referral statistics")
    charts = page.locator("canvas[data-referral-chart]")
    expect(charts).to_have_count(8)
    for i in range(8):
        expect(charts.nth(i)).to_have_attribute("data-chart-state", "drawn")
    axe_check(page)
    page.get_by_label("Från år" if language == "sv" else "From year").fill("2026")
    page.get_by_role("button", name="Visa" if language == "sv" else "Show").click()
    expect(page.locator("#fig-per-ar tbody tr")).to_have_count(1)
    axe_check(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_map_list_follows_the_map(page, live_server, register, axe_check, language):
    if language == "en":
        _english(page, live_server)
    page.goto(live_server.url + "/remisser/karta/")
    map_el = page.locator("#referral-map")
    expect(map_el).to_have_attribute("data-map-state", "ready")
    expect(map_el).to_have_attribute("data-features-referrals", "2")
    rows = page.locator("#map-list tbody tr")
    expect(rows).to_have_count(2)  # both plan areas in the county view
    axe_check(page)
    # Zoom to Örebro: only the housing plan's area stays in view.
    page.evaluate("document.getElementById('referral-map')._leafletMap.fitBounds([[59.15, 15.0], [59.4, 15.5]])")
    expect(rows).to_have_count(1)
    expect(page.locator("#map-list-count")).to_have_text(
        "1 remiss i kartans utsnitt" if language == "sv" else "1 referral in the map view"
    )
    expect(rows.first.get_by_role("link", name=register["housing"].diary_number)).to_be_visible()
    axe_check(page)
    # Filtering reloads the layer with the same filter.
    page.get_by_label("Status").select_option("closed")
    page.get_by_role("button", name="Filtrera" if language == "sv" else "Filter").click()
    expect(map_el).to_have_attribute("data-features-referrals", "1")


def test_map_list_without_javascript_lists_the_filtered_cases(browser, live_server, register):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/remisser/karta/?municipality=kumla")
    expect(page.locator("#map-list tbody tr")).to_have_count(2)
    expect(page.locator("#map-list-count")).to_have_text("2 remisser matchar filtret")
    context.close()
