"""Part 10: the API under /api/v1/rus/ – strategy tree, indicators, values with filters, the
choropleth GeoJSON (validated), structure images; writes through the services; bad input."""

from decimal import Decimal

import pytest

from rus.models import Indicator, IndicatorValue

from .factories import GoalFactory, IndicatorFactory, IndicatorValueFactory, StrategyFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/rus"
# Örebro län, with a margin of a few hundredths of a degree
LON, LAT = (14.2, 15.9), (58.6, 60.2)


def test_strategy_tree(client, strategy, indicator_with_values):
    data = client.get(f"{API}/strategies/{strategy.slug}/").json()
    assert data["vision"] == strategy.vision
    (area,) = data["priority_areas"]
    (goal,) = area["goals"]
    (ind,) = goal["indicators"]
    assert ind["slug"] == "sysselsattning" and ind["status"]["code"] == "on_track"
    assert ind["status"]["label"] == "I fas" and "2022" in ind["status"]["explanation"]
    assert data["status_counts"]["on_track"] == 1


def test_values_filter_by_indicator_area_and_year(client, indicator_with_values, municipalities):
    rows = client.get(f"{API}/values/", {"indicator": "sysselsattning", "area": "1881", "year": 2022}).json()["results"]
    assert [(r["area_code"], r["year"], Decimal(r["value"])) for r in rows] == [("1881", 2022, Decimal("73.000"))]
    # the KPI id works as the indicator filter too
    assert client.get(f"{API}/values/", {"indicator": "N00914"}).json()["count"] == 9
    response = client.get(f"{API}/values/", {"year": "tjugo"})
    assert response.status_code == 400 and "fyra siffror" in response.json()["year"][0]


