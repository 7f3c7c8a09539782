"""The shared area input (planportal.areas, planportal.area_field): drawn GeoJSON or an uploaded
vector file -> one valid MultiPolygon in SWEREF 99 TM, each bad input refused with a message
that names it. The results are checked by PostGIS itself (ST_IsValid, ST_SRID, ST_Area)."""

import io
import json
import zipfile

import pytest
from django import forms
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation

from planportal.area_field import AreaField
from planportal.areas import area_from_file, area_from_geojson, area_from_input
from planportal.forms import PortalForm

pytestmark = pytest.mark.django_db

# A square of about 5.6 × 11 km near Örebro (lon/lat).
SQUARE = [[15.0, 59.2], [15.1, 59.2], [15.1, 59.3], [15.0, 59.3], [15.0, 59.2]]
BOWTIE = [[15.0, 59.2], [15.1, 59.3], [15.1, 59.2], [15.0, 59.3], [15.0, 59.2]]  # edges cross once


def polygon(ring=SQUARE):
    return {"type": "Polygon", "coordinates": [ring]}


def postgis(geometry):
    """What PostGIS says about the geometry: (valid, srid, area in m², type)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_IsValid(g), ST_SRID(g), ST_Area(g), GeometryType(g) FROM (SELECT ST_GeomFromEWKB(%s) g) s",
            [bytes(geometry.ewkb)],
        )
        return cursor.fetchone()


def messages(exc_info, field="area"):
    return " ".join(exc_info.value.message_dict[field])


# --- drawn GeoJSON -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "drawn",
    [
        polygon(),
        {"type": "Feature", "properties": {}, "geometry": polygon()},
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": polygon()}]},
        {"type": "MultiPolygon", "coordinates": [[SQUARE]]},
    ],
    ids=["geometry", "feature", "collection", "multipolygon"],
)
def test_a_drawn_polygon_becomes_a_multipolygon_in_sweref(drawn):
    geometry, warnings = area_from_geojson(json.dumps(drawn))
    assert warnings == []
    assert isinstance(geometry, MultiPolygon) and geometry.srid == 3006
    valid, srid, area, kind = postgis(geometry)
    assert valid and srid == 3006 and kind == "MULTIPOLYGON"
    assert 55e6 < area < 70e6  # ≈ 5.7 km × 11.1 km
    x, y = geometry.centroid.coords
    assert 500_000 < x < 530_000 and 6_560_000 < y < 6_580_000  # SWEREF 99 TM metres around Örebro


def test_two_overlapping_drawn_polygons_become_one_outline():
    shifted = [[x + 0.05, y] for x, y in SQUARE]
    drawn = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": polygon(SQUARE)},
            {"type": "Feature", "geometry": polygon(shifted)},
        ],
    }
    geometry, _ = area_from_geojson(json.dumps(drawn))
    valid, _, area, _ = postgis(geometry)
    assert valid and len(geometry) == 1 and 80e6 < area < 100e6  # 1.5 squares, not 2


def test_a_self_intersecting_polygon_is_repaired_with_a_warning():
    geometry, warnings = area_from_geojson(json.dumps(polygon(BOWTIE)))
    valid, srid, area, kind = postgis(geometry)
    assert valid and srid == 3006 and kind == "MULTIPOLYGON" and len(geometry) == 2  # two triangles
    assert 25e6 < area < 35e6  # half the square
    assert len(warnings) == 1 and "har lagats automatiskt" in warnings[0] and "korsar sig själv" in warnings[0]


def test_a_polygon_whose_repair_is_no_area_is_refused():
    flat = [[15.0, 59.2], [15.05, 59.2], [15.1, 59.2], [15.0, 59.2]]  # all on one line
    with pytest.raises(ValidationError) as exc:
        area_from_geojson(json.dumps(polygon(flat)))
    assert "ingen giltig yta" in messages(exc) and "kunde inte lagas" in messages(exc)


@pytest.mark.parametrize(
    "drawn, word",
    [
        ({"type": "Point", "coordinates": [15.0, 59.2]}, "punkt"),
        ({"type": "LineString", "coordinates": [[15.0, 59.2], [15.1, 59.3]]}, "linje"),
        (
            {"type": "GeometryCollection", "geometries": [polygon(), {"type": "Point", "coordinates": [15, 59.2]}]},
            "punkt",
        ),
    ],
    ids=["point", "line", "polygon-and-point"],
)
def test_a_point_or_a_line_is_refused_because_an_area_is_needed(drawn, word):
    with pytest.raises(ValidationError) as exc:
        area_from_geojson(json.dumps(drawn))
    assert f"innehåller en {word}; en yta behövs" in messages(exc)


def test_an_area_outside_sweden_is_refused():
    in_norway_sea = [[x - 10, y] for x, y in SQUARE]  # 5°E
    with pytest.raises(ValidationError) as exc:
        area_from_geojson(json.dumps(polygon(in_norway_sea)))
    assert "ligger utanför Sverige" in messages(exc)


def test_coordinates_that_are_not_lon_lat_are_refused():
    metres = [[510000, 6570000], [520000, 6570000], [520000, 6580000], [510000, 6570000]]
    with pytest.raises(ValidationError) as exc:
        area_from_geojson(json.dumps(polygon(metres)))
    assert "inte är longitud/latitud" in messages(exc)


@pytest.mark.parametrize("text", ["inte json", '{"type": "Cirkel"}', "[]", '{"type": "Polygon", "coordinates": 5}'])
def test_text_that_is_not_geojson_is_refused(text):
    with pytest.raises(ValidationError) as exc:
        area_from_geojson(text)
    assert "inte giltig GeoJSON" in messages(exc)


def test_an_empty_collection_has_no_area():
    with pytest.raises(ValidationError) as exc:
        area_from_geojson('{"type": "FeatureCollection", "features": []}')
    assert "ingen yta" in messages(exc)


def test_messages_in_english():
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        area_from_geojson(json.dumps({"type": "Point", "coordinates": [15.0, 59.2]}))
    assert "an area is needed" in messages(exc)


# --- uploaded files ------------------------------------------------------------------------


def geojson_file(geometry, crs=None, name="yta.geojson"):
    data = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": geometry}]}
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    return SimpleUploadedFile(name, json.dumps(data).encode(), content_type="application/geo+json")


def sweref_square():
    return Polygon(((510000, 6570000), (515000, 6570000), (515000, 6575000), (510000, 6575000), (510000, 6570000)))


def vector_file(tmp_path, driver, name, geometry, srid):
    """A real file written by GDAL (GeoDjango's OGR bindings only read, so `ogr2ogr` writes)."""
    import subprocess

    source = tmp_path / "source.geojson"
    source.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{srid}"}},
                "features": [
                    {"type": "Feature", "properties": {"namn": "Planområde"}, "geometry": json.loads(geometry.json)}
                ],
            }
        )
    )
    target = tmp_path / name
    subprocess.run(["ogr2ogr", "-f", driver, str(target), str(source)], check=True, capture_output=True)
    return target


