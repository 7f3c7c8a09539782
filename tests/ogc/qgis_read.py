"""Run by Debian's Python (not the project's virtualenv), where QGIS's Python bindings live:
opens every collection of an OGC API Features service with QGIS's own client (the OAPIF data
provider, as QGIS Desktop's "Add WFS / OGC API Features layer" does) and prints what QGIS read,
as JSON: per collection the number of features, the layer's CRS, its fields, its geometry type
and the extent of all features.

    /usr/bin/python3 tests/ogc/qgis_read.py http://host/ogc [username password]

This file imports no Django and nothing of the project: QGIS sees only what it reads over HTTP."""

import json
import os
import sys
import tempfile
import urllib.request

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp())  # Qt wants one of its own (0700)

from qgis.core import QgsApplication, QgsRectangle, QgsVectorLayer, QgsWkbTypes  # noqa: E402


def read(service: str, username: str = "", password: str = "") -> dict:
    request = urllib.request.Request(service + "/collections?f=json", headers={"Accept": "application/json"})
    if username:
        import base64

        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=60) as response:
        ids = [c["id"] for c in json.load(response)["collections"]]
    result = {}
    for collection_id in ids:
        uri = f"url='{service}' typename='{collection_id}' restrictToRequestBBOX='0'"
        if username:
            uri += f" username='{username}' password='{password}'"
        layer = QgsVectorLayer(uri, collection_id, "OAPIF")
        if not layer.isValid():
            result[collection_id] = {"valid": False, "error": layer.error().summary()}
            continue
        extent = QgsRectangle()
        extent.setMinimal()
        count = 0
        for feature in layer.getFeatures():
            count += 1
            extent.combineExtentWith(feature.geometry().boundingBox())
        result[collection_id] = {
            "valid": True,
            "count": count,
            "crs": layer.crs().authid(),
            "fields": [field.name() for field in layer.fields()],
            "geometry": QgsWkbTypes.geometryDisplayString(layer.geometryType()),
            "extent": [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()],
        }
    return result


if __name__ == "__main__":
    QgsApplication.setPrefixPath("/usr", True)
    application = QgsApplication([], False)
    application.initQgis()
    print(json.dumps(read(*sys.argv[1:])), flush=True)
    os._exit(0)  # QGIS 3.22's exitQgis() can crash at exit without a display; the answer is out
