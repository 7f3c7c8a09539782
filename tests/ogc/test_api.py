"""OGC API Features at /ogc/: the documents, paging, the filters, the CRSs, visibility, errors
and the number of queries."""

import json

import pytest
from django.contrib.gis.geos import GEOSGeometry
from drf_spectacular.validation import validate_schema

from knowledge.models import LayerFeature
from ogc.params import CRS84, DEFAULT_LIMIT, EPSG3006, EPSG4326, MAX_LIMIT, SUPPORTED_CRS
from referrals.models import Referral

from .conftest import layer_with_features, public_counts

BASE = "/ogc/"
ITEMS = BASE + "collections/{}/items"


def get(client, url, **params):
    response = client.get(url, params)
    body = json.loads(response.content)
    return response, body


def test_landing_page_links_conformance_and_collections(client, world):
    response, body = get(client, BASE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    rels = {link["rel"]: link["href"] for link in body["links"]}
    assert rels["conformance"] == "http://testserver/ogc/conformance"
    assert rels["data"] == "http://testserver/ogc/collections"
    _, conformance = get(client, rels["conformance"])
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conformance["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conformance["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30" in conformance["conformsTo"]


def test_landing_page_at_the_address_without_slash(client, world):
    """What a GIS user types (…/ogc) answers the landing page itself: QGIS follows no redirect."""
    response, body = get(client, "/ogc")
    assert response.status_code == 200
    assert body == get(client, BASE)[1]


def test_api_definition_is_openapi_30_with_the_limits_the_items_keep(client, world):
    """The landing page's service-desc (QGIS opens no service without it): a valid OpenAPI 3.0
    document whose `limit` is the one the items endpoint applies."""
    _, landing = get(client, BASE)
    desc = [link for link in landing["links"] if link["rel"] == "service-desc"]
    assert [link["type"] for link in desc] == ["application/vnd.oai.openapi+json;version=3.0"]
    assert {"service-doc", "alternate"} <= {link["rel"] for link in landing["links"]}
    response = client.get(desc[0]["href"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json;version=3.0"
    document = json.loads(response.content)
    validate_schema(document)  # OpenAPI 3.0's JSON schema
    assert document["servers"] == [{"url": "http://testserver/ogc"}]
    limit = document["components"]["parameters"]["limit"]
    assert (limit["schema"]["default"], limit["schema"]["maximum"]) == (DEFAULT_LIMIT, MAX_LIMIT)
    assert document["components"]["parameters"]["crs"]["schema"]["enum"] == [crs.uri for crs in SUPPORTED_CRS]
    items = document["paths"]["/collections/{collectionId}/items"]["get"]
    names = [p["$ref"].rsplit("/", 1)[1] for p in items["parameters"]]
    assert names == ["collectionId", "limit", "offset", "bbox", "bbox-crs", "crs", "datetime", "f"]
    # what it promises holds: the default page and the largest one
    _, page = get(client, ITEMS.format("referral-areas"))
    assert page["numberReturned"] == min(DEFAULT_LIMIT, page["numberMatched"])
    assert get(client, ITEMS.format("referral-areas"), limit=MAX_LIMIT + 1)[0].status_code == 200
    # every path of the document answers (with a real collection and feature put in)
    feature = page["features"][0]["id"]
    for path in document["paths"]:
        url = "/ogc" + path.replace("{collectionId}", "referral-areas").replace("{featureId}", str(feature))
        assert client.get(url, HTTP_ACCEPT="application/json").status_code == 200, url


def test_collections_list_what_the_public_may_see_with_crs_and_extents(client, world):
    response, body = get(client, BASE + "collections")
    assert response.status_code == 200
    ids = [c["id"] for c in body["collections"]]
    assert ids == list(public_counts(world))
    text = response.content.decode()
    assert "HEMLIG" not in text
    for collection in body["collections"]:
        assert collection["crs"] == [CRS84.uri, EPSG4326.uri, EPSG3006.uri]
        assert collection["storageCrs"] == EPSG3006.uri
        minx, miny, maxx, maxy = collection["extent"]["spatial"]["bbox"][0]
        assert 13 < minx < maxx < 17 and 58 < miny < maxy < 61, collection["id"]
        items = next(link for link in collection["links"] if link["rel"] == "items")
        assert items["type"] == "application/geo+json"
    referrals = body["collections"][1]
    assert referrals["extent"]["temporal"]["interval"] == [["2024-03-01T00:00:00Z", "2026-01-10T23:59:59Z"]]


def test_an_editor_also_sees_the_unpublished_layers(client, world, editor):
    client.force_login(editor)
    _, body = get(client, BASE + "collections")
    ids = {c["id"] for c in body["collections"]}
    assert {f"layer-{world.layers.hidden.pk}", f"layer-{world.layers.of_internal.pk}"} <= ids
    response, body = get(client, ITEMS.format(f"layer-{world.layers.hidden.pk}"))
    assert response.status_code == 200 and body["numberMatched"] == 2


@pytest.mark.parametrize("which", ["hidden", "of_internal"])
def test_hidden_layers_are_not_found_for_the_public(client, world, which):
    layer = getattr(world.layers, which)
    for url in (
        BASE + f"collections/layer-{layer.pk}",
        ITEMS.format(f"layer-{layer.pk}"),
        ITEMS.format(f"layer-{layer.pk}") + f"/{layer.features.first().pk}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "HEMLIG" not in response.content.decode()
        assert json.loads(response.content)["detail"]


def test_every_collection_counts_what_the_database_holds(client, world):
    for collection_id, expected in public_counts(world).items():
        response, body = get(client, ITEMS.format(collection_id), limit=1000)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/geo+json"
        assert response["Content-Crs"] == f"<{CRS84.uri}>"
        assert body["type"] == "FeatureCollection"
        assert body["numberMatched"] == body["numberReturned"] == len(body["features"]) == expected, collection_id
        assert "HEMLIG" not in response.content.decode()


def test_referral_areas_carry_the_register_columns_only(client, world):
    _, body = get(client, ITEMS.format("referral-areas"))
    properties = body["features"][0]["properties"]
    assert set(properties) == {
        "diary_number", "plan_name", "sender", "status", "status_label", "plan_type", "plan_type_label",
        "phase", "phase_label", "received", "deadline", "url", "is_example",
    }  # fmt: skip
    assert properties["url"].startswith("http://testserver/diarium/")
    assert "hemlig" not in json.dumps(body).lower()


def test_layer_features_carry_their_uploaded_attributes(client, world):
    layer = world.layers.public
    _, body = get(client, ITEMS.format(f"layer-{layer.pk}"))
    assert [f["properties"]["namn"] for f in body["features"]] == ["Objekt 1", "Objekt 2", "Objekt 3"]
    assert body["features"][0]["geometry"]["type"] == "Point"


def test_paging_links_walk_every_feature_once(client, world):
    layer = layer_with_features(7, name="Många")
    url = ITEMS.format(f"layer-{layer.pk}")
    seen, offsets, href = [], [], f"http://testserver{url}?limit=3&crs={EPSG3006.uri}"
    while href:
        response = client.get(href)
        body = json.loads(response.content)
        assert body["numberMatched"] == 7
        assert response["Content-Crs"] == f"<{EPSG3006.uri}>"  # the CRS is kept in the links
        links = {link["rel"]: link["href"] for link in body["links"]}
        offsets.append(int(links["self"].split("offset=")[1]))
        assert ("prev" in links) == (offsets[-1] > 0)
        seen += [f["id"] for f in body["features"]]
        href = links.get("next")
    assert offsets == [0, 3, 6]
    assert seen == sorted(LayerFeature.objects.filter(layer=layer).values_list("pk", flat=True))
    _, last = get(client, url, limit=3, offset=6)
    assert last["numberReturned"] == 1
    prev = next(link["href"] for link in last["links"] if link["rel"] == "prev")
    assert "offset=3" in prev and "limit=3" in prev
    _, beyond = get(client, url, offset=50)
    assert beyond["numberReturned"] == 0 and beyond["features"] == []


def test_a_limit_above_the_maximum_is_capped(client, world):
    _, body = get(client, ITEMS.format("municipalities"), limit=MAX_LIMIT + 5)
    self_link = next(link["href"] for link in body["links"] if link["rel"] == "self")
    assert f"limit={MAX_LIMIT}" in self_link


def test_crs_outputs_in_each_crs_axis_order(client, world):
    referral = world.referrals[1]  # plan_area(east=470000, north=6600000)
    stored = referral.area
    first = stored.coords[0][0][0]  # (east, north) in SWEREF 99 TM
    url = ITEMS.format("referral-areas") + f"/{referral.pk}"

    response, sweref = get(client, url, crs=EPSG3006.uri)
    assert response["Content-Crs"] == f"<{EPSG3006.uri}>"
    north, east = sweref["geometry"]["coordinates"][0][0][0]  # EPSG:3006 is northing, easting
    assert (east, north) == pytest.approx(first, abs=0.01)

    lonlat = stored.transform(4326, clone=True).coords[0][0][0]
    _, crs84 = get(client, url)
    assert crs84["geometry"]["coordinates"][0][0][0] == pytest.approx(lonlat, abs=1e-6)
    response, latlon = get(client, url, crs=EPSG4326.uri)
    assert response["Content-Crs"] == f"<{EPSG4326.uri}>"
    assert latlon["geometry"]["coordinates"][0][0][0] == pytest.approx(lonlat[::-1], abs=1e-6)
    assert {link["rel"] for link in latlon["links"]} == {"self", "collection"}


def test_bbox_in_each_crs_finds_the_same_features(client, world):
    # Around the second case (east 470000, north 6600000) only.
    box = GEOSGeometry("POLYGON((469000 6599000, 471000 6599000, 471000 6601000, 469000 6601000, 469000 6599000))")
    box.srid = 3006
    minlon, minlat, maxlon, maxlat = box.transform(4326, clone=True).extent
    queries = [
        {"bbox": f"{minlon},{minlat},{maxlon},{maxlat}"},
        {"bbox": f"{minlon},{minlat},{maxlon},{maxlat}", "bbox-crs": CRS84.uri},
        {"bbox": f"{minlat},{minlon},{maxlat},{maxlon}", "bbox-crs": EPSG4326.uri},
        {"bbox": "6599000,469000,6601000,471000", "bbox-crs": EPSG3006.uri},
    ]
    for params in queries:
        response, body = get(client, ITEMS.format("referral-areas"), **params)
        assert response.status_code == 200, body
        assert [f["id"] for f in body["features"]] == [world.referrals[1].pk], params
        assert body["numberMatched"] == 1
        next_self = next(link["href"] for link in body["links"] if link["rel"] == "self")
        assert "bbox=" in next_self


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-06-15", 1),
        ("2025-06-15T12:00:00Z", 1),
        ("2025-01-01/2026-12-31", 2),
        ("../2025-06-15", 2),
        ("2025-06-16/..", 1),
        ("2025-06-16/", 1),
        ("2020-01-01/2020-12-31", 0),
    ],
)
def test_datetime_filters_the_cases_by_received_date(client, world, value, expected):
    response, body = get(client, ITEMS.format("referral-areas"), datetime=value)
    assert response.status_code == 200, body
    assert body["numberMatched"] == expected


def test_datetime_filters_documents_by_year(client, world):
    _, body = get(client, ITEMS.format("document-coverage"), datetime="2025-03-01/2025-03-02")
    assert [f["properties"]["title"] for f in body["features"]] == ["Vattenplan"]


@pytest.mark.parametrize(
    "params, field, words",
    [
        ({"bbox": "1,2,3"}, "bbox", "fyra tal"),
        ({"bbox": "a,b,c,d"}, "bbox", "tal"),
        ({"bbox": "15,59,14,60"}, "bbox", "minsta"),
        ({"bbox": "1,2,3,4,5,6"}, "bbox", "fyra tal"),
        ({"bbox": "6600000,470000,6500000,480000", "bbox-crs": EPSG3006.uri}, "bbox", "minsta"),
        ({"bbox": "nan,1,2,3", "bbox-crs": EPSG3006.uri}, "bbox", "tal"),
        ({"bbox": "59,14,200,15", "bbox-crs": EPSG4326.uri}, "bbox", "latitud"),
        ({"bbox-crs": EPSG3006.uri}, "bbox-crs", "bbox"),
        ({"limit": "0"}, "limit", "heltal"),
        ({"limit": "tio"}, "limit", "heltal"),
        ({"offset": "-1"}, "offset", "heltal"),
        ({"datetime": "igår"}, "datetime", "RFC 3339"),
        ({"datetime": "2026-02-30"}, "datetime", "RFC 3339"),
        ({"datetime": "../.."}, "datetime", "RFC 3339"),
        ({"datetime": "2026-05-01/2026-01-01"}, "datetime", "början"),
        ({"crs": "EPSG:3857"}, "crs", "EPSG/0/3006"),
        ({"bbox": "14,59,15,60", "bbox-crs": "EPSG:2400"}, "bbox-crs", "Okänt"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, world, params, field, words):
    response, body = get(client, ITEMS.format("referral-areas"), **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert words in " ".join(body[field]), body


def test_datetime_on_a_collection_without_dates_is_a_400(client, world):
    response, body = get(client, ITEMS.format("municipalities"), datetime="2026-01-01")
    assert response.status_code == 400
    assert "inget datum" in body["datetime"][0]


def test_errors_in_english_when_chosen(client, world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    response, body = get(client, ITEMS.format("referral-areas"), limit="0", crs="EPSG:1")
    assert response.status_code == 400
    assert "whole number" in body["limit"][0]
    assert "Unknown" in body["crs"][0]


def test_unknown_collection_and_item_are_404(client, world):
    assert client.get(BASE + "collections/nothing").status_code == 404
    assert client.get(ITEMS.format("nothing")).status_code == 404
    assert client.get(ITEMS.format("layer-99999999999999999999")).status_code == 404
    assert client.get(ITEMS.format("referral-areas") + "/99999999999999999999").status_code == 404
    no_area = world.referrals[3]
    response = client.get(ITEMS.format("referral-areas") + f"/{no_area.pk}")
    assert response.status_code == 404
    assert json.loads(response.content)["detail"]


def test_a_referral_without_area_is_left_out(client, world):
    _, body = get(client, ITEMS.format("referral-areas"))
    assert Referral.objects.count() == 4 and body["numberMatched"] == 3


def _items_queries(client, count_queries, url):
    return count_queries(lambda: client.get(url, {"limit": 1000}))[0]


def test_items_cost_the_same_queries_for_1_and_25_rows(client, world, count_queries):
    layer = layer_with_features(1, name="Ett objekt")
    urls = {
        "layer": ITEMS.format(f"layer-{layer.pk}"),
        "referral-areas": ITEMS.format("referral-areas"),
        "document-coverage": ITEMS.format("document-coverage"),
    }
    before = {name: _items_queries(client, count_queries, url) for name, url in urls.items()}
    for number in range(2, 26):
        LayerFeature.objects.create(layer=layer, number=number, geometry=layer.features.first().geometry)
    from tests.knowledge.factories import DocumentFactory
    from tests.referrals.factories import ReferralFactory

    ReferralFactory.create_batch(24)
    DocumentFactory.create_batch(24, coverage=world.documents.public.coverage)
    after = {name: _items_queries(client, count_queries, url) for name, url in urls.items()}
    assert before == after
    assert after["referral-areas"] <= 2  # one statement: the page and the number matched


def test_collections_cost_the_same_queries_for_1_and_10_layers(client, world, count_queries):
    before, _ = count_queries(lambda: client.get(BASE + "collections"))
    for _ in range(9):
        layer_with_features(2)
    after, response = count_queries(lambda: client.get(BASE + "collections"))
    assert len(json.loads(response.content)["collections"]) == len(public_counts(world)) + 9
    assert before == after
