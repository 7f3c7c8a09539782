"""English pages carry no Swedish that the portal wrote (issue 12): the map attribution, the
reporting-lines diagram's legend, indicator units, a membership's name, and network texts where
the portal's words meet data written by people (which stays in its language, marked lang="sv")."""

import re

import pytest
from django.test import override_settings
from django.utils import translation

from networks.models import MembershipRole, NetworkLine
from planportal.tiles import tile_attribution
from tests.factories import OrganisationFactory
from tests.networks.factories import MembershipFactory, NetworkFactory
from tests.rus.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

OSM = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bidragsgivare'


def english(client, url):
    client.cookies["django_language"] = "en"
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert 'lang="en"' in html
    return html


def visible_text(html):
    """The page's main text, without the parts marked as Swedish data (lang="sv")."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r'<(\w+)[^>]*\blang="sv"[^>]*>.*?</\1>', " ", main, flags=re.S)
    return re.sub(r"<[^>]+>", " ", main)


@override_settings(MAP_TILE_ATTRIBUTION=OSM, MAP_TILE_URL="http://127.0.0.1:1/{z}/{x}/{y}.png")
def test_the_map_attribution_follows_the_language(client):
    with translation.override("en"):
        assert tile_attribution().endswith("</a> contributors")
    with translation.override("sv"):
        assert tile_attribution() == OSM
    html = english(client, "/karta/")
    assert "OpenStreetMap&lt;/a&gt; contributors" in html and "bidragsgivare" not in html


@override_settings(MAP_TILE_ATTRIBUTION="© Lantmäteriet")
def test_another_tile_servers_attribution_is_shown_as_configured():
    with translation.override("en"):
        assert tile_attribution() == "© Lantmäteriet"


def test_the_reporting_lines_legend_is_english(client):
    NetworkLine.objects.create(
        source=NetworkFactory(name="Beredningsgruppen"), target=NetworkFactory(name="Rådet"), kind="reports_to"
    )
    html = english(client, "/natverk/deltagande/")
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "reports to" in svg and "prepares matters for" in svg
    assert "rapporterar till" not in svg and "bereder ärenden för" not in svg


def with_a_value(unit):
    county = OrganisationFactory(region=True)
    indicator = IndicatorFactory(unit=unit, areas=[county])
    IndicatorValueFactory(indicator=indicator, area=county, year=2024)
    return indicator


@pytest.mark.parametrize("unit, shown", [("procent", "per cent"), ("antal/1 000 inv.", "per 1,000 inhabitants")])
def test_indicator_units_are_english(client, unit, shown):
    indicator = with_a_value(unit)
    for url in (indicator.get_absolute_url(), "/rus/indikatorer/"):
        text = visible_text(english(client, url))
        assert shown in text, url
        assert unit not in text, url


def test_an_unknown_unit_is_shown_as_written(client):
    indicator = with_a_value("bussar/dygn")
    assert "bussar/dygn" in english(client, indicator.get_absolute_url())


def test_a_membership_reads_in_english(client):
    membership = MembershipFactory(
        network=NetworkFactory(short_name="BRO"), organisation=OrganisationFactory(name="Askersunds kommun")
    )
    membership.role = MembershipRole.MEMBER
    with translation.override("en"):
        assert str(membership).endswith(" in BRO") and " i BRO" not in str(membership)


def test_network_texts_keep_people_s_swedish_apart_from_the_portal_s_english(client):
    network = NetworkFactory(
        meetings_per_year=5,
        rhythm_note="Deltagandet är frivilligt och varierar med ämnet.",
        mandate_note="Informellt forum utan beslutsmandat.",
        target_group="Översiktsplanerare i kommunerna",
        purpose="Lärande och erfarenhetsutbyte om fysisk planering.",
    )
    html = english(client, network.get_absolute_url())
    assert "at least 5 meetings a year" in html
    for data in ("Deltagandet är frivilligt", "Informellt forum", "Översiktsplanerare", "Lärande och"):
        assert re.search(rf'lang="sv"[^>]*>\s*{data}', html), data
        assert data not in visible_text(html)
