"""Reading the exports' files back: CSV with the csv module, GeoJSON with json, GeoPackage with
GDAL (GeoDjango's reader and the ogrinfo tool)."""

import csv
import io
import json
import re
import subprocess
import tempfile

from django.contrib.gis.gdal import DataSource


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(response) -> list[list[str]]:
    data = body(response)
    assert data.startswith("\ufeff".encode()), "UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def read_geojson(response) -> dict:
    data = json.loads(body(response))
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        assert feature["type"] == "Feature" and "properties" in feature
        geometry = feature["geometry"]
        if geometry:  # lon/lat in Sweden
            text = json.dumps(geometry["coordinates"])
            numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", text)]
            lons, lats = numbers[0::2], numbers[1::2]
            assert all(10 < lon < 25 for lon in lons) and all(55 < lat < 70 for lat in lats), geometry
    return data


def read_geopackage(data: bytes) -> dict:
    """{"count", "srid", "names", "ogrinfo_count"} of the GeoPackage's one layer."""
    with tempfile.NamedTemporaryFile(suffix=".gpkg") as handle:
        handle.write(data)
        handle.flush()
        source = DataSource(handle.name)
        assert len(source) == 1
        layer = source[0]
        names = [str(feature.get(layer.fields[0])) for feature in layer] if len(layer) else []
        result = {"count": len(layer), "srid": layer.srs.srid if layer.srs else None, "names": names}
        info = subprocess.run(["ogrinfo", "-so", "-al", handle.name], capture_output=True, text=True, check=True)
        result["ogrinfo_count"] = int(re.search(r"Feature Count: (\d+)", info.stdout).group(1))
        result["fields"] = list(layer.fields)
    return result
