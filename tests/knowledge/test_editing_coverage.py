"""An editor sets a document's coverage on its own pages (defect 8 of issue 10): drawn on
the map (GeoJSON from static/js/draw.js in the hidden input) or uploaded as a file (the
keyboard's way), through planportal.area_field.AreaField and the document services."""

import json

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge.models import Document
from tests.knowledge.factories import DocumentFactory

SQUARE = {  # around Örebro, WGS 84 lon/lat
    "type": "Polygon",
    "coordinates": [[[15.1, 59.2], [15.3, 59.2], [15.3, 59.3], [15.1, 59.3], [15.1, 59.2]]],
}


@pytest.fixture
def document(region):
    # An existing coverage near Kumla, in SWEREF 99 TM
    kumla = Polygon(((510000, 6545000), (515000, 6545000), (515000, 6550000), (510000, 6545000)), srid=3006)
    return DocumentFactory(title="Grönstrukturplan", publisher=region, coverage=MultiPolygon(kumla, srid=3006))


def _post(document, **overrides):
    post = {
        "title": document.title,
        "year": str(document.year),
        "kind": document.kind,
        "publisher": document.publisher.slug,
        "status": document.status,
        "is_public": "on",
    }
    post.update(overrides)
    return post


def _edit_url(document):
    return f"/dokument/{document.slug}/redigera/"


def test_the_edit_page_offers_drawing_and_uploading_the_coverage(client, editor, document):
    client.force_login(editor)
    body = client.get(_edit_url(document)).content.decode()
    assert 'type="hidden" name="coverage"' in body and 'type="file" name="coverage_file"' in body
    assert "leaflet-geoman" in body and "js/draw.js" in body and "leaflet/leaflet.js" in body
    # the current coverage is on the map, in WGS 84
    value = json.loads(body.split('name="coverage" id="id_coverage" value="')[1].split('"')[0].replace("&quot;", '"'))
    assert value["type"] == "MultiPolygon" and 15.0 < value["coordinates"][0][0][0][0] < 15.3


def test_an_editor_draws_the_coverage(client, editor, document):
    client.force_login(editor)
    response = client.post(_edit_url(document), _post(document, coverage=json.dumps(SQUARE)))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.coverage.srid == 3006 and document.coverage.geom_type == "MultiPolygon"
    assert 500000 < document.coverage.extent[0] < 520000 and document.coverage.extent[3] > 6570000


def test_an_editor_uploads_the_coverage(client, editor, document):
    client.force_login(editor)
    upload = SimpleUploadedFile("tackning.geojson", json.dumps(SQUARE).encode(), content_type="application/geo+json")
    response = client.post(_edit_url(document), _post(document, coverage_file=upload))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.coverage.extent[3] > 6570000


def test_saving_without_touching_the_map_keeps_the_coverage(client, editor, document):
    before = document.coverage.wkt
    client.force_login(editor)
    body = client.get(_edit_url(document)).content.decode()
    shown = body.split('name="coverage" id="id_coverage" value="')[1].split('"')[0].replace("&quot;", '"')
    response = client.post(_edit_url(document), _post(document, title="Grönstrukturplan 2026", coverage=shown))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Grönstrukturplan 2026" and document.coverage.wkt == before


def test_removing_the_drawn_area_clears_the_coverage(client, editor, document):
    client.force_login(editor)
    assert client.post(_edit_url(document), _post(document, coverage="")).status_code == 302
    document.refresh_from_db()
    assert document.coverage is None


def test_a_point_is_not_a_coverage_and_nothing_is_saved(client, editor, document):
    before = document.coverage.wkt
    client.force_login(editor)
    point = json.dumps({"type": "Point", "coordinates": [15.2, 59.3]})
    response = client.post(_edit_url(document), _post(document, title="Ändrad", coverage=point))
    body = response.content.decode()
    assert response.status_code == 200 and 'href="#id_coverage_file"' in body
    assert "innehåller en punkt" in body
    document.refresh_from_db()
    assert (document.title, document.coverage.wkt) == ("Grönstrukturplan", before)


def test_a_new_document_gets_its_coverage_on_the_publish_page(client, editor, region):
    client.force_login(editor)
    response = client.post(
        "/dokument/nytt/",
        {
            "title": "Vindkraftsanalys",
            "year": "2026",
            "kind": "report",
            "publisher": region.slug,
            "is_public": "on",
            "coverage": json.dumps(SQUARE),
        },
    )
    assert response.status_code == 302
    assert Document.objects.get(title="Vindkraftsanalys").coverage.extent[3] > 6570000