def test_a_geopackage_in_sweref_is_read(tmp_path):
    path = vector_file(tmp_path, "GPKG", "plan.gpkg", sweref_square(), 3006)
    geometry, warnings = area_from_file(SimpleUploadedFile("plan.gpkg", path.read_bytes()))
    valid, srid, area, _ = postgis(geometry)
    assert valid and srid == 3006 and abs(area - 25e6) < 1 and warnings == []


def test_a_zipped_shapefile_in_another_crs_is_transformed(tmp_path):
    square = sweref_square()
    square.srid = 3006
    in_rt90 = square.transform(3021, clone=True)  # RT 90 2.5 gon V, the old Swedish grid
    shp = vector_file(tmp_path, "ESRI Shapefile", "plan.shp", in_rt90, 3021)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for suffix in (".shp", ".shx", ".dbf", ".prj"):
            archive.write(shp.with_suffix(suffix), f"plan{suffix}")
    geometry, _ = area_from_file(SimpleUploadedFile("plan.zip", buffer.getvalue()))
    valid, srid, area, _ = postgis(geometry)
    assert valid and srid == 3006 and abs(area - 25e6) < 25e6 * 0.001  # same square, within 0.1 %
    assert geometry.centroid.distance(square.centroid) < 5  # metres


def test_a_geojson_file_with_a_crs_member_is_honoured():
    geometry, _ = area_from_file(geojson_file(json.loads(sweref_square().json), crs="urn:ogc:def:crs:EPSG::3006"))
    assert abs(postgis(geometry)[2] - 25e6) < 1


def test_a_shapefile_without_a_known_crs_is_refused(tmp_path):
    shp = vector_file(tmp_path, "ESRI Shapefile", "plan.shp", sweref_square(), 3006)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for suffix in (".shp", ".shx", ".dbf"):
            archive.write(shp.with_suffix(suffix), f"plan{suffix}")
        archive.writestr("plan.prj", 'LOCAL_CS["Okänt lokalt system",UNIT["metre",1]]')
    with pytest.raises(ValidationError) as exc:
        area_from_file(SimpleUploadedFile("plan.zip", buffer.getvalue()))
    assert "plan.zip" in messages(exc) and "koordinatsystem" in messages(exc)


