"""Part 6: structure images as map layers – import from GeoJSON and GeoPackage (through GDAL),
wrong geometry types and missing CRS refused with nothing saved, the GeoJSON layer, the
pages with a list of the same features, and the selector referrals use."""

import json
import shutil
import subprocess

import pytest
from django.contrib.gis.geos import Point, Polygon
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from planportal.geo import SWEREF99TM, WGS84
from rus.models import StructureFeature
from rus.selectors import structure_features_touching
from rus.services import structure_image_import

from .factories import StructureFeatureFactory, StructureImageFactory

pytestmark = pytest.mark.django_db

CRS_3006 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}}


def feature(kind, name, geometry):
    return {"type": "Feature", "properties": {"kind": kind, "name": name}, "geometry": geometry}


GOOD_FEATURES = [
    feature(
        "primary_corridor",
        "Göteborg–Örebro–Stockholm",
        {"type": "LineString", "coordinates": [[470000, 6540000], [514000, 6571000], [545000, 6585000]]},
    ),
    feature("node", "Hallsberg", {"type": "Point", "coordinates": [508500, 6548000]}),
    feature(
        "logistikområde",
        "Logistikområde Hallsberg",
        {
            "type": "Polygon",
            "coordinates": [
                [[507000, 6546000], [510000, 6546000], [510000, 6548000], [507000, 6548000], [507000, 6546000]]
            ],
        },
    ),
]


def write_geojson(path, features, crs=CRS_3006):
    data = {"type": "FeatureCollection", "features": features}
    if crs:
        data["crs"] = crs
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_import_geojson_in_sweref(tmp_path, editor):
    image = StructureImageFactory(key="gods-2030")
    result = structure_image_import(
        actor=editor, image=image, path=write_geojson(tmp_path / "a.geojson", GOOD_FEATURES)
    )
    assert result == {"created": 3, "updated": 0}
    node = StructureFeature.objects.get(name="Hallsberg")
    assert node.kind == "node" and node.geometry.srid == SWEREF99TM
    assert (round(node.geometry.x), round(node.geometry.y)) == (508500, 6548000)
    assert StructureFeature.objects.get(name="Logistikområde Hallsberg").kind == "logistics_area"
    # again: updated, not duplicated
    result = structure_image_import(actor=editor, image=image, path=tmp_path / "a.geojson")
    assert result == {"created": 0, "updated": 3} and StructureFeature.objects.count() == 3


def test_import_geopackage_through_gdal(tmp_path, editor):
    if not shutil.which("ogr2ogr"):
        pytest.fail("ogr2ogr (gdal-bin) is needed to write the GeoPackage fixture")
    source = write_geojson(tmp_path / "src.geojson", GOOD_FEATURES)
    gpkg = tmp_path / "strukturbild.gpkg"
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(gpkg), str(source), "-nlt", "GEOMETRY"], check=True)
    image = StructureImageFactory(key="oms-2050")
    assert structure_image_import(actor=editor, image=image, path=gpkg) == {"created": 3, "updated": 0}
    line = StructureFeature.objects.get(kind="primary_corridor")
    assert line.geometry.geom_type == "LineString" and line.geometry.srid == SWEREF99TM


def test_wgs84_geojson_is_transformed_to_sweref(tmp_path, editor):
    crs84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    path = write_geojson(
        tmp_path / "wgs.geojson", [feature("node", "Örebro", {"type": "Point", "coordinates": [15.213, 59.274]})], crs84
    )
    structure_image_import(actor=editor, image=StructureImageFactory(), path=path)
    point = StructureFeature.objects.get().geometry
    assert 510000 < point.x < 520000 and 6570000 < point.y < 6580000


def test_wrong_geometry_type_is_refused_and_nothing_saved(tmp_path, editor):
    bad = [*GOOD_FEATURES, feature("node", "Örebro C", {"type": "LineString", "coordinates": [[1, 2], [3, 4]]})]
    with pytest.raises(ValidationError) as exc:
        structure_image_import(
            actor=editor, image=StructureImageFactory(), path=write_geojson(tmp_path / "b.geojson", bad)
        )
    message = exc.value.message_dict["file"][0]
    assert message == "Objekt 4 (Örebro C): Ett objekt av typen ”Nod” ska vara Point eller MultiPoint, inte LineString."
    assert StructureFeature.objects.count() == 0


def test_file_without_crs_is_refused(tmp_path, editor):
    path = write_geojson(tmp_path / "nocrs.geojson", GOOD_FEATURES, crs=None)
    with pytest.raises(ValidationError) as exc:
        structure_image_import(actor=editor, image=StructureImageFactory(), path=path)
    assert "nocrs.geojson: filen anger inget koordinatsystem" in exc.value.message_dict["file"][0]
    assert StructureFeature.objects.count() == 0


