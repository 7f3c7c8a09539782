"""The plan areas as vector tiles (/api/v1/referrals/tiles/{z}/{x}/{y}.pbf) and the list of what a
map's view shows (/api/v1/referrals/in-view/): decoded with a vector-tile library, the same cases
and filters as the register, nothing internal, index-backed, bad input named."""

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.urls import reverse

from planportal import mvt
from referrals.api.tiles import CLUSTER_CELL, DETAIL_ZOOM, tile_properties
from referrals.models import Referral
from referrals.selectors_public import public_referrals

from .factories import ReferralFactory, plan_area

pytestmark = pytest.mark.django_db

EAST, NORTH = 512000, 6568000  # Örebro
OTHER_EAST, OTHER_NORTH = 470000, 6640000  # far away (Hällefors)


def tile_of(east, north, z):
    return mvt.tile_containing(Point(east, north, srid=3006), z)


def tile_url(z, x, y, **query):
    url = reverse("referral-tiles", kwargs={"z": z, "x": x, "y": y})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def decode(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == mvt.CONTENT_TYPE
    layers = mapbox_vector_tile.decode(response.content)
    return layers.get("referrals", {"features": []})["features"]


@pytest.fixture
def cases(db):
    return {
        "open": ReferralFactory(plan_name="Detaljplan Ekängen", area=plan_area(EAST, NORTH)),
        "answered": ReferralFactory(
            plan_name="Detaljplan Mosås", answered=True, area=plan_area(EAST + 1000, NORTH), internal_notes="HEMLIG"
        ),
        "far": ReferralFactory(plan_name="Detaljplan Hällefors", area=plan_area(OTHER_EAST, OTHER_NORTH)),
        "no_area": ReferralFactory(plan_name="Översiktsplan utan område", no_area=True),
    }


def test_tile_has_the_cases_in_it_with_the_register_columns_only(client, cases):
    features = decode(client.get(tile_url(*tile_of(EAST, NORTH, 11))))
    by_id = {f["id"]: f for f in features}
    assert set(by_id) == {cases["open"].pk, cases["answered"].pk}
    props = by_id[cases["open"].pk]["properties"]
    assert props == {
        "diary_number": cases["open"].diary_number,
        "plan_name": "Detaljplan Ekängen",
        "status": "registered",
        "year": cases["open"].diary_year,
        "url": cases["open"].get_public_url(),
    }
    assert by_id[cases["open"].pk]["geometry"]["type"] == "Polygon"
    # Nothing internal, in any feature: the note, the assignee, the triage are not in the tile.
    response = client.get(tile_url(*tile_of(EAST, NORTH, 11)))
    assert b"HEMLIG" not in response.content
    for feature in features:
        assert set(feature["properties"]) == {"diary_number", "plan_name", "status", "year", "url"}


def test_tile_filters_are_the_registers(client, cases):
    z, x, y = tile_of(EAST, NORTH, 11)
    assert {f["id"] for f in decode(client.get(tile_url(z, x, y, status="open")))} == {cases["open"].pk}
    assert {f["id"] for f in decode(client.get(tile_url(z, x, y, status="closed")))} == {cases["answered"].pk}
    assert decode(client.get(tile_url(z, x, y, year=1999))) == []
    # The same cases as the register's selector with the same filters, inside the tile.
    register = set(public_referrals(user=None, filters={"status": "open"}).values_list("pk", flat=True))
    assert {f["id"] for f in decode(client.get(tile_url(z, x, y, status="open")))} <= register


def test_a_tile_elsewhere_has_only_what_is_there(client, cases):
    z, x, y = tile_of(EAST, NORTH, 14)
    far = tile_of(OTHER_EAST, OTHER_NORTH, 14)
    assert (z, x, y) != far
    assert {f["id"] for f in decode(client.get(tile_url(*far)))} == {cases["far"].pk}


def test_below_the_detail_zoom_a_tile_has_one_point_per_cell_with_its_count(client, cases):
    """A county-wide tile: the two cases 1 km apart in Örebro are one point counting 2 (without
    either's name), the lone case in Hällefors a point with its own columns."""
    features = decode(client.get(tile_url(*tile_of(EAST, NORTH, 6))))
    assert all(f["geometry"]["type"] == "Point" for f in features)
    assert sorted(f["properties"]["count"] for f in features) == [1, 2]
    pair = next(f for f in features if f["properties"]["count"] == 2)
    assert pair["id"] in {cases["open"].pk, cases["answered"].pk}
    assert set(pair["properties"]) == {"count"}
    lone = next(f for f in features if f["properties"]["count"] == 1)
    assert lone["id"] == cases["far"].pk
    assert lone["properties"]["plan_name"] == "Detaljplan Hällefors"
    assert lone["properties"]["url"] == cases["far"].get_public_url()
    # The point is where the case is: the middle of its plan area's box, inside the tile.
    assert 0 <= lone["geometry"]["coordinates"][0] <= mvt.EXTENT


def test_counts_in_a_low_zoom_tile_are_of_visible_cases_only(client, cases, monkeypatch):
    from referrals.querysets import ReferralQuerySet

    hidden = cases["answered"].pk
    monkeypatch.setattr(ReferralQuerySet, "visible_to", lambda self, user: self.exclude(pk=hidden))
    response = client.get(tile_url(*tile_of(EAST, NORTH, 6)))
    features = decode(response)
    assert sum(f["properties"]["count"] for f in features) == 2
    assert {f["id"] for f in features} == {cases["open"].pk, cases["far"].pk}
    assert b"HEMLIG" not in response.content and "Detaljplan Mosås".encode() not in response.content
    # The filters too: the answered case is not counted among the open ones.
    monkeypatch.undo()
    features = decode(client.get(tile_url(*tile_of(EAST, NORTH, 6), status="open")))
    assert sorted((f["id"], f["properties"]["count"]) for f in features) == [
        (cases["open"].pk, 1),
        (cases["far"].pk, 1),
    ]


def test_the_low_zoom_grid_is_the_same_in_every_tile(client, db):
    """Cases spread over several z8 tiles: each case is counted in exactly one tile."""
    made = [
        ReferralFactory(area=plan_area(EAST + dx, NORTH + dy)) for dx in (-60000, 0, 60000) for dy in (-60000, 60000)
    ]
    z = 8
    tiles = {tile_of(EAST + dx, NORTH + dy, z) for dx in (-60000, 0, 60000) for dy in (-60000, 60000)}
    assert len(tiles) > 1
    total = sum(f["properties"]["count"] for t in tiles for f in decode(client.get(tile_url(*t))))
    assert total == len(made)


def test_case_officer_gets_links_to_the_case_page_and_private_caching(client, cases, case_officer):
    url = tile_url(*tile_of(EAST, NORTH, 11))
    public = client.get(url)
    assert "public" in public["Cache-Control"] and "Cookie" in public["Vary"]
    client.force_login(case_officer)
    response = client.get(url)
    assert "private" in response["Cache-Control"]
    urls = {f["id"]: f["properties"]["url"] for f in decode(response)}
    assert urls[cases["open"].pk] == cases["open"].get_absolute_url()
    assert urls[cases["open"].pk] != cases["open"].get_public_url()
    assert b"HEMLIG" not in response.content


def test_tiles_start_from_visible_to(client, cases, monkeypatch):
    """Hide a case through the visibility rule: the tile drops it (the rule is not copied)."""
    from referrals.querysets import ReferralQuerySet

    hidden = cases["answered"].pk
    monkeypatch.setattr(ReferralQuerySet, "visible_to", lambda self, user: self.exclude(pk=hidden))
    ids = {f["id"] for f in decode(client.get(tile_url(*tile_of(EAST, NORTH, 11))))}
    assert ids == {cases["open"].pk}


@pytest.mark.parametrize(
    "path, field",
    [((23, 0, 0), "z"), ((3, 8, 0), "x"), ((3, 0, 8), "y")],
)
def test_a_tile_outside_the_grid_is_a_400_naming_the_coordinate(client, path, field):
    response = client.get(tile_url(*path))
    assert response.status_code == 400
    assert field in response.json()


def test_bad_filter_is_a_400_naming_it(client, cases):
    response = client.get(tile_url(*tile_of(EAST, NORTH, 11), status="nej"))
    assert response.status_code == 400
    assert "status" in response.json()


@pytest.mark.parametrize("zoom", [8, 11])
def test_tile_query_uses_the_spatial_index(cases, zoom):
    """EXPLAIN the tile's inner statement: the rows are reached through the GiST index on the
    plan area (sequential scans off, so the plan shows what the query allows, not what a tiny
    table makes cheapest)."""
    z, x, y = tile_of(EAST, NORTH, zoom)
    sql, params = mvt.tile_sql(
        public_referrals(user=None, filters={"status": "open"}).filter(area__isnull=False),
        z=z, x=x, y=y, layer="referrals", geometry="area", properties=tile_properties(None),
        cluster=CLUSTER_CELL if zoom < DETAIL_ZOOM else None,
    )  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "SELECT indexname FROM pg_indexes "
            "WHERE tablename = 'referrals_referral' AND indexdef ILIKE '%%gist%%(area)%%'"
        )
        (index,) = cursor.fetchone()
    assert index in plan, plan
    assert "&&" in plan