def test_a_file_in_the_wrong_crs_lands_outside_sweden_and_is_refused():
    # SWEREF 99 TM metres declared as WGS 84: a classic mistake
    upload = geojson_file(json.loads(sweref_square().json), crs="urn:ogc:def:crs:OGC:1.3:CRS84", name="fel.geojson")
    with pytest.raises(ValidationError) as exc:
        area_from_file(upload)
    assert "fel.geojson" in messages(exc)


def test_a_file_of_lines_is_refused_naming_the_file():
    upload = geojson_file({"type": "LineString", "coordinates": [[15.0, 59.2], [15.1, 59.3]]}, name="vag.geojson")
    with pytest.raises(ValidationError) as exc:
        area_from_file(upload)
    assert "vag.geojson innehåller en linje; en yta behövs" in messages(exc)


def test_a_file_of_another_kind_is_refused_before_gdal_reads_it():
    with pytest.raises(ValidationError) as exc:
        area_from_file(SimpleUploadedFile("yta.pdf", b"%PDF-1.4 ..."))
    assert "yta.pdf" in messages(exc) and ".pdf tas inte emot" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        area_from_file(SimpleUploadedFile("yta.gpkg", b"not a geopackage at all"))
    assert "innehållet är inte en GeoPackage" in messages(exc)


def test_a_file_wins_over_a_drawing_and_nothing_is_an_error_only_when_required():
    drawn = json.dumps(polygon([[x - 10, y] for x, y in SQUARE]))  # outside Sweden, but not used
    geometry, _ = area_from_input(geojson=drawn, upload=geojson_file(polygon()))
    assert postgis(geometry)[0]
    assert area_from_input(geojson="", upload=None, required=False) == (None, [])
    with pytest.raises(ValidationError) as exc:
        area_from_input(geojson=" ", upload=None)
    assert "Rita ytan på kartan eller ladda upp en fil" in messages(exc)


# --- the form field ------------------------------------------------------------------------


class PlanForm(PortalForm):
    area = AreaField(label="Planområde")


class OptionalForm(PortalForm):
    area = AreaField(label="Täckning", required=False)


def test_the_field_cleans_a_drawing_and_keeps_the_repair_warning():
    form = PlanForm(data={"area": json.dumps(polygon(BOWTIE))})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["area"].srid == 3006 and form.fields["area"].warnings


def test_the_field_cleans_an_uploaded_file():
    form = PlanForm(data={}, files={"area_file": geojson_file(polygon())})
    assert form.is_valid(), form.errors
    assert isinstance(form.cleaned_data["area"], MultiPolygon)


def test_the_field_puts_the_reason_beside_itself():
    form = PlanForm(data={"area": json.dumps({"type": "Point", "coordinates": [15, 59.2]})})
    assert not form.is_valid()
    assert "en yta behövs" in form.errors["area"][0]
    assert PlanForm(data={"area": ""}).errors["area"] == ["Rita ytan på kartan eller ladda upp en fil med ytan."]
    form = OptionalForm(data={"area": ""})
    assert form.is_valid() and form.cleaned_data["area"] is None


def test_the_widget_renders_the_hidden_input_the_map_and_a_labelled_file_input():
    initial = MultiPolygon(sweref_square(), srid=3006)
    form = OptionalForm(initial={"area": initial})
    html = str(form["area"])
    assert 'type="hidden" name="area" id="id_area"' in html
    hidden_value = html.split('id="id_area" value="')[1].split('"')[0].replace("&quot;", '"')
    drawn = GEOSGeometry(hidden_value)
    assert drawn.srid == 4326 and 14 < drawn.centroid.x < 16  # lon/lat for the browser
    assert 'type="file" name="area_file" id="id_area_file"' in html and 'aria-describedby="id_area-how' in html
    assert form["area"].id_for_label == "id_area_file"  # the label names the keyboard's way in
    assert "vendor/leaflet-geoman/leaflet-geoman.min.js" in str(form.media) and "js/draw.js" in str(form.media)
    assert form["area"].field.widget.needs_multipart_form


class NamedPlanForm(PortalForm):
    name = forms.CharField(label="Namn")
    area = AreaField(label="Planområde")


def test_a_form_shown_again_keeps_the_area_read_from_an_uploaded_file():
    form = NamedPlanForm(data={"name": ""}, files={"area_file": geojson_file(polygon())})
    assert not form.is_valid() and "name" in form.errors and "area" not in form.errors
    html = str(form["area"])
    kept = GEOSGeometry(html.split('id="id_area" value="')[1].split('"')[0].replace("&quot;", '"'))
    assert kept.srid == 4326 and kept.geom_type == "MultiPolygon"
    assert abs(kept.extent[0] - 15.0) < 1e-6 and abs(kept.extent[3] - 59.3) < 1e-6  # the file's square, in lon/lat
    resubmitted = NamedPlanForm(data={"name": "Plan", "area": kept.json})
    assert resubmitted.is_valid(), resubmitted.errors