def _choropleth(client, indicator, **params):
    response = client.get(f"{API}/indicators/{indicator.slug}/choropleth/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def _positions(geometry):
    coords = geometry["coordinates"]
    if geometry["type"] == "Point":
        return [coords]
    if geometry["type"] == "MultiPolygon":
        return [p for poly in coords for ring in poly for p in ring]
    if geometry["type"] == "Polygon":
        return [p for ring in coords for p in ring]
    raise AssertionError(geometry["type"])


def test_choropleth_is_a_valid_feature_collection(client, indicator_with_values, municipalities):
    data = _choropleth(client, indicator_with_values, year=2022)
    assert data["type"] == "FeatureCollection"
    codes = [f["properties"]["code"] for f in data["features"]]
    # every municipality exactly once
    assert sorted(codes) == sorted(m.code for m in municipalities) and len(set(codes)) == len(codes)
    for f in data["features"]:
        assert f["type"] == "Feature" and set(f) >= {"type", "geometry", "properties", "id"}
        for lon, lat in _positions(f["geometry"]):
            assert LON[0] <= lon <= LON[1] and LAT[0] <= lat <= LAT[1], (lon, lat)
    by_code = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert by_code["1881"]["value"] == 73 and by_code["1881"]["year"] == 2022
    # Nora has no boundary: its seat is a point, for a proportional circle
    assert by_code["1884"]["is_point"] is True and by_code["1880"]["is_point"] is False
    nora = next(f for f in data["features"] if f["properties"]["code"] == "1884")
    assert nora["geometry"]["type"] == "Point"
    # the highest value gets the darkest class, the lowest the lightest
    assert by_code["1884"]["colour"] == "#08519c" and by_code["1880"]["colour"] == "#eff3ff"


def test_choropleth_default_year_is_the_newest_and_missing_values_are_null(
    client, indicator_with_values, municipalities
):
    from tests.factories import OrganisationFactory
    from tests.rus.conftest import square

    OrganisationFactory(
        municipality=True, name="Laxå kommun", slug="laxa", code="1860", boundary=square(470000, 6530000)
    )
    data = _choropleth(client, indicator_with_values)
    assert {f["properties"]["year"] for f in data["features"]} == {2022}
    laxa = next(f for f in data["features"] if f["properties"]["code"] == "1860")
    assert laxa["properties"]["value"] is None and laxa["properties"]["colour"] == "#bdbdbd"


def test_choropleth_bad_year_is_a_clear_400(client, indicator_with_values):
    response = client.get(f"{API}/indicators/{indicator_with_values.slug}/choropleth/", {"year": "förra"})
    assert response.status_code == 400 and response.json() == {"year": ["Ange året som fyra siffror, t.ex. 2024."]}


def test_list_endpoints_query_count_is_flat(client, count_queries, strategy, county):
    def build(n):
        for _ in range(n):
            ind = IndicatorFactory(goal=GoalFactory(strategy=strategy), areas=[county])
            IndicatorValueFactory(indicator=ind, area=county, year=2022)

    build(1)
    counts1 = [
        count_queries(lambda u=u: client.get(u))[0] for u in (f"{API}/indicators/", f"{API}/values/", f"{API}/goals/")
    ]
    build(24)
    counts25 = [
        count_queries(lambda u=u: client.get(u))[0] for u in (f"{API}/indicators/", f"{API}/values/", f"{API}/goals/")
    ]
    assert client.get(f"{API}/indicators/").json()["count"] == 25
    assert counts1 == counts25


def test_editor_records_a_value_and_a_repeat_updates_it(client, editor, indicator, municipalities):
    client.force_login(editor)
    payload = {"indicator": indicator.slug, "area": "kumla", "year": 2023, "value": "71.5"}
    assert client.post(f"{API}/values/", payload).status_code == 201
    assert client.post(f"{API}/values/", {**payload, "value": "72"}).status_code == 201
    assert IndicatorValue.objects.get(area__slug="kumla", year=2023).value == Decimal("72")


def test_value_for_an_area_not_measured_is_400_and_nothing_saved(client, editor, indicator):
    from tests.factories import OrganisationFactory

    OrganisationFactory(municipality=True, name="Laxå kommun", slug="laxa", code="1860")
    client.force_login(editor)
    response = client.post(f"{API}/values/", {"indicator": indicator.slug, "area": "laxa", "year": 2023, "value": "1"})
    assert response.status_code == 400
    assert response.json() == {"area": ["Indikatorn ”Sysselsättningsgrad” mäts inte för Laxå kommun."]}
    assert IndicatorValue.objects.count() == 0


def test_value_outside_the_period_is_400(client, editor, indicator, municipalities):
    client.force_login(editor)
    response = client.post(f"{API}/values/", {"indicator": indicator.slug, "area": "kumla", "year": 2040, "value": "1"})
    assert response.status_code == 400 and "2040 ligger utanför" in response.json()["year"][0]


def test_target_year_before_baseline_is_400_and_nothing_saved(client, editor, strategy):
    client.force_login(editor)
    goal = GoalFactory(strategy=strategy)
    payload = {
        "slug": "ny-indikator",
        "goal": goal.pk,
        "name": "Ny indikator",
        "baseline_year": 2024,
        "baseline_value": "10",
        "target_year": 2020,
        "target_value": "20",
    }
    response = client.post(f"{API}/indicators/", payload)
    assert response.status_code == 400
    assert response.json() == {"target_year": ["Målåret (2020) måste vara efter utgångsåret (2024)."]}
    assert not Indicator.objects.filter(slug="ny-indikator").exists()
    assert client.post(f"{API}/indicators/", {**payload, "target_year": 2030}).status_code == 201


@pytest.mark.parametrize("role", ["planner", "case_officer", "coordinator", "signed_in_user"])
def test_only_editors_write(client, request, role, indicator, municipalities):
    client.force_login(request.getfixturevalue(role))
    payload = {"indicator": indicator.slug, "area": "kumla", "year": 2023, "value": "71.5"}
    assert client.post(f"{API}/values/", payload).status_code == 403
    assert IndicatorValue.objects.count() == 0


def test_anonymous_cannot_write(client, indicator, municipalities):
    payload = {"indicator": indicator.slug, "area": "kumla", "year": 2023, "value": "71.5"}
    assert client.post(f"{API}/values/", payload).status_code in (401, 403)


def test_drafts_are_internal_in_the_api(client, planner, editor, case_officer):
    draft = StrategyFactory(draft=True, slug="utkast-2031")
    ind = IndicatorFactory(goal=GoalFactory(strategy=draft), slug="utkastindikator")
    for user, visible in ((None, False), (planner, False), (case_officer, True), (editor, True)):
        client.logout()
        if user:
            client.force_login(user)
        slugs = [i["slug"] for i in client.get(f"{API}/indicators/").json()["results"]]
        assert (ind.slug in slugs) is visible
        assert (client.get(f"{API}/strategies/utkast-2031/").status_code == 200) is visible


def test_structure_image_list(client):
    from .factories import StructureImageFactory

    StructureImageFactory(key="oms-2050", name="OMS 2050")
    data = client.get(f"{API}/structure-images/").json()
    assert data["results"][0]["features_url"] == "/api/v1/rus/structure-images/oms-2050/features/"


def test_assessments_api_write_read_and_drafts(client, case_officer, planner, indicator):
    goal = indicator.goal
    client.force_login(case_officer)
    payload = {"goal": goal.pk, "year": 2024, "rating": "good", "text": "God utveckling i länet.", "status": "draft"}
    response = client.post(f"{API}/assessments/", payload)
    assert response.status_code == 201 and response.json()["rating_label"] == "God utveckling"
    assert client.get(f"{API}/assessments/", {"goal": goal.pk}).json()["count"] == 1
    client.force_login(planner)
    assert client.get(f"{API}/assessments/").json()["count"] == 0  # a draft is internal
    assert client.post(f"{API}/assessments/", {**payload, "status": "published"}).status_code == 403
    client.force_login(case_officer)
    bad = client.post(f"{API}/assessments/", {**payload, "text": " "})
    assert bad.status_code == 400 and set(bad.json()) == {"text"}
    bad = client.post(f"{API}/assessments/", {**payload, "year": 2050})
    assert bad.status_code == 400
    assert bad.json() == {"year": ["Året ska ligga inom strategins period 2018–2030."]}
    client.post(f"{API}/assessments/", {**payload, "status": "published"})
    client.force_login(planner)
    assert client.get(f"{API}/assessments/", {"year": 2024}).json()["count"] == 1
    assert client.get(f"{API}/assessments/", {"year": "x"}).status_code == 400


def test_assessments_list_query_count_is_flat(client, count_queries, strategy, editor):
    from .factories import AssessmentFactory

    client.force_login(editor)
    AssessmentFactory(goal=GoalFactory(strategy=strategy), author=editor)
    n1, _ = count_queries(lambda: client.get(f"{API}/assessments/"))
    for _ in range(24):
        AssessmentFactory(goal=GoalFactory(strategy=strategy), author=editor)
    n25, r = count_queries(lambda: client.get(f"{API}/assessments/"))
    assert r.json()["count"] == 25 and n1 == n25


def test_choropleth_bbox_keeps_the_colour_classes(client, indicator_with_values, municipalities):
    everything = {
        f["properties"]["code"]: f["properties"]
        for f in _choropleth(client, indicator_with_values, year=2022)["features"]
    }
    # a box around Nora's seat only (about lon 14.96–15.06, lat 59.5–59.6)
    box = _choropleth(client, indicator_with_values, year=2022, bbox="14.9,59.45,15.2,59.7")["features"]
    assert [f["properties"]["code"] for f in box] == ["1884"]
    assert box[0]["properties"]["colour"] == everything["1884"]["colour"]
    response = client.get(f"{API}/indicators/{indicator_with_values.slug}/choropleth/", {"bbox": "1,2,3"})
    assert response.status_code == 400 and "bbox" in response.json()
