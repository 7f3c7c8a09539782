"""GET /api/v1/referrals/areas/: a valid GeoJSON FeatureCollection in EPSG:4326 of the cases the
user may see, with bbox and the map's filters, built in one statement; documented in OpenAPI."""

import datetime
import json
import shutil
import subprocess

import pytest
from django.urls import NoReverseMatch, reverse

from planportal.geo import SWEDEN_BOUNDS_4326
from referrals.models import Phase, PlanType

from .factories import MunicipalityFactory, ReferralFactory, plan_area

pytestmark = pytest.mark.django_db
URL = "/api/v1/referrals/areas/"


def _coordinates(geometry):
    def walk(value):
        if isinstance(value[0], (int, float)):
            yield value
        else:
            for item in value:
                yield from walk(item)

    return list(walk(geometry["coordinates"]))


def assert_feature_collection(data):
    assert data["type"] == "FeatureCollection"
    assert isinstance(data["features"], list)
    minlon, minlat, maxlon, maxlat = SWEDEN_BOUNDS_4326
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], int)
        assert feature["geometry"]["type"] == "MultiPolygon"
        points = _coordinates(feature["geometry"])
        assert points
        for lon, lat in points:
            assert minlon <= lon <= maxlon and minlat <= lat <= maxlat, (lon, lat)
        for ring in (r for polygon in feature["geometry"]["coordinates"] for r in polygon):
            assert ring[0] == ring[-1] and len(ring) >= 4
    return data["features"]


@pytest.fixture
def kumla(db):
    return MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881")


@pytest.fixture
def cases(kumla):
    return {
        "open": ReferralFactory(sender=kumla, plan_name="Detaljplan Ekängen", received=datetime.date(2026, 3, 1)),
        "answered": ReferralFactory(
            answered=True,
            plan_type=PlanType.OP,
            phase=Phase.GRANSKNING,
            received=datetime.date(2025, 4, 1),
            area=plan_area(east=470000, north=6630000),  # far north-west in the county
        ),
        "no_area": ReferralFactory(no_area=True, sender=kumla),
    }


def test_areas_are_a_valid_feature_collection_in_wgs84(client, cases):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    features = assert_feature_collection(json.loads(response.content))
    assert {f["id"] for f in features} == {cases["open"].pk, cases["answered"].pk}  # no area, no feature
    props = next(f["properties"] for f in features if f["id"] == cases["open"].pk)
    assert props == {
        "diary_number": cases["open"].diary_number,
        "plan_name": "Detaljplan Ekängen",
        "sender": "Kumla kommun",
        "status": "registered",
        "status_label": "Registrerad",
        "plan_type": "dp",
        "plan_type_label": "Detaljplan",
        "phase": "samrad",
        "phase_label": "Samråd",
        "received": "2026-03-01",
        "deadline": "2026-03-31",
        "url": cases["open"].get_public_url(),
    }
    # Örebro is at about 15.2 E, 59.27 N: the SWEREF 99 TM area came out as lon/lat.
    lon, lat = features[0]["geometry"]["coordinates"][0][0][0]
    assert 14.2 < lon < 15.9 and 58.6 < lat < 60.2


@pytest.mark.parametrize("accept", ["application/geo+json", "application/json", "*/*", None])
def test_clients_asking_for_geojson_get_it(client, cases, accept):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get(URL, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content)["type"] == "FeatureCollection"
    bad = client.get(URL, {"bbox": "1"}, **headers)
    assert bad.status_code == 400 and "bbox" in json.loads(bad.content)


def test_case_officers_get_the_case_page_as_url(client, case_officer, cases):
    client.force_login(case_officer)
    features = json.loads(client.get(URL).content)["features"]
    assert {f["properties"]["url"] for f in features} == {_officer_url(cases["open"]), _officer_url(cases["answered"])}


