"""The combined map /karta/ (planportal/map_page.py): a layer from every part, only what the user
may see (the library's layers by Layer.visible_to, internal documents' coverage, internal
networks' meetings), the state read from the address, and a fixed number of queries however many
layers and features there are. The document coverage layer's endpoint: visibility, year, bad input."""

import json

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point
from django.urls import reverse

from knowledge.models import Document, LayerFeature
from tests.factories import OrganisationFactory, sweref_square
from tests.knowledge.factories import DocumentFactory, LayerFactory
from tests.networks.factories import MeetingFactory, NetworkFactory
from tests.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def _layers(response):
    return {layer["key"]: layer for layer in response.context["map_layers_json"]}


@pytest.fixture
def content(db):
    OrganisationFactory(municipality=True, name="Kumla kommun", slug="kumla", boundary=sweref_square())
    public_layer = LayerFactory(name="Naturreservat", is_public=True, is_example=True)
    LayerFeature.objects.create(
        layer=public_layer, number=1, geometry=GEOSGeometry("POINT(514000 6571000)", srid=3006), properties={}
    )
    hidden_layer = LayerFactory(name="Hemligt lager", is_public=False)
    DocumentFactory(title="Grönplan", year=2024, coverage=sweref_square(), slug="gronplan")
    DocumentFactory(title="Internt underlag", year=2023, coverage=sweref_square(), slug="internt", internal=True)
    MeetingFactory(title="Planeringsdag", point=Point(514500, 6571500, srid=3006))
    MeetingFactory(title="Internt möte", point=Point(514500, 6571500, srid=3006), network=NetworkFactory(internal=True))
    ReferralFactory(plan_name="Detaljplan Ekängen")
    return {"public_layer": public_layer, "hidden_layer": hidden_layer}


def test_every_part_has_a_layer_and_the_public_sees_only_public_ones(client, content):
    response = client.get("/karta/")
    assert response.status_code == 200
    layers = _layers(response)
    assert {"municipalities", "referrals-open", "referrals-closed", "document-coverage", "meeting-places"} <= set(
        layers
    )
    assert f"layer-{content['public_layer'].pk}" in layers
    assert f"layer-{content['hidden_layer'].pk}" not in layers
    assert "Hemligt lager" not in response.content.decode()
    assert layers["referrals-open"]["kind"] == "mvt" and layers["meeting-places"]["cluster"] is True
    assert layers[f"layer-{content['public_layer'].pk}"]["example"] is True
    # The year filter offers the years the layers have: cases, public documents, visible meetings.
    assert 2024 in response.context["years"] and 2023 not in response.context["years"]
    coverage = json.loads(client.get(layers["document-coverage"]["url"]).content)
    assert [f["properties"]["title"] for f in coverage["features"]] == ["Grönplan"]
    places = json.loads(client.get(layers["meeting-places"]["url"]).content)
    assert [f["properties"]["title"] for f in places["features"]] == ["Planeringsdag"]


def test_an_editor_sees_the_internal_layer(client, content, editor):
    client.force_login(editor)
    layers = _layers(client.get("/karta/"))
    assert f"layer-{content['hidden_layer'].pk}" in layers


def test_the_address_chooses_the_layers_and_the_year(client, content):
    response = client.get("/karta/", {"layers": "document-coverage,nonsense", "year": "2024"})
    layers = _layers(response)
    assert layers["document-coverage"]["checked"] and not layers["municipalities"]["checked"]
    assert response.context["year"] == 2024
    html = response.content.decode()
    assert 'value="document-coverage" id="layer-document-coverage" checked' in html
    assert '<option value="2024" selected>' in html
    # Unknown layers and years are ignored: the defaults.
    response = client.get("/karta/", {"layers": "nonsense", "year": "1800"})
    assert _layers(response)["municipalities"]["checked"] and response.context["year"] is None


def test_map_page_queries_do_not_grow_with_layers_and_features(client, count_queries, content):
    few, response = count_queries(lambda: client.get("/karta/"))
    assert response.status_code == 200
    for i in range(5):
        LayerFactory(name=f"Lager {i}", is_public=True)
        ReferralFactory()
        DocumentFactory(year=2010 + i, coverage=sweref_square())
        MeetingFactory(point=Point(514500, 6571500, srid=3006))
        OrganisationFactory(municipality=True, slug=f"kommun-{i}", boundary=sweref_square())
    many, response = count_queries(lambda: client.get("/karta/"))
    assert len(_layers(response)) >= 11
    assert many == few


def test_coverage_endpoint_year_and_bad_input(client, content):
    url = reverse("document-coverage-geojson")
    assert json.loads(client.get(url, {"year": "2024"}).content)["features"][0]["properties"]["year"] == 2024
    assert json.loads(client.get(url, {"year": "2022"}).content)["features"] == []
    bad = client.get(url, {"year": "tjugo"})
    assert bad.status_code == 400 and "year" in bad.json()
    bad = client.get(url, {"bbox": "1,2"})
    assert bad.status_code == 400 and "bbox" in bad.json()
    assert Document.objects.count() == 2


def test_coverage_endpoint_is_one_query(client, count_queries, content):
    url = reverse("document-coverage-geojson")
    few, _ = count_queries(lambda: client.get(url))
    DocumentFactory.create_batch(10, coverage=sweref_square())
    many, response = count_queries(lambda: client.get(url))
    assert len(json.loads(response.content)["features"]) == 11
    assert many == few
