"""Uploads that could exhaust the machine or make GDAL reach outside the uploaded file: zip
bombs (honest and lying headers), too many zip entries, a VRT dressed as another format, CRS
links and remote paths in GeoJSON, and the RUS value CSV's size (planportal/geodata.py,
rus.services.value_import_start)."""

import http.server
import io
import json
import struct
import tempfile
import threading
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from planportal import geodata
from planportal.geodata import GeodataError, open_vector_file

BOMB_MB = 64  # unpacked; packed it is about 64 kB


def leftover_tmp_dirs():
    return set(Path(tempfile.gettempdir()).glob("planportal-shp-*"))


def shapefile_zip(tmp_path, *, shp=None, entries=None):
    """A zip with plan.shp (`shp` bytes, or a megabyte of zeros per BOMB_MB), .shx, .dbf, .prj."""
    path = tmp_path / "plan.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if shp is None:
            with archive.open("plan.shp", "w", force_zip64=False) as member:
                zeros = b"\x00" * (1024 * 1024)
                for _ in range(BOMB_MB):
                    member.write(zeros)
        else:
            archive.writestr("plan.shp", shp)
        archive.writestr("plan.shx", b"\x00" * 100)
        archive.writestr("plan.dbf", b"\x00" * 100)
        archive.writestr("plan.prj", 'PROJCS["SWEREF99 TM"]')
        for n in range(entries or 0):
            archive.writestr(f"extra/{n}.txt", b"x")
    return path


def lie_about_size(path: Path, member: str, size: int):
    """Rewrites the uncompressed size of `member` in both its local and central headers."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    local = data.find(b"PK\x03\x04" + b"")
    while local != -1:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_length] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def open_and_measure(path):
    """-> (the GeodataError, peak Python memory in MB while trying to open `path`)."""
    tracemalloc.start()
    try:
        with pytest.raises(GeodataError) as exc, open_vector_file(path):
            pass
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()
    return str(exc.value), peak


def test_a_zip_bomb_is_refused_by_its_declared_size_before_unpacking(tmp_path, settings):
    settings.MAX_UPLOAD_MB = 1  # unpacked at most 4 MB
    before = leftover_tmp_dirs()
    message, peak = open_and_measure(shapefile_zip(tmp_path))
    assert message == "plan.zip: Shapefilen blir större än 4 MB uppackad; dela upp den eller förenkla den."
    assert peak < 8  # MB: nothing was read whole
    assert leftover_tmp_dirs() == before


def test_a_zip_bomb_with_a_lying_header_stops_at_the_limit(tmp_path, settings):
    settings.MAX_UPLOAD_MB = 1
    path = shapefile_zip(tmp_path)
    lie_about_size(path, "plan.shp", 1000)  # claims 1 kB, unpacks to 64 MB
    before = leftover_tmp_dirs()
    message, peak = open_and_measure(path)
    assert message.startswith("plan.zip: plan.shp kunde inte packas upp") or "större än 4 MB" in message
    assert peak < 8
    assert leftover_tmp_dirs() == before


def test_a_lying_header_just_under_the_limit_is_cut_off_by_counting(tmp_path, settings):
    settings.MAX_UPLOAD_MB = 1
    settings.MAX_UNZIPPED_MB = 4
    path = shapefile_zip(tmp_path)
    lie_about_size(path, "plan.shp", 3 * 1024 * 1024)  # within the limit on paper
    message, peak = open_and_measure(path)
    assert "plan.zip" in message and peak < 8


def test_a_zip_with_too_many_entries_is_refused_before_they_are_listed(tmp_path):
    message, _ = open_and_measure(shapefile_zip(tmp_path, shp=b"x", entries=geodata.MAX_ZIP_ENTRIES + 1))
    assert message == f"plan.zip: zip-filen har {geodata.MAX_ZIP_ENTRIES + 5} filer; högst 200 tas emot."


# --- GDAL stays with the uploaded file ----------------------------------------------------


@pytest.fixture
def web_server():
    """A local HTTP server that records every request (nothing should reach it)."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"+proj=utm +zone=33 +ellps=GRS80 +units=m +no_defs")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def point_collection(**extra):
    return {
        "type": "FeatureCollection",
        **extra,
        "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [15, 59]}}],
    }


