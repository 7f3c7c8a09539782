"""Map layers: GeoJSON, GeoPackage and zipped Shapefile in SWEREF 99 TM or WGS 84, stored in
PostGIS, served as GeoJSON with bbox; every invalid feature reported by number and reason."""

import io
import json
import shutil
import subprocess
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge import services
from knowledge.models import Layer, LayerFeature
from tests.knowledge.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def feature(geometry, **props):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def point(x, y):
    return {"type": "Point", "coordinates": [x, y]}


def collection(*features, crs=None):
    fc = {"type": "FeatureCollection", "features": list(features)}
    if crs:
        fc["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{crs}"}}
    return fc


def upload(name, data: dict | bytes):
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, content)


LOGISTICS_WGS84 = collection(
    feature(point(15.213, 59.274), name="Örebro logistikområde"),
    feature(point(15.11, 59.066), name="Hallsbergs terminal"),
    feature(
        {"type": "Polygon", "coordinates": [[[14.5, 59.3], [14.6, 59.3], [14.6, 59.35], [14.5, 59.3]]]}, name="Yta"
    ),
)
SEATS_SWEREF = collection(
    feature(point(513500, 6571500), name="Örebro"), feature(point(508000, 6549000), name="Hallsberg"), crs=3006
)


def test_geojson_in_wgs84_is_stored_in_sweref(editor):
    layer = services.layer_upload(upload=upload("logistik.geojson", LOGISTICS_WGS84), actor=editor)
    assert layer.feature_count == 3 and layer.source_srid == 4326 and layer.name == "logistik"
    first = layer.features.get(number=1)
    assert first.geometry.srid == 3006
    assert 510000 < first.geometry.x < 520000 and 6570000 < first.geometry.y < 6580000
    assert first.properties == {"name": "Örebro logistikområde"}


def test_geojson_in_sweref_is_accepted(editor):
    layer = services.layer_upload(upload=upload("orter.geojson", SEATS_SWEREF), name="Orter", actor=editor)
    assert layer.source_srid == 3006 and layer.features.get(number=2).geometry.coords == (508000.0, 6549000.0)


def _ogr(tmp_path, driver, out_name):
    if not shutil.which("ogr2ogr"):
        pytest.fail("ogr2ogr (gdal-bin) is needed to build the test files")
    src = tmp_path / "in.geojson"
    src.write_text(json.dumps(SEATS_SWEREF))
    out = tmp_path / out_name
    subprocess.run(["ogr2ogr", "-f", driver, str(out), str(src)], check=True, capture_output=True)
    return out


def test_geopackage(editor, tmp_path):
    path = _ogr(tmp_path, "GPKG", "orter.gpkg")
    layer = services.layer_upload(upload=upload("orter.gpkg", path.read_bytes()), actor=editor)
    assert layer.feature_count == 2 and layer.source_srid == 3006


def test_zipped_shapefile(editor, tmp_path):
    folder = _ogr(tmp_path, "ESRI Shapefile", "shp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in folder.iterdir():
            archive.write(part, part.name)
    layer = services.layer_upload(upload=upload("orter.zip", buffer.getvalue()), actor=editor)
    assert layer.feature_count == 2 and layer.source_srid == 3006
    assert {f.properties["name"] for f in layer.features.all()} == {"Örebro", "Hallsberg"}


def test_each_invalid_feature_is_reported_and_nothing_is_saved(editor):
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[15.0, 59.0], [15.1, 59.1], [15.1, 59.0], [15.0, 59.1], [15.0, 59.0]]],
    }
    data = collection(
        feature(point(15.2, 59.27), name="bra"),
        feature(None, name="utan geometri"),
        feature(bowtie, name="fluga"),
        feature(point(151.2, -33.9), name="Sydney"),
    )
    with pytest.raises(ValidationError) as exc:
        services.layer_upload(upload=upload("fel.geojson", data), actor=editor)
    messages = exc.value.message_dict["file"]
    assert messages[0] == "fel.geojson: 3 objekt är felaktiga, inget sparades."
    assert messages[1].startswith("Objekt 2: saknar geometri")
    assert messages[2].startswith("Objekt 3: ogiltig geometri: Self-intersection")
    assert messages[3].startswith("Objekt 4: ligger utanför Sverige")
    assert not Layer.objects.exists() and not LayerFeature.objects.exists()


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("lager.geojson", b"PK\x03\x04", "innehållet är inte GeoJSON"),
        ("lager.geojson", b"{ inte json", "kunde inte läsas som GeoJSON"),
        ("lager.gpkg", b"{}", "inte en GeoPackage"),
        ("lager.kml", b"<kml/>", "filtypen .kml tas inte emot"),
        ("lager.zip", b"PK\x03\x04trasig", "zip-filen är trasig"),
    ],
)
def test_bad_files_get_a_clear_message(editor, name, content, words):
    with pytest.raises(ValidationError) as exc:
        services.layer_upload(upload=upload(name, content), actor=editor)
    assert words in " ".join(exc.value.message_dict["file"])
    assert not Layer.objects.exists()


