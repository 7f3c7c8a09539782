"""Swedish matching as the library's: inflections, compounds, accents, typos (the trigram
fallbacks only when the exact match finds little), for the kinds with the search's own text."""

import pytest

from networks.models import Organisation
from search.selectors import global_search
from tests.factories import OrganisationFactory
from tests.networks.factories import AgendaItemFactory, MeetingFactory, NetworkFactory
from tests.rus.factories import GoalFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def titles(q, kind):
    result = global_search(user=None, q=q, kind=kind)
    return [row["title"] for group in result["groups"] for row in group["results"]]


def test_inflections_fold():
    network = NetworkFactory(name="Nätverket för bostadsplanering", short_name="")
    assert titles("bostadsplaneringen", "networks") == [network.name]
    meeting = MeetingFactory(title="Möte om cykelvägar")
    assert titles("cykelväg", "meetings") == [meeting.title]


def test_accents_are_folded_both_ways():
    OrganisationFactory(name="Örebro kommun", slug="orebro-kommun", kind=Organisation.Kind.MUNICIPALITY, code="1880")
    assert titles("orebro", "organisations") == ["Örebro kommun"]
    assert titles("ÖREBRO", "organisations") == ["Örebro kommun"]
    GoalFactory(name="Hållbar energiförsörjning")
    assert titles("hallbar", "goals")[0].endswith("Hållbar energiförsörjning")


def test_a_part_of_a_compound_finds_it():
    IndicatorFactory(name="Andel förnybar energi", definition="Vindkraft och solenergi i länet.")
    assert titles("energi", "indicators") == ["Andel förnybar energi"]
    AgendaItemFactory(title="Regionala kollektivtrafikprogrammet")
    assert titles("trafikprogram", "agenda_items") == []  # not public: the meeting's agenda is unpublished
    NetworkFactory(name="Kollektivtrafiknätverket", short_name="")
    assert titles("trafik", "networks") == ["Kollektivtrafiknätverket"]


def test_a_typo_is_forgiven_when_the_exact_search_finds_little():
    NetworkFactory(name="Grönstrukturnätverket", short_name="")
    assert titles("grönstruktur", "networks") == ["Grönstrukturnätverket"]
    assert titles("gronstrukturnatverket", "networks") == ["Grönstrukturnätverket"]
    assert titles("grönstruktrunätverket", "networks") == ["Grönstrukturnätverket"]  # two letters swapped


def test_the_typo_fallback_stays_out_when_the_exact_search_finds_enough():
    for n in range(3):
        NetworkFactory(name=f"Skogsbruksnätverk {n}", short_name="")
    NetworkFactory(name="Skogsbryksnätverk", short_name="")  # one letter off
    assert sorted(titles("skogsbruksnätverk", "networks")) == [f"Skogsbruksnätverk {n}" for n in range(3)]
    # With fewer exact hits than three, the near miss comes too (ranked after the exact ones).
    assert titles("skogsbryksnätverk", "networks")[0] == "Skogsbryksnätverk"
