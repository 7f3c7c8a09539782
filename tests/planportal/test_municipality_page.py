"""The municipality as home (issue 11, item 2): the municipality page gathers its networks and
contact people, its next meetings, its referral cases on a map (with their list), the documents
covering it, its indicators against the county, the take-homes from meetings and the document
requests it supports; each section from its own app, each showing only what the reader may see:
the public, a planner of the municipality, a planner of another municipality, a case officer.
The page costs the same number of queries whatever the number of rows."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from knowledge.models import RequestSupport
from networks.models import Minutes, TakeHome
from planportal import roles
from tests.conftest import _user_with_role
from tests.factories import OrganisationFactory, PersonFactory
from tests.knowledge.factories import DocumentFactory, RequestFactory
from tests.networks.factories import MeetingFactory, MembershipFactory, NetworkFactory
from tests.referrals.factories import MunicipalityFactory, ReferralFactory, plan_area
from tests.rus.factories import IndicatorFactory, IndicatorValueFactory, StrategyFactory

pytestmark = pytest.mark.django_db

ROLES = ("public", "planner", "other_planner", "case_officer")


@pytest.fixture
def home(db, region):
    """Exempelkommun (with a boundary) and Grannkommun, with something in every section."""
    home = MunicipalityFactory(name="Exempelkommun", slug="exempelkommun", code="1999")
    other = MunicipalityFactory(name="Grannkommun", slug="grannkommun", code="1998")
    w = {"home": home, "other": other, "region": region}
    # networks: a public one and an internal one with the municipality as member, meetings in both
    open_network = NetworkFactory(name="Öppna planeringsnätverket")
    closed_network = NetworkFactory(name="Slutna beredningsgruppen", internal=True)
    MembershipFactory(
        network=open_network, organisation=home, person=PersonFactory(organisation=home, name="Anna Kontakt")
    )
    MembershipFactory(network=closed_network, organisation=home)
    MeetingFactory(network=open_network, title="Öppet höstmöte")
    MeetingFactory(network=closed_network, title="Slutet beredningsmöte")
    # take-homes: one from a meeting with published minutes, one whose minutes are a draft
    published = MeetingFactory(network=open_network, past=True, title="Publicerat möte")
    Minutes.objects.create(meeting=published, status=Minutes.Status.PUBLISHED, published_at=timezone.now())
    TakeHome.objects.create(meeting=published, organisation=home, text="Publicerat hemtagande om cykelvägar")
    # a meeting the municipality wrote nothing from: its general take-home stands in
    general = MeetingFactory(network=open_network, past=True, title="Möte utan eget hemtagande")
    Minutes.objects.create(meeting=general, status=Minutes.Status.PUBLISHED, published_at=timezone.now())
    TakeHome.objects.create(meeting=general, text="Gemensamt hemtagande om kollektivtrafik")
    TakeHome.objects.create(meeting=published, text="Gemensamt hemtagande som vårt eget ersätter")
    # a network the municipality is not in: its take-homes are not the municipality's
    elsewhere = MeetingFactory(network=NetworkFactory(name="Annat nätverk"), past=True, title="Annat möte")
    Minutes.objects.create(meeting=elsewhere, status=Minutes.Status.PUBLISHED, published_at=timezone.now())
    TakeHome.objects.create(meeting=elsewhere, text="Hemtagande från ett annat nätverk")
    draft = MeetingFactory(network=open_network, past=True, title="Ojusterat möte")
    Minutes.objects.create(meeting=draft, status=Minutes.Status.DRAFT)
    TakeHome.objects.create(meeting=draft, organisation=home, text="Ojusterat hemtagande om skolor")
    # referrals: an open case and an answered one with plan areas, an open one without
    w["open_case"] = ReferralFactory(sender=home, plan_name="Detaljplan för Ekbacken")
    w["closed_case"] = ReferralFactory(sender=home, plan_name="Översiktsplan 2040", answered=True)
    w["no_area"] = ReferralFactory(sender=home, plan_name="Planprogram utan område", no_area=True)
    ReferralFactory(sender=other, plan_name="Grannens detaljplan", area=plan_area(east=530000))
    # documents covering the municipality: a public one and an internal one
    DocumentFactory(title="Offentlig trafikanalys", municipalities=[home])
    DocumentFactory(title="Internt PM om markfrågor", municipalities=[home], internal=True)
    DocumentFactory(title="Grannens grönplan", municipalities=[other])
    # indicators: a published one (with the county's value) and one of a draft strategy
    published_indicator = IndicatorFactory(name="Andel hushåll med bredband", areas=[home, region])
    IndicatorValueFactory(indicator=published_indicator, area=home, year=2025, value=Decimal("90"))
    IndicatorValueFactory(indicator=published_indicator, area=region, year=2025, value=Decimal("60"))
    draft_indicator = IndicatorFactory(
        name="Utkast till indikator", areas=[home], goal__strategy=StrategyFactory(draft=True, slug="utkast")
    )
    IndicatorValueFactory(indicator=draft_indicator, area=home, year=2025)
    # document requests: one the municipality supports, one it does not
    supported = RequestFactory(topic="Underlag om solcellsparker", organisation=other)
    RequestSupport.objects.create(request=supported, organisation=other)
    RequestSupport.objects.create(request=supported, organisation=home)
    RequestFactory(topic="Underlag om vindkraft", organisation=other)
    return w


@pytest.fixture
def readers(home, case_officer):
    return {
        "public": None,
        "planner": _user_with_role(roles.PLANNER, home["home"], username="hemplanerare"),
        "other_planner": _user_with_role(roles.PLANNER, home["other"], username="grannplanerare"),
        "case_officer": case_officer,
    }


def page(client, home, reader):
    if reader is not None:
        client.force_login(reader)
    response = client.get(home["home"].get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def section(html, title):
    """The text of the page's section headed `title` (from its h2 to the next section)."""
    start = html.index(f">{title}</h2>")
    return html[start : html.find("</section>", start)]


