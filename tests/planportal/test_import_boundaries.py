"""import_boundaries on small SWEREF 99 TM fixtures built here, plus the real county data when present."""

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from networks.models import Organisation
from tests.factories import OrganisationFactory

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "orebro-kommuner-okfse.geojson"
SWEREF_CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}}


def square(east, north, size=5000):
    return [[[east, north], [east + size, north], [east + size, north + size], [east, north + size], [east, north]]]


def feature(code, name, geometry):
    return {"type": "Feature", "properties": {"kommunkod": code, "kommunnamn": name}, "geometry": geometry}


def write_geojson(path: Path, features, crs=SWEREF_CRS) -> Path:
    collection = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = crs
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


@pytest.fixture
def two_municipalities(tmp_path):
    return write_geojson(
        tmp_path / "kommuner.geojson",
        [
            feature("1880", "Örebro", {"type": "Polygon", "coordinates": square(510000, 6570000)}),
            feature("1881", "Kumla", {"type": "Polygon", "coordinates": square(512000, 6555000)}),
        ],
    )


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("import_boundaries", *[str(a) for a in args], stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_creates_missing_and_updates_existing_then_a_rerun_changes_nothing(two_municipalities):
    orebro = OrganisationFactory(municipality=True, code="1880", name="Örebro kommun", slug="orebro")
    out = run(two_municipalities)
    assert "1 skapade, 1 uppdaterade, 0 oförändrade, 0 överhoppade" in out
    orebro.refresh_from_db()
    assert orebro.name == "Örebro kommun"  # the registry's official name is kept
    assert orebro.boundary.srid == 3006
    assert orebro.boundary.geom_type == "MultiPolygon"
    assert orebro.boundary.area == pytest.approx(5000 * 5000)
    kumla = Organisation.objects.get(code="1881")
    assert kumla.kind == Organisation.Kind.MUNICIPALITY and kumla.slug == "kumla"

    before = {o.code: o.boundary.wkt for o in Organisation.objects.municipalities()}
    count = Organisation.objects.count()
    out = run(two_municipalities)
    assert "0 skapade, 0 uppdaterade, 2 oförändrade, 0 överhoppade" in out
    assert Organisation.objects.count() == count
    assert {o.code: o.boundary.wkt for o in Organisation.objects.municipalities()} == before


@pytest.mark.django_db
def test_wgs84_geojson_without_crs_is_transformed_to_sweref(tmp_path):
    path = write_geojson(
        tmp_path / "wgs.geojson",
        [
            feature(
                "1880",
                "Örebro",
                {"type": "Polygon", "coordinates": [[[15.1, 59.2], [15.3, 59.2], [15.3, 59.35], [15.1, 59.2]]]},
            )
        ],
        crs=None,
    )
    run(path)
    boundary = Organisation.objects.get(code="1880").boundary
    east, north = boundary.centroid.coords
    assert 500_000 < east < 530_000 and 6_560_000 < north < 6_590_000


@pytest.mark.django_db
def test_invalid_polygon_is_repaired_and_reported(tmp_path):
    bowtie = [[[510000, 6570000], [515000, 6575000], [515000, 6570000], [510000, 6575000], [510000, 6570000]]]
    path = write_geojson(
        tmp_path / "bowtie.geojson", [feature("1880", "Örebro", {"type": "Polygon", "coordinates": bowtie})]
    )
    out = run(path)
    assert "lagad geometri: bowtie.geojson, objekt 1" in out
    boundary = Organisation.objects.get(code="1880").boundary
    assert boundary.valid and boundary.geom_type == "MultiPolygon"


@pytest.mark.django_db
def test_duplicate_code_and_empty_geometry_are_skipped_with_reasons(tmp_path):
    path = write_geojson(
        tmp_path / "k.geojson",
        [
            feature("1880", "Örebro", {"type": "Polygon", "coordinates": square(510000, 6570000)}),
            feature("1880", "Örebro igen", {"type": "Polygon", "coordinates": square(520000, 6570000)}),
            feature("1881", "Kumla", None),
        ],
    )
    out = run(path)
    assert "1 skapade, 0 uppdaterade, 0 oförändrade, 2 överhoppade" in out
    assert "objekt 2, 1880 (Örebro igen): kommunkoden förekommer redan tidigare i filen" in out
    assert "objekt 3, 1881 (Kumla): objektet saknar geometri" in out


def ogr2ogr(*args):
    if not shutil.which("ogr2ogr"):
        pytest.fail("ogr2ogr (gdal-bin) is missing; `make test` installs it")
    subprocess.run(["ogr2ogr", *map(str, args)], check=True, capture_output=True)


@pytest.mark.django_db
def test_reads_geopackage(tmp_path, two_municipalities):
    gpkg = tmp_path / "kommuner.gpkg"
    ogr2ogr("-f", "GPKG", gpkg, two_municipalities)
    out = run(gpkg)
    assert "2 skapade" in out
    assert Organisation.objects.get(code="1881").boundary.area == pytest.approx(25_000_000)


def zipped_shapefile(tmp_path, source, *, with_prj=True, name="kommuner"):
    folder = tmp_path / "shp"
    folder.mkdir()
    ogr2ogr("-f", "ESRI Shapefile", folder / f"{name}.shp", source)
    archive = tmp_path / f"{name}.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in folder.iterdir():
            if with_prj or part.suffix != ".prj":
                zf.write(part, part.name)
    return archive


@pytest.mark.django_db
def test_reads_zipped_shapefile(tmp_path, two_municipalities):
    out = run(zipped_shapefile(tmp_path, two_municipalities))
    assert "2 skapade" in out
    assert Organisation.objects.get(code="1880").boundary.srid == 3006


@pytest.mark.django_db
def test_real_county_boundaries_when_available():
    if not SHARED_DATA.exists():
        pytest.skip("../shared/data is not in this clone")
    out = run(SHARED_DATA)
    assert "12 skapade" in out
    orebro = Organisation.objects.get(code="1880")
    # Official area 1,620.6 km²; the coarse file is within 2 %.
    assert orebro.boundary.area / 1e6 == pytest.approx(1620.6, rel=0.02)


# --- bad input: a clear message naming the file and feature, nothing saved -------------------


def assert_fails_and_saves_nothing(args, *fragments):
    before = list(Organisation.objects.values_list("code", "boundary"))
    with pytest.raises(CommandError) as err:
        run(*args)
    message = str(err.value)
    for fragment in fragments:
        assert fragment in message, message
    assert list(Organisation.objects.values_list("code", "boundary")) == before
    return message


@pytest.mark.django_db
def test_missing_file(tmp_path):
    assert_fails_and_saves_nothing([tmp_path / "saknas.geojson"], "saknas.geojson", "filen finns inte")


@pytest.mark.django_db
def test_unknown_format(tmp_path):
    path = tmp_path / "kommuner.csv"
    path.write_text("kommunkod,namn\n1880,Örebro\n")
    assert_fails_and_saves_nothing([path], "kommuner.csv", "okänt filformat")


@pytest.mark.django_db
def test_file_that_is_not_what_its_name_says(tmp_path):
    path = tmp_path / "trasig.geojson"
    path.write_text("det här är ingen geojson")
    assert_fails_and_saves_nothing([path], "trasig.geojson", "kunde inte läsas")


@pytest.mark.django_db
def test_shapefile_without_crs(tmp_path, two_municipalities):
    archive = zipped_shapefile(tmp_path, two_municipalities, with_prj=False)
    assert_fails_and_saves_nothing([archive], "kommuner.zip", ".prj")


@pytest.mark.django_db
def test_missing_code_field(tmp_path, two_municipalities):
    assert_fails_and_saves_nothing(
        [two_municipalities, "--code-field", "knkod"], "kommuner.geojson", "fältet 'knkod'", "kommunkod, kommunnamn"
    )


@pytest.mark.django_db
def test_no_code_field_found_automatically(tmp_path):
    path = tmp_path / "utan.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "crs": SWEREF_CRS,
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"id": 1},
                        "geometry": {"type": "Polygon", "coordinates": square(510000, 6570000)},
                    }
                ],
            }
        )
    )
    assert_fails_and_saves_nothing([path], "utan.geojson", "--code-field")


@pytest.mark.django_db
def test_code_not_four_digits_names_the_feature_and_saves_nothing(tmp_path):
    path = write_geojson(
        tmp_path / "k.geojson",
        [
            feature("1880", "Örebro", {"type": "Polygon", "coordinates": square(510000, 6570000)}),
            feature("188", "Fel", {"type": "Polygon", "coordinates": square(520000, 6570000)}),
        ],
    )
    assert_fails_and_saves_nothing([path], "k.geojson, objekt 2", "'188'", "inte fyra siffror")
    assert not Organisation.objects.filter(code="1880").exists()


@pytest.mark.django_db
def test_geometry_that_is_not_a_polygon(tmp_path):
    path = write_geojson(
        tmp_path / "k.geojson",
        [
            feature("1880", "Örebro", {"type": "Polygon", "coordinates": square(510000, 6570000)}),
            feature("1881", "Kumla", {"type": "Point", "coordinates": [512000, 6555000]}),
        ],
    )
    assert_fails_and_saves_nothing([path], "k.geojson, objekt 2", "Point", "inte en polygon")
    assert not Organisation.objects.filter(code__in=["1880", "1881"]).exists()
