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