def test_in_view_lists_the_cases_in_the_bbox_with_count(client, cases):
    lon, lat = Point(EAST, NORTH, srid=3006).transform(4326, clone=True).coords
    bbox = f"{lon - 0.05},{lat - 0.05},{lon + 0.05},{lat + 0.05}"
    body = client.get(reverse("referrals-in-view"), {"bbox": bbox}).json()
    assert body["count"] == 2
    names = {item["name"] for item in body["results"]}
    assert names == {"Detaljplan Ekängen", "Detaljplan Mosås"}
    item = next(i for i in body["results"] if i["id"] == cases["open"].pk)
    assert item == {
        "id": cases["open"].pk,
        "name": "Detaljplan Ekängen",
        "url": cases["open"].get_public_url(),
        "detail": cases["open"].diary_number,
    }
    body = client.get(reverse("referrals-in-view"), {"bbox": bbox, "status": "open"}).json()
    assert [i["id"] for i in body["results"]] == [cases["open"].pk]
    bad = client.get(reverse("referrals-in-view"), {"bbox": "1,2,3"})
    assert bad.status_code == 400 and "bbox" in bad.json()


def test_in_view_query_count_does_not_grow_with_rows(client, count_queries):
    lon, lat = Point(EAST, NORTH, srid=3006).transform(4326, clone=True).coords
    bbox = f"{lon - 0.2},{lat - 0.2},{lon + 0.2},{lat + 0.2}"
    url = reverse("referrals-in-view") + f"?bbox={bbox}"
    ReferralFactory(area=plan_area(EAST, NORTH))
    few, response = count_queries(lambda: client.get(url))
    assert response.json()["count"] == 1
    ReferralFactory.create_batch(mvt.IN_VIEW_LIMIT + 5, area=plan_area(EAST + 500, NORTH))
    many, response = count_queries(lambda: client.get(url))
    body = response.json()
    assert body["count"] == mvt.IN_VIEW_LIMIT + 6 and len(body["results"]) == mvt.IN_VIEW_LIMIT
    assert many <= few + 1  # the count query is only needed once the list is cut


def test_tile_of_nothing_is_empty(cases):
    Referral.objects.all().delete()
    z, x, y = tile_of(EAST, NORTH, 11)
    assert (
        mvt.vector_tile(Referral.objects.none(), z=z, x=x, y=y, layer="referrals", geometry="area", properties={})
        == b""
    )
