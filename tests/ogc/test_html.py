"""OGC API Features as HTML pages for a person with a browser (the HTML conformance class): the
same collections, features and rules as the JSON, which GIS tools keep getting."""

import json

import pytest

from knowledge.models import LayerFeature

from .conftest import layer_with_features

pytestmark = pytest.mark.django_db

BASE = "/ogc/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def page(client, path, **params):
    response = client.get(BASE + path, params, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_a_browser_gets_pages_and_gis_tools_get_json(client, world):
    html = page(client, "")
    assert "<h1>Planportalen – OGC API Features</h1>" in html
    assert "ogrinfo OAPIF:http://testserver/ogc/" in html
    for accept in ("application/geo+json, application/json", "application/json", ""):
        response = client.get(BASE, HTTP_ACCEPT=accept)
        assert response["Content-Type"].startswith("application/json"), accept
    response = client.get(BASE, {"f": "json"}, HTTP_ACCEPT=BROWSER)
    body = response.json()
    assert {"rel": "alternate", "type": "text/html"}.items() <= next(
        link for link in body["links"] if link["rel"] == "alternate"
    ).items()
    conformance = client.get(BASE + "conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html" in conformance


def test_collections_page_lists_what_the_json_lists(client, world):
    html = page(client, "collections")
    listed = client.get(BASE + "collections").json()["collections"]
    for collection in listed:
        assert collection["title"] in html
    assert "HEMLIGT" not in html  # the hidden layers are not there for the public


def test_items_page_is_a_table_with_paging(client, world):
    layer = world.layers.public
    html = page(client, f"collections/layer-{layer.pk}/items", limit=2)
    assert "Objekt 1–2 av 3." in html
    assert '<th scope="col">namn</th>' in html and "Objekt 1" in html and "Objekt 2" in html
    assert 'rel="next"' in html and "offset=2" in html
    html = page(client, f"collections/layer-{layer.pk}/items", limit=2, offset=2)
    assert "Objekt 3–3 av 3." in html and 'rel="prev"' in html
    feature = LayerFeature.objects.filter(layer=layer).order_by("number").first()
    html = page(client, f"collections/layer-{layer.pk}/items/{feature.pk}")
    assert "Objekt 1" in html and "Point" in html


def test_hidden_collections_are_not_found_as_pages_either(client, world):
    response = client.get(BASE + f"collections/layer-{world.layers.hidden.pk}/items", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 404


def test_a_bad_format_is_a_400_naming_f(client, world):
    response = client.get(BASE + "collections", {"f": "xml"})
    assert response.status_code == 400
    assert "f" in response.json()


def test_the_items_page_costs_the_same_queries_for_2_and_25_rows(client, world, count_queries):
    layer = layer_with_features(2, name="Många")
    url = BASE + f"collections/layer-{layer.pk}/items"

    def get():
        return client.get(url, HTTP_ACCEPT=BROWSER)

    few, _ = count_queries(get)
    point = layer.features.first().geometry
    for number in range(3, 26):
        LayerFeature.objects.create(layer=layer, number=number, geometry=point, properties={"namn": str(number)})
    many, response = count_queries(get)
    assert "Objekt 1–25 av 25." in response.content.decode()
    assert few == many
    before, _ = count_queries(lambda: client.get(BASE + "collections", HTTP_ACCEPT=BROWSER))
    for _ in range(5):
        layer_with_features(1)
    after, response = count_queries(lambda: client.get(BASE + "collections", HTTP_ACCEPT=BROWSER))
    assert before == after
    assert json.loads(client.get(BASE + "collections").content)["collections"]


def test_the_json_links_of_the_pages_give_json_to_a_browser_too(client, world):
    """A person on a page clicking "GeoJSON" gets GeoJSON, not the page again (the browser's
    Accept asks for HTML first: the links say f=json)."""
    import re
    from html import unescape

    layer = world.layers.public
    pages = [
        f"collections/layer-{layer.pk}/items",
        "collections",
        f"collections/layer-{layer.pk}",
        f"collections/layer-{layer.pk}/items/{LayerFeature.objects.filter(layer=layer).first().pk}",
    ]
    for path in pages:
        html = page(client, path)
        links = [unescape(href) for href in re.findall(r'href="([^"]*f=json[^"]*)"', html)]
        assert links, path
        for href in links:
            response = client.get(href.replace("http://testserver", ""), HTTP_ACCEPT=BROWSER)
            assert response.status_code == 200 and "json" in response["Content-Type"], (path, href)
    html = page(client, f"collections/layer-{layer.pk}/items", limit=1)
    next_link = unescape(re.search(r'href="([^"]*)" rel="next"', html).group(1))
    assert "f=html" in next_link and "offset=1" in next_link


def test_the_landing_page_links_the_api_definition(client, world):
    """The person connecting a GIS tool finds what it reads first: the OpenAPI document, JSON
    even to a browser."""
    html = page(client, "")
    assert 'href="http://testserver/ogc/api"' in html
    response = client.get("/ogc/api", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.oai.openapi+json")
