"""Layer features and documents near a geometry (for the referrals' regional-interest check):
hand-placed in SWEREF 99 TM at known distances from a plan area, never what the user may not see."""

import re

import pytest
from django.contrib.gis.geos import LineString, MultiPolygon, Point, Polygon

from knowledge import selectors
from knowledge.models import LayerFeature
from planportal.geo import SWEREF99TM
from tests.knowledge.factories import DocumentFactory, LayerFactory

pytestmark = pytest.mark.django_db

X, Y = 510000, 6570000  # near Örebro
# The plan area: a 100 m square with its south-west corner at (X, Y).
AREA = Polygon.from_bbox((X, Y, X + 100, Y + 100))
AREA.srid = SWEREF99TM


def square(x0, y0, size=50):
    return MultiPolygon(Polygon.from_bbox((x0, y0, x0 + size, y0 + size)), srid=SWEREF99TM)


@pytest.fixture
def features():
    public = LayerFactory(name="Riksintressen", is_public=True)
    hidden = LayerFactory(name="Internt lager", is_public=False)
    of_internal_doc = LayerFactory(name="Lager till internt dokument", document=DocumentFactory(internal=True))

    def feature(layer, number, geometry):
        return LayerFeature.objects.create(layer=layer, number=number, geometry=geometry)

    return {
        "inside": feature(public, 1, Point(X + 50, Y + 50, srid=SWEREF99TM)),
        "touching": feature(public, 2, LineString((X + 100, Y), (X + 200, Y), srid=SWEREF99TM)),
        "300 m east": feature(public, 3, Point(X + 100 + 300, Y + 50, srid=SWEREF99TM)),
        "900 m north": feature(public, 4, square(X, Y + 100 + 900)),
        "hidden 100 m": feature(hidden, 1, Point(X + 50, Y - 100, srid=SWEREF99TM)),
        "internal doc 0 m": feature(of_internal_doc, 1, Point(X + 10, Y + 10, srid=SWEREF99TM)),
    }


def names(rows, features):
    by_pk = {f.pk: name for name, f in features.items()}
    return [by_pk[r.pk] for r in rows]


def test_features_within_the_distance_nearest_first_with_their_distance(features):
    rows = list(selectors.layer_features_near(AREA, distance_m=500, user=None))
    assert names(rows, features) == ["inside", "touching", "300 m east"]
    assert [r.distance for r in rows] == pytest.approx([0, 0, 300])
    assert rows[2].layer.name == "Riksintressen"


@pytest.mark.parametrize(
    "distance_m, expected",
    [
        (0, ["inside", "touching"]),
        (200, ["inside", "touching"]),
        (299, ["inside", "touching"]),
        (300, ["inside", "touching", "300 m east"]),
        (1000, ["inside", "touching", "300 m east", "900 m north"]),
    ],
)
def test_the_distance_decides(features, distance_m, expected):
    assert names(selectors.layer_features_near(AREA, distance_m=distance_m, user=None), features) == expected


def test_invisible_layers_are_never_returned_to_the_public(features, signed_in_user, planner, editor):
    for user in (None, signed_in_user):
        found = set(names(selectors.layer_features_near(AREA, distance_m=5000, user=user), features))
        assert not found & {"hidden 100 m", "internal doc 0 m"}
    assert "internal doc 0 m" in names(selectors.layer_features_near(AREA, distance_m=5000, user=planner), features)
    assert {"hidden 100 m", "internal doc 0 m"} <= set(
        names(selectors.layer_features_near(AREA, distance_m=5000, user=editor), features)
    )


def test_a_geometry_in_wgs84_is_measured_in_sweref(features):
    area = AREA.transform(4326, clone=True)
    rows = list(selectors.layer_features_near(area, distance_m=500, user=None))
    assert names(rows, features) == ["inside", "touching", "300 m east"]
    assert rows[2].distance == pytest.approx(300, abs=0.5)


def test_a_geometry_without_srid_is_refused():
    with pytest.raises(ValueError):
        selectors.layer_features_near(Polygon.from_bbox((0, 0, 1, 1)), distance_m=10, user=None)


def test_the_spatial_index_is_used(features):
    from django.db import connection

    LayerFeature.objects.bulk_create(
        LayerFeature(layer=features["inside"].layer, number=100 + i, geometry=Point(X + 20_000 + i, Y, srid=SWEREF99TM))
        for i in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE knowledge_layerfeature")
        sql, params = selectors.layer_features_near(AREA, distance_m=300, user=None).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert re.search(r"Index Scan using knowledge_layerfeature_geometry_\w+ on knowledge_layerfeature", plan), plan
    assert "st_expand" in plan and "st_dwithin" in plan, plan


@pytest.fixture
def documents(orebro):
    return {
        "covering": DocumentFactory(title="Täcker området", coverage=square(X - 50, Y - 50, 300)),
        "300 m west": DocumentFactory(title="300 m väster", coverage=square(X - 300 - 50, Y)),
        "2 km south": DocumentFactory(title="2 km söder", coverage=square(X, Y - 2000 - 50)),
        "internal 0 m": DocumentFactory(title="Internt", coverage=square(X, Y), internal=True),
        "withdrawn 0 m": DocumentFactory(title="Tillbakadraget", coverage=square(X, Y), withdrawn=True),
        "no coverage": DocumentFactory(title="Utan täckning", municipalities=[orebro]),
    }


def test_documents_whose_coverage_is_within_the_distance(documents):
    rows = list(selectors.documents_near(AREA, distance_m=500, user=None))
    assert [r.title for r in rows] == ["Täcker området", "300 m väster"]
    assert [r.distance for r in rows] == pytest.approx([0, 300])
    assert [r.title for r in selectors.documents_near(AREA, distance_m=200, user=None)] == ["Täcker området"]


def test_documents_near_follow_visibility(documents, planner, editor):
    for user, expected in (
        (None, {"Täcker området", "300 m väster"}),
        (planner, {"Täcker området", "300 m väster", "Internt"}),
        (editor, {"Täcker området", "300 m väster", "Internt"}),  # withdrawn is no interest to check
    ):
        assert {d.title for d in selectors.documents_near(AREA, distance_m=500, user=user)} == expected


def test_near_selectors_take_a_fixed_number_of_queries(features, documents, count_queries):
    n_features, rows = count_queries(
        lambda: [(f.layer.name, f.distance) for f in selectors.layer_features_near(AREA, distance_m=5000, user=None)]
    )
    assert n_features == 1 and len(rows) == 4
    n_documents, docs = count_queries(
        lambda: [(d.publisher.name, d.distance) for d in selectors.documents_near(AREA, distance_m=5000, user=None)]
    )
    assert n_documents == 1 and len(docs) == 3
