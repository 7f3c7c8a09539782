"""Part 11: editors change; everyone reads what is published; drafts stay internal – for every
role. Part 12: demo data with the real vision and overarching goals, the rest marked."""

import io

import pytest
from django.urls import reverse

from rus.models import Goal, Indicator, IndicatorValue, OverarchingGoal, Strategy, StructureFeature

from .factories import GoalFactory, IndicatorFactory, StrategyFactory

pytestmark = pytest.mark.django_db

ROLES_INTERNAL = {"case_officer": True, "coordinator": True, "editor": True, "administrator": True}
ALL_ROLES = ["planner", "case_officer", "coordinator", "editor", "administrator", "signed_in_user", None]


@pytest.fixture
def draft_material(strategy):
    draft_strategy = StrategyFactory(draft=True, slug="rus-2031-2040", name="Ny strategi (utkast)")
    draft_goal = GoalFactory(strategy=draft_strategy, name="Hemligt effektmål")
    draft_indicator = IndicatorFactory(goal=GoalFactory(strategy=strategy), status="draft", name="Indikator i utkast")
    return draft_strategy, draft_goal, draft_indicator


@pytest.mark.parametrize("role", ALL_ROLES)
def test_drafts_are_internal_on_pages(client, request, role, draft_material):
    draft_strategy, draft_goal, draft_indicator = draft_material
    if role:
        client.force_login(request.getfixturevalue(role))
    internal = ROLES_INTERNAL.get(role, False)
    assert (client.get(draft_strategy.get_absolute_url()).status_code == 200) is internal
    assert (client.get(draft_goal.get_absolute_url()).status_code == 200) is internal
    assert (client.get(draft_indicator.get_absolute_url()).status_code == 200) is internal
    listing = client.get(reverse("rus:indicator_list")).content.decode()
    assert ("Indikator i utkast" in listing) is internal


@pytest.mark.parametrize("role", ALL_ROLES)
def test_everyone_reads_what_is_published(client, request, role, indicator_with_values):
    if role:
        client.force_login(request.getfixturevalue(role))
    for url in (
        reverse("rus:index"),
        indicator_with_values.get_absolute_url(),
        indicator_with_values.goal.get_absolute_url(),
        reverse("rus:indicator_list"),
        reverse("rus:structure_image_list"),
        reverse("rus:report_list"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_editors_reach_the_import_page(client, request, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    status = client.get(reverse("rus:import")).status_code
    expected = 200 if role in ("editor", "administrator") else (302 if role is None else 403)
    assert status == expected


def test_services_refuse_non_editors(planner, indicator, municipalities):
    from django.core.exceptions import PermissionDenied

    from rus.services import indicator_save, value_record

    with pytest.raises(PermissionDenied):
        value_record(actor=planner, indicator=indicator, area=municipalities[0], year=2022, value=1)
    with pytest.raises(PermissionDenied):
        indicator_save(actor=planner, data={"name": "x"}, indicator=indicator)
    assert IndicatorValue.objects.count() == 0


def test_editor_role_has_admin_permissions(editor):
    from planportal.roles import sync_role_permissions

    sync_role_permissions()
    editor.refresh_from_db()
    assert editor.has_perm("rus.change_indicator") and editor.has_perm("rus.change_structurefeature")


def test_admin_structure_feature_uses_leaflet_widget(client, administrator):
    from .factories import StructureFeatureFactory

    feature = StructureFeatureFactory()
    client.force_login(administrator)
    body = client.get(reverse("admin:rus_structurefeature_change", args=[feature.pk])).content.decode()
    assert "leaflet" in body.lower()


# --- demo data -----------------------------------------------------------------------------------


def test_demo_loads_facts_marks_the_rest_and_is_idempotent():
    from networks import demo as networks_demo
    from rus import demo

    networks_demo.load(io.StringIO())
    demo.load(io.StringIO())
    strategy = Strategy.objects.get(slug="rus-2018-2030")
    assert strategy.vision == "Sveriges hjärta, en attraktiv och pulserande region för alla"
    assert strategy.adopted_on.isoformat() == "2022-04-28" and not strategy.is_example
    assert list(OverarchingGoal.objects.values_list("name", flat=True)) == [
        "Stark konkurrenskraft",
        "Hög och jämlik livskvalitet",
        "God resurseffektivitet",
    ]
    assert not Goal.objects.filter(is_example=False).exists()
    assert not Indicator.objects.filter(is_example=False).exists()
    assert not IndicatorValue.objects.filter(is_example=False).exists()
    assert StructureFeature.objects.count() > 0 and not StructureFeature.objects.filter(is_example=False).exists()
    # values for the county and all 12 municipalities
    areas = set(IndicatorValue.objects.values_list("area__code", flat=True).distinct())
    assert len(areas - {None}) == 12 and None in areas
    counts = (Goal.objects.count(), Indicator.objects.count(), IndicatorValue.objects.count())
    demo.load(io.StringIO())
    assert (Goal.objects.count(), Indicator.objects.count(), IndicatorValue.objects.count()) == counts


def test_demo_pages_say_exempeldata(client):
    from networks import demo as networks_demo
    from rus import demo

    networks_demo.load(io.StringIO())
    demo.load(io.StringIO())
    indicator = Indicator.objects.first()
    for url in (reverse("rus:index"), indicator.get_absolute_url(), indicator.goal.get_absolute_url()):
        assert "Exempeldata" in client.get(url).content.decode(), url
    assert "Schematiskt exempel" in client.get(reverse("rus:structure_image_list")).content.decode()
    orebro = indicator.areas.get(code="1880")
    assert "Exempeldata" in client.get(orebro.get_absolute_url()).content.decode()
    # the demo structure features lie inside the county's bounds
    data = client.get("/api/v1/rus/structure-images/persontransporter-2030/features/").json()
    for f in data["features"]:
        coords = f["geometry"]["coordinates"]
        for lon, lat in [coords] if f["geometry"]["type"] == "Point" else coords:
            assert 14.28 <= lon <= 15.80 and 58.64 <= lat <= 60.12


def test_demo_choropleth_has_every_municipality_once_inside_the_county(client):
    from networks import demo as networks_demo
    from rus import demo

    networks_demo.load(io.StringIO())
    demo.load(io.StringIO())
    data = client.get("/api/v1/rus/indicators/sysselsattningsgrad/choropleth/", {"year": 2024}).json()
    assert data["type"] == "FeatureCollection"
    codes = [f["properties"]["code"] for f in data["features"]]
    assert sorted(codes) == [
        "1814",
        "1860",
        "1861",
        "1862",
        "1863",
        "1864",
        "1880",
        "1881",
        "1882",
        "1883",
        "1884",
        "1885",
    ]
    for f in data["features"]:
        # no boundaries in this database: every municipality is its seat, a proportional circle
        assert f["geometry"]["type"] == "Point" and f["properties"]["is_point"] is True
        lon, lat = f["geometry"]["coordinates"]
        assert 14.28 <= lon <= 15.80 and 58.64 <= lat <= 60.12
        assert f["properties"]["value"] is not None
