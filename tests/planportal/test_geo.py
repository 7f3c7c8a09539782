import json

import pytest

from networks.models import Organisation
from planportal.geo import feature_collection
from tests.factories import OrganisationFactory, sweref_square


@pytest.mark.django_db
@pytest.mark.parametrize(
    "empty", [lambda qs: qs.none(), lambda qs: qs.filter(pk__in=[]), lambda qs: qs.filter(code="0000")]
)
def test_empty_querysets_give_an_empty_feature_collection(empty):
    OrganisationFactory(municipality=True, boundary=sweref_square())
    body = feature_collection(empty(Organisation.objects.all()), geometry="boundary", properties={"name": "name"})
    assert json.loads(body) == {"type": "FeatureCollection", "features": []}


@pytest.mark.django_db
def test_feature_collection_keeps_order_and_properties():
    OrganisationFactory(municipality=True, code="1881", name="B", boundary=sweref_square())
    OrganisationFactory(municipality=True, code="1880", name="A", boundary=sweref_square(480000))
    data = json.loads(
        feature_collection(Organisation.objects.order_by("code"), geometry="boundary", properties={"n": "name"})
    )
    assert [f["properties"] for f in data["features"]] == [{"n": "A"}, {"n": "B"}]
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in data["features"])


@pytest.mark.parametrize(
    "value, swedish, english",
    [
        ("1,2,3", "Ange bbox som fyra tal", "Give bbox as four numbers"),
        ("a,b,c,d", "bbox får bara innehålla tal", "bbox may only contain numbers"),
        ("500000,6500000,510000,6510000", "bbox ska vara longitud/latitud", "bbox must be longitude/latitude"),
        ("15,60,14,59", "minsta värdet måste vara mindre", "the smallest value must be less"),
    ],
)
def test_parse_bbox_says_what_is_wrong_in_the_users_language(value, swedish, english):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from planportal.geo import parse_bbox

    with pytest.raises(ValidationError) as exc:
        parse_bbox(value)
    assert swedish in exc.value.message_dict["bbox"][0]
    with translation.override("en"):
        assert english in exc.value.message_dict["bbox"][0]


def test_within_sweden_for_any_crs_and_for_ogr_geometries():
    from django.contrib.gis.gdal import OGRGeometry
    from django.contrib.gis.geos import GEOSGeometry

    from planportal.geo import within_sweden

    assert within_sweden(GEOSGeometry("SRID=4326;POINT(15.2 59.27)"))  # Örebro
    assert within_sweden(GEOSGeometry("SRID=3006;POINT(917000 7330000)"))  # Haparanda
    assert within_sweden(GEOSGeometry("SRID=3021;POINT(1470000 6570000)"))  # RT 90, near Örebro
    assert within_sweden(OGRGeometry("POINT (15.2 59.27)", srs=4326))
    # a box around Sweden, not its border: it catches a wrong CRS or a wrong continent
    assert not within_sweden(GEOSGeometry("SRID=4326;POINT(13.4 52.52)"))  # Berlin
    assert not within_sweden(GEOSGeometry("SRID=4326;LINESTRING(15 59, 13.4 52.52)"))  # partly outside
    assert not within_sweden(GEOSGeometry("SRID=3006;POINT(15.2 59.27)"))  # degrees given as metres
    assert not within_sweden(GEOSGeometry("SRID=4326;POINT(15 200)"))  # nowhere
    assert not within_sweden(GEOSGeometry("SRID=4326;POLYGON EMPTY"))