def _officer_url(referral):
    try:
        return referral.get_absolute_url()
    except NoReverseMatch:  # the officers' case page is not installed (yet): the register page
        return referral.get_public_url()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "open"}, ["open"]),
        ({"status": "answered"}, ["answered"]),
        ({"year": "2025"}, ["answered"]),
        ({"plan_type": "op"}, ["answered"]),
        ({"phase": "granskning"}, ["answered"]),
        ({"municipality": "kumla"}, ["open"]),
        ({"bbox": "15.0,59.1,15.5,59.4"}, ["open"]),  # around Örebro, not the north-west
        ({"bbox": "14.3,59.6,14.7,59.9", "status": "closed"}, ["answered"]),
        ({"bbox": "20,65,21,66"}, []),
    ],
)
def test_areas_filters_and_bbox(client, cases, params, expected):
    features = assert_feature_collection(json.loads(client.get(URL, params).content))
    assert sorted(f["id"] for f in features) == sorted(cases[k].pk for k in expected)


@pytest.mark.parametrize(
    "params, field, text",
    [
        ({"bbox": "1,2,3"}, "bbox", "fyra tal"),
        ({"bbox": "a,b,c,d"}, "bbox", "bara innehålla tal"),
        ({"year": "i år"}, "year", "årtal"),
        ({"status": "pågår"}, "status", "Okänt värde pågår i filtret status"),
        ({"municipality": "atlantis"}, "municipality", "Okänd avsändare"),
    ],
)
def test_bad_filters_answer_400_in_swedish_naming_the_parameter(client, cases, params, field, text):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert any(text in message for message in response.json()[field])


def test_bad_filter_in_english_when_chosen(client, cases):
    client.cookies["django_language"] = "en"
    response = client.get(URL, {"status": "x"})
    assert response.status_code == 400
    assert "Unknown value x in the filter status" in response.json()["status"][0]


def test_areas_query_count_is_constant_and_one_statement_builds_the_collection(client, count_queries, kumla):
    ReferralFactory(sender=kumla)
    one, response = count_queries(lambda: client.get(URL, {"status": "open"}))
    for i in range(24):
        ReferralFactory(area=plan_area(east=480000 + i * 2000, north=6540000 + i * 3000))
    many, response = count_queries(lambda: client.get(URL, {"status": "open"}))
    assert len(assert_feature_collection(json.loads(response.content))) == 25
    assert one == many == 1


def test_areas_are_in_the_openapi_schema(client):
    response = client.get(reverse("schema"), HTTP_ACCEPT="application/json")
    schema = json.loads(response.content) if response["Content-Type"].startswith("application/json") else None
    if schema is None:
        import yaml

        schema = yaml.safe_load(response.content)
    operation = schema["paths"]["/api/v1/referrals/areas/"]["get"]
    assert operation["operationId"] == "referral_areas_geojson"
    assert {p["name"] for p in operation["parameters"]} >= {"bbox", "status", "year", "plan_type", "municipality"}
    content = operation["responses"]["200"]["content"]["application/geo+json"]["schema"]
    assert content["properties"]["type"]["enum"] == ["FeatureCollection"]


@pytest.mark.django_db(transaction=True)
def test_ogrinfo_reads_the_areas_as_an_outside_client(live_server):
    """GDAL (as QGIS uses it) reads the layer: valid GeoJSON, WGS 84, the properties typed."""
    if not shutil.which("ogrinfo"):
        pytest.fail("ogrinfo (gdal-bin) is missing; `make test` installs it")
    ReferralFactory(plan_name="Detaljplan Ekängen")
    ReferralFactory(answered=True, area=plan_area(east=470000, north=6630000))
    result = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-so", f"GeoJSON:{live_server.url}{URL}?status=open"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Feature Count: 1" in result.stdout
    assert "Geometry: Multi Polygon" in result.stdout
    assert "WGS 84" in result.stdout
    for field in ("diary_number: String", "plan_name: String", "status_label: String", "deadline: Date"):
        assert field in result.stdout, result.stdout