def map_layers(html) -> dict:
    raw = re.search(r'id="organisation-map"[^>]*data-map-layers="([^"]*)"', html).group(1)
    layers = json.loads(raw.replace("&quot;", '"').replace("&amp;", "&").replace("&#x27;", "'"))
    return {layer["key"]: layer for layer in layers}


# who sees what: (text, the readers who see it)
EXPECTED = [
    ("Öppna planeringsnätverket", {"public", "planner", "other_planner", "case_officer"}),
    ("Slutna beredningsgruppen", {"planner"}),
    ("Öppet höstmöte", {"public", "planner", "other_planner", "case_officer"}),
    ("Slutet beredningsmöte", {"planner"}),
    ("Anna Kontakt", {"planner", "other_planner", "case_officer"}),
    ("Publicerat hemtagande om cykelvägar", {"public", "planner", "other_planner", "case_officer"}),
    ("Ojusterat hemtagande om skolor", {"planner"}),
    ("Gemensamt hemtagande om kollektivtrafik", {"public", "planner", "other_planner", "case_officer"}),
    ("Gemensamt hemtagande som vårt eget ersätter", set()),
    ("Hemtagande från ett annat nätverk", set()),
    ("Detaljplan för Ekbacken", {"public", "planner", "other_planner", "case_officer"}),
    ("Grannens detaljplan", set()),
    ("Offentlig trafikanalys", {"public", "planner", "other_planner", "case_officer"}),
    ("Internt PM om markfrågor", {"planner", "other_planner", "case_officer"}),
    ("Grannens grönplan", set()),
    ("Andel hushåll med bredband", {"public", "planner", "other_planner", "case_officer"}),
    ("Utkast till indikator", {"case_officer"}),
    ("Underlag om solcellsparker", {"planner", "other_planner", "case_officer"}),
    ("Underlag om vindkraft", set()),
]