def test_unsupported_crs_is_refused(editor):
    data = collection(feature(point(1500000, 6600000), name="RT90"), crs=3021)
    with pytest.raises(ValidationError) as exc:
        services.layer_upload(upload=upload("rt90.geojson", data), actor=editor)
    assert "EPSG:3021 stöds inte" in exc.value.message_dict["file"][0]


def test_only_editors_upload(planner):
    with pytest.raises(PermissionDenied):
        services.layer_upload(upload=upload("a.geojson", LOGISTICS_WGS84), actor=planner)


def test_features_as_geojson_with_bbox(client, editor):
    layer = services.layer_upload(upload=upload("logistik.geojson", LOGISTICS_WGS84), actor=editor)
    response = client.get(f"/api/v1/layers/{layer.pk}/features/")
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 3
    for f in data["features"]:
        for x, y in _coords(f["geometry"]):
            assert 10 < x < 25 and 55 < y < 69.5  # lon/lat within Sweden
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert abs(lon - 15.213) < 1e-4 and abs(lat - 59.274) < 1e-4
    near_hallsberg = client.get(f"/api/v1/layers/{layer.pk}/features/", {"bbox": "15.0,59.0,15.2,59.1"}).json()
    assert [f["properties"]["properties"]["name"] for f in near_hallsberg["features"]] == ["Hallsbergs terminal"]
    assert client.get(f"/api/v1/layers/{layer.pk}/features/", {"bbox": "x"}).status_code == 400


def _coords(geometry):
    def walk(c):
        if isinstance(c[0], (int, float)):
            yield c
        else:
            for inner in c:
                yield from walk(inner)

    return list(walk(geometry["coordinates"]))


def test_upload_through_the_api_and_the_page(client, editor):
    client.force_login(editor)
    response = client.post("/api/v1/layers/", {"file": upload("a.geojson", LOGISTICS_WGS84), "name": "Logistik"})
    assert response.status_code == 201 and response.json()["feature_count"] == 3
    bad = client.post("/api/v1/layers/", {"file": upload("b.geojson", collection(feature(None, n=1)))})
    assert bad.status_code == 400 and "Objekt 1: saknar geometri" in " ".join(bad.json()["file"])
    page = client.post("/dokument/kartlager/ladda-upp/", {"name": "Fel", "file": upload("c.geojson", b"PK\x03\x04")})
    assert page.status_code == 200 and "innehållet är inte GeoJSON" in page.content.decode()
    assert Layer.objects.count() == 1


def test_layer_page_lists_features_beside_the_map(client, editor):
    layer = services.layer_upload(upload=upload("logistik.geojson", LOGISTICS_WGS84), actor=editor)
    body = client.get(layer.get_absolute_url()).content.decode()
    assert 'id="layer-map"' in body and "Hallsbergs terminal" in body and "3 objekt" in body


def test_internal_layer_of_internal_document_is_hidden(client, editor, planner):
    doc = DocumentFactory(internal=True)
    layer = services.layer_upload(upload=upload("a.geojson", LOGISTICS_WGS84), document=doc, actor=editor)
    assert client.get(f"/api/v1/layers/{layer.pk}/features/").status_code == 404
    assert client.get("/api/v1/layers/").json()["count"] == 0
    client.force_login(planner)
    assert client.get(f"/api/v1/layers/{layer.pk}/features/").status_code == 200


def test_layer_list_query_count_is_constant(client, editor, count_queries):
    services.layer_upload(upload=upload("a.geojson", LOGISTICS_WGS84), document=DocumentFactory(), actor=editor)
    one, _ = count_queries(lambda: client.get("/api/v1/layers/"))
    page_one, _ = count_queries(lambda: client.get("/dokument/kartlager/"))
    for i in range(24):
        services.layer_upload(upload=upload(f"{i}.geojson", LOGISTICS_WGS84), document=DocumentFactory(), actor=editor)
    assert one == count_queries(lambda: client.get("/api/v1/layers/"))[0]
    assert page_one == count_queries(lambda: client.get("/dokument/kartlager/"))[0]
