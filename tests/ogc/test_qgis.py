"""QGIS reads every collection from a live server with its own OGC API Features client (the
OAPIF data provider, not GDAL's driver): the landing page's API definition (`service-desc`, which
QGIS requires), the collections, every page of features, with the counts the database holds.
Signed in with HTTP Basic (QGIS's authentication), it sees what the role may see.

Debian 12's QGIS is 3.22, whose client reads in WGS 84 only (Part 2's `crs` came later): the
EPSG:3006 output is read by GDAL in test_gdal.py. QGIS runs in Debian's own Python (its bindings
are not in the virtualenv), as a separate process: tests/ogc/qgis_read.py."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from .conftest import layer_with_features
from .test_gdal import database_counts

pytestmark = pytest.mark.django_db(transaction=True)

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).with_name("qgis_read.py")


def qgis_read(service: str, *credentials: str) -> dict:
    result = subprocess.run(
        [SYSTEM_PYTHON, str(SCRIPT), service, *credentials],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": ""},
    )
    if "No module named 'qgis'" in result.stderr:
        pytest.fail("QGIS's Python bindings (python3-qgis) are missing; `make test` installs them")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_qgis_reads_every_collection(live_server, world, editor):
    layer_with_features(150, name="Många objekt")  # more than QGIS's first page
    expected = database_counts(world)

    read = qgis_read(f"{live_server.url}/ogc")  # as a user types it: no slash at the end
    assert list(read) == list(expected)
    for collection_id, count in expected.items():
        layer = read[collection_id]
        assert layer["valid"], (collection_id, layer)
        assert layer["count"] == count, collection_id
        assert layer["crs"] == "EPSG:4326"
        if count:
            minx, miny, maxx, maxy = layer["extent"]
            assert 10 < minx <= maxx < 25 and 55 < miny <= maxy < 70, (
                collection_id,
                layer["extent"],
            )  # Sweden, lon/lat
    referrals = read["referral-areas"]
    assert referrals["geometry"] == "Polygon"
    assert {"diary_number", "plan_name", "status_label", "received", "deadline", "url"} <= set(referrals["fields"])
    assert not {"internal_notes", "contact_email"} & set(referrals["fields"])  # nothing internal
    assert "HEMLIG" not in json.dumps(read)

    # Signed in (QGIS's Basic authentication), an editor also gets the unpublished layer.
    signed_in = qgis_read(f"{live_server.url}/ogc", editor.username, "secret-pass-123")
    hidden = f"layer-{world.layers.hidden.pk}"
    assert signed_in[hidden]["valid"] and signed_in[hidden]["count"] == 2