@pytest.mark.parametrize("who", ROLES)
def test_each_reader_sees_what_they_may_and_nothing_else(client, home, readers, who):
    html = page(client, home, readers[who])
    for text, seen_by in EXPECTED:
        assert (text in html) == (who in seen_by), f"{who}: {text!r} should {'' if who in seen_by else 'not '}show"


@pytest.mark.parametrize("who", ROLES)
def test_the_sections_come_in_order_each_from_its_app(client, home, readers, who):
    html = page(client, home, readers[who])
    titles = re.findall(r'<h2 id="section-\d+">([^<]+)</h2>', html)
    expected = [
        "Nätverk och möten",
        "RUS-indikatorer: kommunen jämfört med länet",
        "Dokument",
        "Önskemål om underlag som kommunen stöttar",
        "Hemtagande från nätverksmöten",
        "Remisser till Regionen",
    ]
    if who == "public":  # requests are the signed-in's shared work list
        expected.remove("Önskemål om underlag som kommunen stöttar")
    assert titles == expected
    assert "Kontaktpersoner" in html


@pytest.mark.parametrize("who", ROLES)
def test_referral_cases_are_on_the_map_and_in_the_list(client, home, readers, who):
    html = page(client, home, readers[who])
    layers = map_layers(html)
    assert list(layers) == ["organisation", "open-referrals", "recent-referrals"]
    assert layers["organisation"]["fit"] is True  # framed on the municipality
    assert not layers["open-referrals"]["fit"] and not layers["recent-referrals"]["fit"]
    on_map = {
        key: [f["properties"]["plan_name"] for f in layers[key]["geojson"]["features"]]
        for key in ("open-referrals", "recent-referrals")
    }
    assert on_map == {"open-referrals": ["Detaljplan för Ekbacken"], "recent-referrals": ["Översiktsplan 2040"]}
    feature = layers["open-referrals"]["geojson"]["features"][0]
    case = home["open_case"]
    # officers go to their case page; everyone else to the public register
    expected_url = case.get_absolute_url() if who == "case_officer" else case.get_public_url()
    assert feature["properties"]["url"] == expected_url
    lon, lat = feature["geometry"]["coordinates"][0][0][0]
    assert 14 < lon < 16 and 58.6 < lat < 60.2  # WGS 84, inside Örebro län
    listed = section(html, "Remisser till Regionen")
    assert f'href="{expected_url}"' in listed
    # the list is the map's text alternative: it says which case is not on the map
    no_area = listed.split("Planprogram utan område", 1)[1].split("</li>", 1)[0]
    assert "saknar planområde" in no_area
    assert "saknar planområde" not in listed.split("Detaljplan för Ekbacken", 1)[1].split("</li>", 1)[0]
    titles = re.findall(r'<h2 id="section-\d+">([^<]+)</h2>', html)
    anchor = f"section-{titles.index('Remisser till Regionen') + 1}"
    assert f'href="#{anchor}">Remisser till Regionen</a>' in html  # from the map to its list


def test_a_municipality_without_a_boundary_or_cases_has_no_map(client):
    bare = OrganisationFactory(municipality=True, name="Gränslös kommun", slug="granslos", seat=None)
    html = client.get(bare.get_absolute_url()).content.decode()
    assert 'id="organisation-map"' not in html and "leaflet" not in html.lower()


def test_without_a_boundary_the_map_frames_the_cases(client, home):
    home["home"].boundary = home["home"].seat = None
    home["home"].save()
    layers = map_layers(page(client, home, None))
    assert "organisation" not in layers and layers["open-referrals"]["fit"] is True


def test_indicators_show_the_latest_value_beside_the_county_with_bars(client, home):
    rows = section(page(client, home, None), "RUS-indikatorer: kommunen jämfört med länet")
    row = rows.split("Andel hushåll med bredband", 1)[1].split("</tr>", 1)[0]
    assert "<td>2025</td>" in row and "90 procent" in row and "60 procent" in row
    # the bars draw the same numbers (the larger full length) and are hidden from screen readers
    assert 'aria-hidden="true"' in row and 'width="100" fill="#005a9c"' in row and 'width="67" fill="#8c8c8c"' in row


