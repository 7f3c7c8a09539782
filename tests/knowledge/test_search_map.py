"""The search page's map says what it shows and what its button does, and is never an empty
grey square: the county's municipality outlines lie under the documents' coverage; the map is
framed on the coverage when the page has some (the county otherwise). A document's coverage
map has the same outlines for context."""

import json
import re
from html import unescape

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from planportal.geo import SWEREF99TM
from tests.knowledge.factories import DocumentFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SQUARE = MultiPolygon(Polygon.from_bbox((510000, 6560000, 520000, 6570000)), srid=SWEREF99TM)


def _layers(body, map_id):
    attribute = re.search(rf'id="{map_id}"[^>]*data-map-layers="([^"]*)"', body, re.S).group(1)
    return json.loads(unescape(attribute))


def test_a_theme_without_areas_shows_the_county_and_says_so(client):
    theme = ThemeFactory(name="Kompetensförsörjning", slug="kompetens")
    DocumentFactory(themes=[theme])
    DocumentFactory(themes=[theme])
    body = client.get("/dokument/sok/?theme=kompetens").content.decode()
    municipalities, documents = _layers(body, "search-map")
    assert municipalities["url"] == "/api/v1/municipalities/" and municipalities["key"] == "municipalities"
    assert documents["geojson"]["features"] == [] and documents["fit"] is False
    assert "Inget av dokumenten på sidan gäller ett utpekat område, så kartan visar bara länets kommungränser." in body
    assert "sökningen behåller dina sökord och filter och visar bara dokument vars område ligger i utsnittet" in body
    assert 'id="search-in-map" data-form="search-form" aria-describedby="map-help"' in body


def test_documents_with_an_area_frame_the_map_and_are_counted(client):
    theme = ThemeFactory(slug="transporter")
    DocumentFactory(themes=[theme], coverage=SQUARE, title="Stråkstudie")
    DocumentFactory(themes=[theme])
    body = client.get("/dokument/sok/?theme=transporter").content.decode()
    _municipalities, documents = _layers(body, "search-map")
    assert [f["properties"]["title"] for f in documents["geojson"]["features"]] == ["Stråkstudie"]
    assert documents["fit"] is True
    assert "1 av de 2 dokumenten på sidan gäller ett utpekat område och visas på kartan" in body


def test_a_documents_coverage_map_has_the_municipality_outlines(client):
    document = DocumentFactory(coverage=SQUARE)
    body = client.get(document.get_absolute_url()).content.decode()
    municipalities, coverage = _layers(body, "document-map")[:2]
    assert municipalities["key"] == "municipalities" and municipalities["weight"] == 1
    assert coverage["key"] == "coverage" and coverage["fit"] is True
    assert "Länets kommungränser visas i grått som bakgrund." in body
