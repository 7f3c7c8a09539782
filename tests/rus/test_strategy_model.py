"""Part 1: the strategy as data – the tree, the 17 Agenda 2030 goals as reference data, the
mapping of RUS goals to them; bad input through the admin refused with a clear message."""

from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from rus.models import Agenda2030Goal, Indicator, IndicatorValue

from .factories import GoalFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def test_the_17_agenda_2030_goals_are_reference_data():
    goals = list(Agenda2030Goal.objects.values_list("number", "name"))
    assert [n for n, _ in goals] == list(range(1, 18))
    assert goals[12] == (13, "Bekämpa klimatförändringarna")


def test_goal_maps_to_the_global_goals_it_serves(strategy):
    goal = GoalFactory(strategy=strategy)
    goal.agenda2030_goals.set(Agenda2030Goal.objects.filter(number__in=[7, 13]))
    assert sorted(Agenda2030Goal.objects.get(number=13).rus_goals.values_list("pk", flat=True)) == [goal.pk]


def test_one_value_per_indicator_area_and_year(indicator, county):
    IndicatorValueFactory(indicator=indicator, area=county, year=2022)
    with pytest.raises(IntegrityError):
        IndicatorValueFactory(indicator=indicator, area=county, year=2022)


def test_database_refuses_target_year_before_baseline(indicator):
    indicator.target_year = 2010
    with pytest.raises(IntegrityError):
        indicator.save()


def test_admin_refuses_target_year_before_baseline(client, administrator, indicator):
    client.force_login(administrator)
    url = reverse("admin:rus_indicator_change", args=[indicator.pk])
    data = {
        "goal": indicator.goal.pk,
        "slug": indicator.slug,
        "name": indicator.name,
        "unit": "procent",
        "source": "kolada",
        "source_id": "N00914",
        "better": "higher",
        "baseline_year": 2024,
        "baseline_value": "70",
        "target_year": 2020,
        "target_value": "80",
        "areas": [a.pk for a in indicator.areas.all()],
        "status": "published",
        "order": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Målåret måste vara efter utgångsåret." in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.target_year == 2030


def test_admin_refuses_a_value_for_an_area_not_measured(client, administrator, indicator):
    from tests.factories import OrganisationFactory

    laxa = OrganisationFactory(municipality=True, name="Laxå kommun", slug="laxa", code="1860")
    client.force_login(administrator)
    response = client.post(
        reverse("admin:rus_indicatorvalue_add"),
        {"indicator": indicator.pk, "area": laxa.pk, "year": 2022, "value": "5", "source_note": ""},
    )
    assert response.status_code == 200
    assert "mäts inte för Laxå kommun" in response.content.decode()
    assert IndicatorValue.objects.count() == 0


def test_indicator_area_of_the_county_and_municipalities(indicator, county, municipalities):
    assert set(indicator.areas.all()) == {county, *municipalities}
    assert Indicator.objects.get(pk=indicator.pk).baseline_value == Decimal("70")
