"""The home page in Chromium (issue 12): a planner reaches their municipality's page in one
click; the public's and each role's home page pass axe (WCAG 2.1 AA), also at phone width."""

import pytest
from playwright.sync_api import expect

from networks.models import AgendaItem
from tests.knowledge.factories import DocumentFactory
from tests.knowledge.test_browser import _sign_in
from tests.networks.factories import AgendaItemFactory, MeetingFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_planner_reaches_their_municipality_in_one_click(page, live_server, planner, municipality, axe_check):
    _sign_in(page, live_server, planner.username)
    page.goto(live_server.url + "/")
    card = page.get_by_role("region", name="Din kommun")
    card.get_by_role("link", name=municipality.name).click()
    expect(page).to_have_url(live_server.url + municipality.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text(municipality.name)


@pytest.mark.parametrize("who", [None, "planner", "coordinator", "editor", "case_officer"])
def test_home_page_passes_axe_at_desktop_and_phone_width(page, live_server, axe_check, request, who):
    network = NetworkFactory(name="Forum för fysisk planering")
    meeting = MeetingFactory(network=network, title="Decembermötet")
    AgendaItemFactory(meeting=meeting, status=AgendaItem.Status.PROPOSED)
    DocumentFactory(title="Gammal trafikanalys", overdue=True)
    if who:
        user = request.getfixturevalue(who)
        network.coordinators.add(user)
        _sign_in(page, live_server, user.username)
    for width in (1280, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/")
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
