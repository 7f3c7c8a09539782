"""The organisation registry API and the municipality GeoJSON layer."""

import json
import shutil
import subprocess

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from networks.models import Organisation
from planportal.geo import SWEDEN_BOUNDS_4326
from tests.factories import OrganisationFactory, PersonFactory, sweref_square


def all_positions(geometry):
    """Every [x, y] position in a GeoJSON geometry."""
    coords = geometry["coordinates"]

    def walk(c):
        if isinstance(c[0], (int, float)):
            yield c
        else:
            for part in c:
                yield from walk(part)

    return list(walk(coords))


def assert_valid_feature_collection(data):
    assert data["type"] == "FeatureCollection"
    assert isinstance(data["features"], list)
    minx, miny, maxx, maxy = SWEDEN_BOUNDS_4326
    for f in data["features"]:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] in {"MultiPolygon", "Point"}
        for x, y in all_positions(f["geometry"]):
            # lon/lat order: Sweden's longitudes are smaller than its latitudes
            assert minx <= x <= maxx and miny <= y <= maxy, (x, y)


@pytest.fixture
def municipalities(db):
    orebro = OrganisationFactory(
        municipality=True,
        code="1880",
        name="Örebro kommun",
        slug="orebro",
        boundary=sweref_square(505000, 6565000, 20000),
    )
    kumla = OrganisationFactory(municipality=True, code="1881", name="Kumla kommun", slug="kumla", boundary=None)
    OrganisationFactory(region=True)
    return orebro, kumla


def test_municipality_layer_is_valid_geojson_in_lon_lat(client, municipalities):
    response = client.get("/api/v1/municipalities/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert_valid_feature_collection(data)
    by_code = {f["properties"]["code"]: f for f in data["features"]}
    assert set(by_code) == {"1880", "1881"}  # the region is not a municipality
    assert by_code["1880"]["properties"] == {
        "code": "1880",
        "name": "Örebro kommun",
        "slug": "orebro",
        "url": "/kommuner/orebro/",
    }
    assert by_code["1880"]["geometry"]["type"] == "MultiPolygon"
    assert by_code["1881"]["geometry"]["type"] == "Point"  # the seat, where no boundary is loaded
    lon, lat = all_positions(by_code["1880"]["geometry"])[0]
    assert 14.8 < lon < 15.5 and 59.1 < lat < 59.5


def test_bbox_filters_the_layer(client, municipalities):
    near_orebro = client.get("/api/v1/municipalities/", {"bbox": "15.0,59.1,15.4,59.4"})
    codes = {f["properties"]["code"] for f in json.loads(near_orebro.content)["features"]}
    assert "1880" in codes
    far_north = client.get("/api/v1/municipalities/", {"bbox": "18.0,65.0,19.0,66.0"})
    assert json.loads(far_north.content)["features"] == []


@pytest.mark.parametrize(
    "bbox, message",
    [
        ("1,2,3", "fyra tal"),
        ("a,b,c,d", "bara innehålla tal"),
        ("15,60,14,59", "mindre än största"),
        ("500,59,600,60", "longitud/latitud"),
    ],
)
def test_bad_bbox_is_a_400_in_swedish(client, db, bbox, message):
    response = client.get("/api/v1/municipalities/", {"bbox": bbox})
    assert response.status_code == 400
    assert message in response.json()["bbox"][0]


def test_ogrinfo_reads_the_layer_as_an_outside_client(live_server, municipalities):
    if not shutil.which("ogrinfo"):
        pytest.fail("ogrinfo (gdal-bin) is missing; `make test` installs it")
    result = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-so", f"GeoJSON:{live_server.url}/api/v1/municipalities/"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Feature Count: 2" in result.stdout
    assert "WGS 84" in result.stdout
    extent = next(line for line in result.stdout.splitlines() if line.startswith("Extent:"))
    # Extent: (minx, miny) - (maxx, maxy), lon/lat inside Örebro län's neighbourhood
    numbers = [
        float(n)
        for n in extent.replace("Extent:", "").replace("(", "").replace(")", "").replace("-", ",").split(",")
        if n.strip()
    ]
    minx, miny, maxx, maxy = numbers
    assert 14 < minx < maxx < 16 and 58.5 < miny < maxy < 60.2


def test_layer_query_count_is_constant(client, db, count_queries):
    OrganisationFactory(municipality=True, boundary=sweref_square())
    one, _ = count_queries(lambda: client.get("/api/v1/municipalities/"))
    for i in range(24):
        OrganisationFactory(municipality=True, boundary=sweref_square(480000 + i * 1000, 6550000, 900))
    many, response = count_queries(lambda: client.get("/api/v1/municipalities/"))
    assert len(json.loads(response.content)["features"]) == 25
    assert one == many


def test_organisations_filter_by_kind(client, municipalities):
    data = client.get("/api/v1/organisations/", {"kind": "municipality"}).json()
    assert {o["code"] for o in data["results"]} == {"1880", "1881"}
    bad = client.get("/api/v1/organisations/", {"kind": "planet"})
    assert bad.status_code == 400
    assert "kind" in bad.json()


def test_organisation_list_query_count_is_constant(client, db, count_queries):
    OrganisationFactory()
    one, _ = count_queries(lambda: client.get("/api/v1/organisations/"))
    OrganisationFactory.create_batch(24)
    many, response = count_queries(lambda: client.get("/api/v1/organisations/"))
    assert response.json()["count"] == 25
    assert one == many


def test_people_are_never_shown_to_the_public(client, municipalities):
    PersonFactory(organisation=municipalities[0], email="hemlig@example.org")
    assert client.get("/api/v1/people/").status_code in (401, 403)
    assert "hemlig@example.org" not in client.get("/api/v1/organisations/").content.decode()


def test_people_are_shown_to_signed_in_users(client, municipalities, signed_in_user, count_queries):
    PersonFactory(organisation=municipalities[0], email="synlig@example.org")
    client.force_login(signed_in_user)
    one, response = count_queries(lambda: client.get("/api/v1/people/"))
    assert "synlig@example.org" in response.content.decode()
    PersonFactory.create_batch(24, organisation=municipalities[1])
    many, _ = count_queries(lambda: client.get("/api/v1/people/"))
    assert one == many


def test_municipality_requires_a_code_in_the_database(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Utan kod", kind="municipality", slug="utan-kod")


def test_geometry_is_stored_in_sweref(municipalities):
    orebro = Organisation.objects.get(code="1880")
    assert orebro.boundary.srid == 3006
    assert isinstance(orebro.boundary, MultiPolygon) and isinstance(orebro.boundary[0], Polygon)