def test_a_crs_link_in_geojson_is_not_fetched(tmp_path, web_server):
    base, hits = web_server
    path = tmp_path / "yta.geojson"
    path.write_text(json.dumps(point_collection(crs={"type": "link", "properties": {"href": f"{base}/crs"}})))
    with open_vector_file(path) as layer:
        assert len(layer) == 1
    assert hits == [] and f"{base}/crs" in geodata.refused_fetches


def test_no_gdal_fetch_reaches_the_network_outside_the_reader_either(tmp_path, web_server):
    from django.contrib.gis.gdal import DataSource

    base, hits = web_server
    path = tmp_path / "yta.geojson"
    path.write_text(json.dumps(point_collection(crs={"type": "link", "properties": {"href": f"{base}/annan"}})))
    DataSource(str(path))  # GeoDjango's own opening, e.g. in a management command
    assert hits == []


def vrt_pointing_at(target):
    """GDAL's virtual format: a small XML file that makes GDAL read `target` (a file or URL)."""
    layer = f'<OGRVRTLayer name="x"><SrcDataSource>{target}</SrcDataSource></OGRVRTLayer>'
    return f"<OGRVRTDataSource>{layer}</OGRVRTDataSource>"


def test_a_vrt_dressed_as_geojson_is_not_opened(tmp_path, web_server):
    base, hits = web_server
    secret = tmp_path / "hemligt.csv"
    secret.write_text("namn,varde\nlosenord,hunter2\n")
    for target in (str(secret), f"/vsicurl/{base}/data.csv"):
        path = tmp_path / "yta.geojson"
        path.write_text(vrt_pointing_at(target))
        with pytest.raises(GeodataError) as exc, open_vector_file(path):
            pass
        assert "kunde inte läsas som GeoJSON" in str(exc.value)
    assert hits == []


def test_a_vrt_dressed_as_a_shapefile_in_a_zip_is_not_opened(tmp_path):
    secret = tmp_path / "hemligt.csv"
    secret.write_text("namn,varde\nlosenord,hunter2\n")
    vrt = vrt_pointing_at(secret)
    with pytest.raises(GeodataError) as exc, open_vector_file(shapefile_zip(tmp_path, shp=vrt.encode())):
        pass
    assert "kunde inte läsas som Shapefile" in str(exc.value)


@pytest.mark.parametrize(
    "given",
    [
        "/vsicurl/http://127.0.0.1:9/yta.geojson",
        "http://127.0.0.1:9/yta.geojson",
        "/vsizip//tmp/x.zip/yta.geojson",
        "PG:dbname=planportal",
        "GeoJSON:http://127.0.0.1:9/yta.geojson",
    ],
)
def test_remote_and_virtual_paths_are_refused(given):
    with pytest.raises(GeodataError) as exc, open_vector_file(given, display_name="yta.geojson"):
        pass
    assert str(exc.value) == f"yta.geojson: bara filer på servern kan läsas, inte {given}."


def test_gdal_runs_with_the_network_options_while_reading_and_gets_them_back(tmp_path):
    from planportal.geodata import _gdal_function

    get = _gdal_function("CPLGetConfigOption", __import__("ctypes").c_char_p, [__import__("ctypes").c_char_p] * 2)
    path = tmp_path / "yta.geojson"
    path.write_text(json.dumps(point_collection()))
    assert get(b"GDAL_HTTP_PROXY", None) is None
    with open_vector_file(path):
        assert get(b"CPL_VSIL_CURL_ALLOWED_EXTENSIONS", None) == b".planportal-no-network"
        assert get(b"GDAL_DISABLE_READDIR_ON_OPEN", None) == b"TRUE"
        assert get(b"OGR_SQLITE_ALLOW_EXTERNAL_ACCESS", None) == b"NO"
    assert get(b"GDAL_HTTP_PROXY", None) is None and get(b"GDAL_DISABLE_READDIR_ON_OPEN", None) is None
    path.write_text("<OGRVRTDataSource/>")  # a file that fails to open puts them back too
    with pytest.raises(GeodataError), open_vector_file(path):
        pass
    assert get(b"CPL_VSIL_CURL_ALLOWED_EXTENSIONS", None) is None


