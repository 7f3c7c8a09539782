"""Part 5: the pages – strategy tree with status badges, indicator page (chart data, table,
choropleth, legend, ranking), goal page, municipality section; Swedish, one h1, query counts."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory

from .factories import (
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PriorityAreaFactory,
    StrategicDirectionFactory,
)

pytestmark = pytest.mark.django_db


def test_strategy_page_shows_tree_with_status_badges(client, strategy, indicator_with_values):
    area = indicator_with_values.goal.priority_area
    StrategicDirectionFactory(priority_area=area, text="Skapa ett gott företagsklimat")
    response = client.get(reverse("rus:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert strategy.name in body and strategy.vision in body
    assert area.name in body and "Skapa ett gott företagsklimat" in body
    assert "1 Fler nya företag" in body
    # the county's latest value 74 (2022) is on the path 70 -> 82 (2018 -> 2030): on track, as text
    assert re.search(r'<span class="status status--ok">I fas</span>', body)
    assert "Sysselsättningsgrad" in body
    assert "74 procent (2022)" in body


def test_rus_appears_in_navigation(client, strategy):
    body = client.get("/").content.decode()
    assert 'href="/rus/"' in body


def test_indicator_page_has_chart_table_map_legend_and_ranking(client, indicator_with_values, municipalities):
    response = client.get(indicator_with_values.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    # chart data: the county and each municipality with values, and the target line
    spec = json.loads(re.search(r'data-rus-chart="([^"]+)"', body).group(1).replace("&quot;", '"'))
    labels = [s["label"] for s in spec["series"]]
    assert labels[0] == "Örebro län" and spec["series"][0]["county"] is True
    assert spec["series"][0]["points"] == [[2018, 70.0], [2020, 72.0], [2022, 74.0]]
    assert spec["target"] == [[2018, 70.0], [2030, 82.0]]
    assert len(spec["series"]) == 4
    # the same numbers as a table
    assert "<caption" in body and "Linje mot målet" in body
    # choropleth for the newest year, its legend and the ranking, best first
    assert 'data-rus-choropleth="' in body and "Teckenförklaring" in body
    ranking = body[body.index("Rangordning 2022") :]
    assert ranking.index("Nora kommun") < ranking.index("Kumla kommun") < ranking.index("Örebro kommun")


def test_indicator_page_year_parameter_picks_the_map_year(client, indicator_with_values):
    body = client.get(indicator_with_values.get_absolute_url() + "?year=2020").content.decode()
    assert "Rangordning 2020" in body
    # an unknown year falls back to the newest one rather than failing
    body = client.get(indicator_with_values.get_absolute_url() + "?year=abc").content.decode()
    assert "Rangordning 2022" in body


def test_numbers_use_swedish_format_and_notes_are_shown(client, indicator, county):
    IndicatorValueFactory(
        indicator=indicator,
        area=county,
        year=2024,
        value=Decimal("12345.6"),
        is_preliminary=True,
        source_note="Kolada, hämtat 2025-03-01",
    )
    body = client.get(indicator.get_absolute_url()).content.decode()
    assert "12\xa0345,6" in body
    assert "Kolada, hämtat 2025-03-01" in body and '<abbr title="preliminärt">P</abbr>' in body


def test_goal_page_lists_indicators_agenda2030_and_assessments(client, indicator_with_values):
    from rus.models import Agenda2030Goal

    from .factories import AssessmentFactory

    goal = indicator_with_values.goal
    goal.agenda2030_goals.set(Agenda2030Goal.objects.filter(number__in=[8, 9]))
    AssessmentFactory(goal=goal, year=2024, text="Stark utveckling i hela länet.")
    body = client.get(goal.get_absolute_url()).content.decode()
    assert "8. Anständiga arbetsvillkor och ekonomisk tillväxt" in body
    assert "9. Hållbar industri, innovationer och infrastruktur" in body
    assert "Stark utveckling i hela länet." in body
    assert "Sysselsättningsgrad" in body


def test_municipality_page_shows_indicators_against_county(client, indicator_with_values, municipalities):
    kumla = municipalities[1]
    body = client.get(kumla.get_absolute_url()).content.decode()
    assert "RUS-indikatorer: kommunen jämfört med länet" in body
    section = body[body.index("RUS-indikatorer") :]
    # Kumla 2022: 68 + 3 + 2 = 73; the county the same year: 74
    assert "73 procent" in section and "74 procent" in section


def test_municipality_without_indicators_has_no_section(client, indicator_with_values):
    other = OrganisationFactory(municipality=True, name="Laxå kommun", slug="laxa", code="1860")
    body = client.get(other.get_absolute_url()).content.decode()
    assert "RUS-indikatorer" not in body


def _indicators(strategy, areas, n):
    for i in range(n):
        ind = IndicatorFactory(goal=GoalFactory(strategy=strategy), areas=areas)
        for area in areas:
            IndicatorValueFactory(indicator=ind, area=area, year=2022, value=Decimal(70 + i))


def test_indicator_list_query_count_is_flat(client, count_queries, strategy, county, municipalities):
    _indicators(strategy, [county], 1)
    n1, r1 = count_queries(lambda: client.get(reverse("rus:indicator_list")))
    _indicators(strategy, [county], 24)
    n25, r25 = count_queries(lambda: client.get(reverse("rus:indicator_list")))
    assert r1.status_code == r25.status_code == 200
    assert "25 indikatorer" in r25.content.decode()
    assert n1 == n25


def test_strategy_page_query_count_is_flat(client, count_queries, strategy, county):
    _indicators(strategy, [county], 1)
    n1, _ = count_queries(lambda: client.get(reverse("rus:index")))
    _indicators(strategy, [county], 24)
    PriorityAreaFactory.create_batch(3, strategy=strategy)
    n25, _ = count_queries(lambda: client.get(reverse("rus:index")))
    assert n1 == n25


def test_municipality_section_query_count_is_flat(client, count_queries, strategy, county, municipalities):
    kumla = municipalities[1]
    _indicators(strategy, [county, kumla], 1)
    n1, _ = count_queries(lambda: client.get(kumla.get_absolute_url()))
    _indicators(strategy, [county, kumla], 24)
    n25, _ = count_queries(lambda: client.get(kumla.get_absolute_url()))
    assert n1 == n25


def test_indicator_filters_are_a_get_form(client, strategy, county):
    _indicators(strategy, [county], 3)
    from rus.models import Indicator

    first = Indicator.objects.first()
    body = client.get(reverse("rus:indicator_list"), {"q": first.source_id}).content.decode()
    assert "1 indikator" in body and first.name in body
    body = client.get(reverse("rus:indicator_list"), {"goal": "x"}).content.decode()
    assert "0 indikatorer" in body


def test_english_headings(client, strategy, indicator_with_values):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(reverse("rus:indicator_list")).content.decode()
    assert "<h1>Indicators</h1>" in body


def test_other_list_pages_query_counts_are_flat(client, count_queries, strategy, indicator_with_values, editor):
    from rus.models import AnnualReport

    from .factories import AssessmentFactory, StructureFeatureFactory, StructureImageFactory

    def build(n, start):
        for i in range(start, start + n):
            image = StructureImageFactory(key=f"bild-{i}")
            StructureFeatureFactory(image=image)
            AnnualReport.objects.create(strategy=strategy, year=2020, version=i + 1, status="done")
            AssessmentFactory(goal=indicator_with_values.goal, year=2000 + i)

    client.force_login(editor)
    urls = [
        reverse("rus:structure_image_list"),
        reverse("rus:report_list"),
        reverse("rus:import"),
        indicator_with_values.goal.get_absolute_url(),
        "/api/v1/rus/strategies/",
        "/api/v1/rus/structure-images/",
        f"/api/v1/rus/strategies/{strategy.slug}/",
    ]
    build(1, 0)
    first = [count_queries(lambda u=u: client.get(u))[0] for u in urls]
    build(24, 1)
    second = [count_queries(lambda u=u: client.get(u))[0] for u in urls]
    assert first == second


def test_strategy_page_lists_other_strategies_to_staff(client, editor, strategy):
    from .factories import StrategyFactory

    StrategyFactory(draft=True, slug="rus-2031", name="Nästa strategi")
    client.force_login(editor)
    body = client.get(reverse("rus:index")).content.decode()
    assert "Alla strategier" in body and 'href="/rus/strategier/rus-2031/"' in body
    client.logout()
    assert "Nästa strategi" not in client.get(reverse("rus:index")).content.decode()


def test_indicator_list_sorts_by_header(client, strategy, county):
    IndicatorFactory(goal=GoalFactory(strategy=strategy, code="1"), name="Bredband", areas=[county])
    IndicatorFactory(goal=GoalFactory(strategy=strategy, code="2"), name="Arbetslöshet", areas=[county])
    body = client.get(reverse("rus:indicator_list"), {"sort": "name"}).content.decode()
    assert body.index("Arbetslöshet") < body.index("Bredband") and 'aria-sort="ascending"' in body
    body = client.get(reverse("rus:indicator_list"), {"sort": "-name"}).content.decode()
    assert body.index("Bredband") < body.index("Arbetslöshet") and 'aria-sort="descending"' in body
    assert client.get(reverse("rus:indicator_list"), {"sort": "drop table"}).status_code == 200
