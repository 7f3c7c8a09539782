"""English pages of each app carry no Swedish that the portal wrote (issue 12). Data written by
people stays in its language: the test's data uses neutral names, drops what is marked
lang="sv", and reads the page's own text (headings, labels, help, table headers, statuses)
for Swedish words the portal would write."""

from decimal import Decimal

import pytest

from tests.factories import OrganisationFactory
from tests.knowledge.factories import DocumentFactory, ThemeFactory
from tests.networks.factories import MeetingFactory, MembershipFactory, NetworkFactory
from tests.referrals.factories import ReferralFactory
from tests.rus.factories import GoalFactory, IndicatorFactory, IndicatorValueFactory, StrategyFactory

from .language import SWEDISH, own_text  # shared with test_language_every_page.py

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(db):
    county = OrganisationFactory(region=True)
    town = OrganisationFactory(municipality=True, name="Alpha", short_name="Alpha", slug="alpha", code="1881")
    network = NetworkFactory(name="Gamma", short_name="GAM", slug="gamma", purpose="Xyz.")
    MembershipFactory(network=network, organisation=town)
    MeetingFactory(network=network, title="Delta")
    strategy = StrategyFactory(name="Kappa", vision="Lambda")
    goal = GoalFactory(strategy=strategy, name="Mu")
    indicator = IndicatorFactory(goal=goal, name="Epsilon", unit="procent", areas=[county, town])
    IndicatorValueFactory(indicator=indicator, area=county, year=2024, value=Decimal("70"))
    theme = ThemeFactory(name="Zeta", slug="zeta")
    document = DocumentFactory(title="Eta", summary="Theta.", themes=[theme], municipalities=[town])
    referral = ReferralFactory(sender=town, plan_name="Iota", answered=True)
    return {
        "network": network.get_absolute_url(),
        "municipality": town.get_absolute_url(),
        "indicator": indicator.get_absolute_url(),
        "document": document.get_absolute_url(),
        "register": referral.get_public_url(),
    }


PAGES = ["/", "/rus/", "/rus/indikatorer/", "/karta/", "/kommuner/", "/diarium/", "/natverk/"]
PAGES_WITH_DATA = ["network", "municipality", "indicator", "document", "register"]


@pytest.mark.parametrize("page", PAGES + PAGES_WITH_DATA)
def test_english_page_has_no_swedish_of_the_portal(client, data, page):
    url = data.get(page, page)
    client.cookies["django_language"] = "en"
    response = client.get(url)
    assert response.status_code == 200, url
    text = own_text(response.content.decode())
    found = sorted({m.group(0) for m in SWEDISH.finditer(text)})
    context = [text[max(0, m.start() - 60) : m.end() + 40] for m in SWEDISH.finditer(text)][:5]
    assert not found, f"{url}: {found}\n" + "\n".join(context)
