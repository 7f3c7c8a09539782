"""GDAL, as QGIS uses it, reads every collection from a live server: its OGC API Features
driver (OAPIF) in WGS 84, following the `next` links page by page, and every collection in
SWEREF 99 TM (EPSG:3006) through `crs`, with the counts the database holds.

Debian 12's GDAL is 3.6, whose OAPIF driver has no CRS option yet (Part 2 came in 3.7): the
EPSG:3006 read goes through its GeoJSON driver on the items address with `crs`, and the test
checks the coordinates in EPSG:3006's own axis order (northing, easting)."""

import json
import shutil
import subprocess

import pytest
from django.contrib.gis.gdal import DataSource

from knowledge.models import Document, Layer, LayerFeature
from networks.models import Organisation
from ogc.params import EPSG3006
from referrals.models import Referral
from rus.models import StructureFeature

from .conftest import layer_with_features, public_counts

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args) -> str:
    if not shutil.which(args[0]):
        pytest.fail(f"{args[0]} (gdal-bin) is missing; `make test` installs it")
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def database_counts(world) -> dict:
    """What the public may see, counted in the database from the models' own rules."""
    public_documents = Document.objects.filter(is_public=True, status__in=("current", "under_revision", "superseded"))
    return {
        "municipalities": Organisation.objects.filter(kind="municipality", boundary__isnull=False).count(),
        "referral-areas": Referral.objects.filter(area__isnull=False).count(),
        "document-coverage": public_documents.filter(coverage__isnull=False).count(),
        f"structure-image-{world.image.key}": StructureFeature.objects.filter(image=world.image).count(),
        **{
            f"layer-{layer.pk}": LayerFeature.objects.filter(layer=layer).count()
            for layer in Layer.objects.filter(is_public=True).exclude(
                document__in=Document.objects.exclude(pk__in=public_documents)
            )
        },
    }


def test_gdal_reads_every_collection_in_both_crss(live_server, world, tmp_path, editor):
    """One live server for all of GDAL's reads (a transactional test's flush is the slow part)."""
    layer_with_features(5, name="Fem objekt")  # more than a page
    expected = database_counts(world)

    # The landing page lists every collection the public may see, and nothing else.
    listing = run("ogrinfo", "-ro", "-q", f"OAPIF:{live_server.url}/ogc/")
    names = [line.split(": ", 1)[1].split(" (")[0] for line in listing.splitlines() if ": " in line]
    assert names == list(expected)
    assert set(public_counts(world)) <= set(names)
    assert "HEMLIG" not in listing
    # Signed in (HTTP Basic, GDAL's USERPWD as QGIS's authentication sends it), an editor sees more.
    signed_in = run(
        "ogrinfo", "-ro", "-q", f"OAPIF:{live_server.url}/ogc/", "-oo", f"USERPWD={editor.username}:secret-pass-123"
    )  # fmt: skip
    assert f"layer-{world.layers.hidden.pk}" in signed_in

    # WGS 84 through the OAPIF driver, two features a page: every page followed.
    for collection_id, count in expected.items():
        target = tmp_path / f"{collection_id}.gpkg"
        run(
            "ogr2ogr", "-f", "GPKG", str(target), f"OAPIF:{live_server.url}/ogc/collections/{collection_id}",
            "-oo", "PAGE_SIZE=2", "-nln", "features",
        )  # fmt: skip
        layer = DataSource(str(target))[0]
        assert len(layer) == count, collection_id
        assert layer.srs.srid == 4326
        for feature in layer:
            minx, miny, maxx, maxy = feature.geom.extent
            assert 13 < minx <= maxx < 17 and 58 < miny <= maxy < 61, collection_id
    info = run("ogrinfo", "-ro", "-so", "-al", f"OAPIF:{live_server.url}/ogc/collections/referral-areas")
    assert f"Feature Count: {expected['referral-areas']}" in info
    for field in ("diary_number: String", "plan_name: String", "received: Date", "deadline: Date"):
        assert field in info, info

    # SWEREF 99 TM through `crs` (GDAL 3.6's GeoJSON driver: see the module's docstring).
    for collection_id, count in expected.items():
        url = f"{live_server.url}/ogc/collections/{collection_id}/items?crs={EPSG3006.uri}&limit=10000"
        target = tmp_path / f"{collection_id}.geojson"
        run("ogr2ogr", "-f", "GeoJSON", str(target), f"GeoJSON:{url}", "-a_srs", "EPSG:3006")
        layer = DataSource(str(target))[0]
        assert len(layer) == count, collection_id
        data = json.loads(target.read_text())
        for feature in data["features"]:
            first = feature["geometry"]["coordinates"]
            while isinstance(first[0], list):
                first = first[0]
            north, east = first  # EPSG:3006's axis order
            assert 6_090_000 < north < 7_700_000 and 180_000 < east < 1_000_000, (collection_id, first)