# --- the indicator CSV -----------------------------------------------------------------------


class Unreadable(SimpleUploadedFile):
    def read(self, *args):
        raise AssertionError("read before the size was checked")

    chunks = read


@pytest.mark.django_db
def test_an_indicator_csv_over_the_limit_is_refused_before_it_is_read(editor):
    from rus import services
    from rus.models import ValueImport

    big = Unreadable("varden.csv", b"")
    big.size = (services.MAX_VALUE_CSV_MB + 1) * 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        services.value_import_start(actor=editor, upload=big)
    limit = services.MAX_VALUE_CSV_MB
    assert exc.value.message_dict["file"] == [
        f"varden.csv är {limit + 1}.0 MB; största tillåtna storlek är {limit}.0 MB."
    ]
    assert not ValueImport.objects.exists()


@pytest.mark.django_db
def test_a_stored_indicator_csv_over_the_limit_fails_the_job_without_reading_it(editor, settings):
    from rus.models import ValueImport
    from rus.services import value_imports as services

    job = ValueImport.objects.create(original_name="stor.csv", created_by=editor)
    job.file.save("stor.csv", ContentFile(b"kpi,municipality,period,value\n" + b"x" * 1024), save=True)
    services.MAX_VALUE_CSV_MB, saved = 0.0001, services.MAX_VALUE_CSV_MB
    try:
        job = services.value_import_run(job.pk)
    finally:
        services.MAX_VALUE_CSV_MB = saved
    assert job.status == "failed" and "större än" in job.errors[0]["message"]


def test_zip_built_in_memory_helper_is_a_real_zip(tmp_path):
    # the helpers above build what they say (else the bomb tests could pass for a wrong reason)
    path = shapefile_zip(tmp_path)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("plan.shp").file_size == BOMB_MB * 1024 * 1024
    assert path.stat().st_size < 1024 * 1024
    lie_about_size(path, "plan.shp", 1000)
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        assert archive.getinfo("plan.shp").file_size == 1000


# --- the whole request ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_body_too_large_is_refused_from_its_declared_length(client, editor, settings):
    settings.MAX_UPLOAD_MB = 1  # a request may carry 4 MB
    client.force_login(editor)
    # The body is declared as 5 MB but only 10 bytes are there: anything that read it would fail.
    response = client.post(
        "/rus/import/",
        data=b"0123456789",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(5 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "Det som skickades är 5.0 MB; högst 4 MB tas emot (högst 1 MB per fil)." in response.content.decode()
    response = client.post(
        "/api/v1/layers/",
        data=b"0123456789",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(5 * 1024 * 1024),
    )
    assert response.status_code == 413 and "högst 4 MB" in response.json()["detail"]


@pytest.mark.django_db
def test_the_413_answer_is_in_english_when_chosen(client, settings):
    settings.MAX_UPLOAD_MB = 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/api/v1/layers/", data=b"x", content_type="application/json", CONTENT_LENGTH="9999999")
    assert response.status_code == 413 and "at most 4 MB is accepted" in response.json()["detail"]


@pytest.mark.django_db
def test_a_request_within_the_limit_goes_through(client, editor, settings):
    settings.MAX_UPLOAD_MB = 1
    client.force_login(editor)
    upload = SimpleUploadedFile("values.xlsx", b"PK\x03\x04")
    response = client.post("/rus/import/", {"file": upload})
    assert response.status_code == 400 and "Välj en CSV-fil (.csv)." in response.content.decode()