def test_a_general_take_home_says_it_is_the_meetings(client, home):
    html = section(page(client, home, None), "Hemtagande från nätverksmöten")
    general = html.split("Möte utan eget hemtagande", 1)[1].split("</article>", 1)[0]
    assert "Mötets gemensamma hemtagande" in general
    own = html.split("Publicerat möte", 1)[1].split("</article>", 1)[0]
    assert "Mötets gemensamma hemtagande" not in own and "cykelvägar" in own


def test_requests_section_shows_support_and_who_proposed(client, home, readers):
    html = section(page(client, home, readers["planner"]), "Önskemål om underlag som kommunen stöttar")
    assert "Exempelkommun stöttar 1 önskemål" in html
    row = html.split("Underlag om solcellsparker", 1)[1].split("</tr>", 1)[0]
    assert "2 organisationer" in row and "Grannkommun" in row
    assert "/dokument/onskemal/?municipality=1999" in html


def test_the_county_and_other_organisations_get_their_pages_too(client, home, readers):
    html = page(client, {"home": home["region"]}, readers["case_officer"])
    assert "Region Örebro län" in html and "Remisser till Regionen" not in html


def _grow(home, n):
    """n more rows in every section of Exempelkommun's page."""
    municipality, region = home["home"], home["region"]
    for i in range(n):
        network = NetworkFactory()
        MembershipFactory(network=network, organisation=municipality)
        MeetingFactory(network=network)
        meeting = MeetingFactory(network=network, past=True)
        Minutes.objects.create(meeting=meeting, status=Minutes.Status.PUBLISHED, published_at=timezone.now())
        TakeHome.objects.create(meeting=meeting, organisation=municipality, text=f"Hemtagande {i}")
        ReferralFactory(sender=municipality, plan_name=f"Plan {i}", area=plan_area(east=505000 + 300 * i))
        ReferralFactory(
            sender=municipality,
            answered=True,
            received=timezone.localdate() - datetime.timedelta(days=i + 1),
        )
        DocumentFactory(municipalities=[municipality])
        PersonFactory(organisation=municipality)
        indicator = IndicatorFactory(areas=[municipality, region])
        IndicatorValueFactory(indicator=indicator, area=municipality, year=2024)
        IndicatorValueFactory(indicator=indicator, area=region, year=2024)
        request = RequestFactory(organisation=municipality)
        RequestSupport.objects.create(request=request, organisation=municipality)


@pytest.mark.parametrize("who", ["public", "planner"])
def test_the_page_costs_the_same_queries_for_1_and_10_rows(client, home, readers, count_queries, who):
    if readers[who] is not None:
        client.force_login(readers[who])
    url = home["home"].get_absolute_url()
    client.get(url)  # warm per-process caches (content types, site settings)
    one, _ = count_queries(lambda: client.get(url))
    _grow(home, 9)  # past the limits of rows shown (8 meetings, 10 take-homes, 5 recent cases)
    many, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200
    assert one == many
    layers = map_layers(response.content.decode())
    assert len(layers["open-referrals"]["geojson"]["features"]) == 10


def test_the_english_page_has_its_sections_in_english(client, home, readers):
    client.force_login(readers["planner"])
    client.cookies["django_language"] = "en"
    html = client.get(home["home"].get_absolute_url()).content.decode()
    for english in (
        "Requests for documents the municipality supports",
        "Referrals to the Region",
        "Recently closed",
        "What the map shows is also listed:",
        "The plan areas are shown on the map at the top of the page",
        "As bars: the municipality (dark) and the county (light)",
        "Exempelkommun supports 1 request for a new planning document.",
    ):
        assert english in html, english