def test_unknown_kind_and_missing_name_are_named(tmp_path, editor):
    bad = [
        feature("motorväg", "E18", {"type": "LineString", "coordinates": [[470000, 6540000], [514000, 6571000]]}),
        feature("node", "", {"type": "Point", "coordinates": [508500, 6548000]}),
    ]
    with pytest.raises(ValidationError) as exc:
        structure_image_import(
            actor=editor, image=StructureImageFactory(), path=write_geojson(tmp_path / "c.geojson", bad)
        )
    assert exc.value.message_dict["file"] == ["Objekt 1: okänd typ ”motorväg”.", "Objekt 2: namn saknas."]


def test_only_editors_import(tmp_path, planner):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        structure_image_import(
            actor=planner, image=StructureImageFactory(), path=write_geojson(tmp_path / "a.geojson", GOOD_FEATURES)
        )


def test_command_imports_and_reports_errors(tmp_path):
    StructureImageFactory(key="persontransporter-2030")
    call_command(
        "import_structure_image", "persontransporter-2030", str(write_geojson(tmp_path / "a.geojson", GOOD_FEATURES))
    )
    assert StructureFeature.objects.count() == 3
    with pytest.raises(CommandError, match="inget koordinatsystem"):
        call_command(
            "import_structure_image",
            "persontransporter-2030",
            str(write_geojson(tmp_path / "n.geojson", GOOD_FEATURES, crs=None)),
        )


def test_upload_page_for_editors(client, editor, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    image = StructureImageFactory(key="gods-2030")
    client.force_login(editor)
    bad = json.dumps({"type": "FeatureCollection", "features": GOOD_FEATURES}).encode()
    response = client.post(
        reverse("rus:structure_import", args=[image.key]), {"file": SimpleUploadedFile("x.geojson", bad)}
    )
    assert response.status_code == 400
    assert "x.geojson: filen anger inget koordinatsystem" in response.content.decode()
    good = json.dumps({"type": "FeatureCollection", "crs": CRS_3006, "features": GOOD_FEATURES}).encode()
    response = client.post(
        reverse("rus:structure_import", args=[image.key]), {"file": SimpleUploadedFile("y.geojson", good)}
    )
    assert response.status_code == 302 and image.features.count() == 3


def test_layer_geojson_is_valid_4326(client):
    image = StructureImageFactory(key="persontransporter-2030")
    StructureFeatureFactory(image=image, name="Västra stambanan")
    StructureFeatureFactory(image=image, node=True, name="Örebro")
    response = client.get(reverse("rus-api:structure-image-features", args=[image.key]))
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    for f in data["features"]:
        coords = f["geometry"]["coordinates"]
        points = [coords] if f["geometry"]["type"] == "Point" else coords
        for lon, lat in points:
            assert 14.28 <= lon <= 15.80 and 58.64 <= lat <= 60.12
        assert f["properties"]["image"] == image.key
    # bbox filter: a box far north of the county has nothing
    assert (
        client.get(reverse("rus-api:structure-image-features", args=[image.key]), {"bbox": "16,62,17,63"}).json()[
            "features"
        ]
        == []
    )
    assert client.get(reverse("rus-api:structure-image-features", args=[image.key]), {"bbox": "x"}).status_code == 400


def test_structure_pages_list_the_features_shown_on_the_map(client):
    image = StructureImageFactory(key="oms-2050", name="OMS 2050", is_example=True)
    StructureFeatureFactory(image=image, name="Örebro–Västerås", is_example=True)
    body = client.get(reverse("rus:structure_image_list")).content.decode()
    assert "Örebro–Västerås" in body and "Schematiskt exempel" in body and 'data-map-layers="' in body
    assert client.get(image.get_absolute_url()).status_code == 200


def test_features_touching_a_plan_area(db):
    corridor = StructureFeatureFactory(name="Stråket")  # (500000, 6570000) -> (530000, 6575000)
    node = StructureFeatureFactory(node=True, name="Noden")  # (514000, 6571000)
    plan_area = Polygon.from_bbox((513000, 6570500, 515000, 6572500))
    plan_area.srid = SWEREF99TM
    assert set(structure_features_touching(plan_area)) == {corridor, node}
    far = Polygon.from_bbox((540000, 6600000, 541000, 6601000))
    far.srid = SWEREF99TM
    assert list(structure_features_touching(far)) == []
    # within a distance, and from a WGS 84 geometry (transformed by PostGIS)
    near_node = Point(514000, 6571300, srid=SWEREF99TM)
    near_node.transform(WGS84)
    assert list(structure_features_touching(near_node, distance_m=100)) == []
    assert set(structure_features_touching(near_node, distance_m=400)) == {node}


def test_structure_images_are_layers_on_the_portal_map(client):
    image = StructureImageFactory(key="gods-2030", name="Godstransporter 2030")
    StructureFeatureFactory(image=image)
    body = client.get("/karta/").content.decode()
    assert "Godstransporter 2030" in body
    assert "/api/v1/rus/structure-images/gods-2030/features/" in body
    assert 'href="/rus/strukturbilder/gods-2030/"' in body
