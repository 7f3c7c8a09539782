from decimal import Decimal

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from planportal.geo import SWEREF99TM
from tests.factories import OrganisationFactory

from .factories import GoalFactory, IndicatorFactory, IndicatorValueFactory, StrategyFactory


def square(east, north, size=20000):
    return MultiPolygon(Polygon.from_bbox((east, north, east + size, north + size)), srid=SWEREF99TM)


@pytest.fixture
def county(region):
    """The county as an area is the Region's organisation (Kolada code 0018)."""
    return region


@pytest.fixture
def municipalities(db):
    """Three municipalities inside Örebro län: two with boundaries, one with only its seat."""
    from django.contrib.gis.geos import Point

    return [
        OrganisationFactory(
            municipality=True, name="Örebro kommun", slug="orebro", code="1880", boundary=square(500000, 6560000)
        ),
        OrganisationFactory(
            municipality=True, name="Kumla kommun", slug="kumla", code="1881", boundary=square(505000, 6535000)
        ),
        OrganisationFactory(
            municipality=True,
            name="Nora kommun",
            slug="nora",
            code="1884",
            boundary=None,
            seat=Point(502000, 6599000, srid=SWEREF99TM),
        ),
    ]


@pytest.fixture
def strategy(db):
    return StrategyFactory(slug="rus-2018-2030")


@pytest.fixture
def indicator(strategy, county, municipalities):
    goal = GoalFactory(strategy=strategy, code="1", name="Fler nya företag")
    return IndicatorFactory(
        goal=goal,
        slug="sysselsattning",
        name="Sysselsättningsgrad",
        source_id="N00914",
        areas=[county, *municipalities],
    )


@pytest.fixture
def indicator_with_values(indicator, county, municipalities):
    for year, value in ((2018, "70"), (2020, "72"), (2022, "74")):
        IndicatorValueFactory(indicator=indicator, area=county, year=year, value=Decimal(value))
    for i, m in enumerate(municipalities):
        for year in (2020, 2022):
            IndicatorValueFactory(indicator=indicator, area=m, year=year, value=Decimal(68 + i * 3 + (year - 2020)))
    return indicator
