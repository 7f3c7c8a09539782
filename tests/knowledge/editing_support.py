"""What the editing tests share (news items and map layers changed on the portal's own pages):
the roles, sign-in helpers, the news item and map layer fixtures and their form data."""

import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge import services
from knowledge.models import Layer, LayerFeature, NewsItem
from tests.knowledge.factories import DocumentFactory, NewsItemFactory, ThemeFactory

ROLES = [None, "signed_in_user", "planner", "case_officer", "coordinator", "editor", "administrator"]
EDITORS = {"editor", "administrator"}


def _sign_in(client, request, role):
    if role:
        client.force_login(request.getfixturevalue(role))


def _actor(request, role):
    return request.getfixturevalue(role) if role else AnonymousUser()


def _body(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def themes():
    return ThemeFactory(name="Klimat", slug="klimat"), ThemeFactory(name="Bostäder", slug="bostader")


@pytest.fixture
def item(themes):
    item = NewsItemFactory(
        title="Ny vägledning om klimatanpassning",
        url="https://www.boverket.se/vagledning",
        source="Boverket",
        published_on=datetime.date(2026, 10, 1),
        summary="Vägledningen gäller översiktsplaner.",
    )
    item.themes.set([themes[0]])
    return item


def _news_post(**overrides):
    data = {
        "title": "Reviderad vägledning om klimatanpassning",
        "url": "https://www.boverket.se/vagledning-2",
        "source": "Boverket och SMHI",
        "published_on": "2026-10-15",
        "scope": "eu",
        "themes": ["bostader"],
    }
    data.update(overrides)
    return data


def _news_state(item):
    item = NewsItem.objects.get(pk=item.pk)
    return (item.title, item.url, item.source, item.published_on, item.scope, item.summary), sorted(
        item.themes.values_list("slug", flat=True)
    )


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"  # tests/conftest.py puts Swedish back afterwards


def _geojson(name, *features, crs=None):
    data = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": props, "geometry": geometry} for geometry, props in features],
    }
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{crs}"}}
    return SimpleUploadedFile(name, json.dumps(data).encode())


def _point(x, y):
    return {"type": "Point", "coordinates": [x, y]}


def _stations():
    """Three stations in SWEREF 99 TM: the replacement file."""
    return _geojson(
        "stationer.geojson",
        (_point(513800, 6572300), {"namn": "Örebro C"}),
        (_point(508600, 6549200), {"namn": "Hallsberg"}),
        (_point(521500, 6563700), {"namn": "Kumla"}),
        crs=3006,
    )


@pytest.fixture
def layer(editor):
    document = DocumentFactory(title="Godsstrategi för Örebro län")
    layer = services.layer_upload(
        upload=_geojson(
            "logistik.geojson",
            (_point(15.213, 59.274), {"name": "Örebro logistikområde"}),
            (_point(15.11, 59.066), {"name": "Hallsbergs terminal"}),
        ),
        name="Logistikområden",
        description="Större logistikområden.",
        document=document,
        actor=editor,
    )
    Layer.objects.filter(pk=layer.pk).update(is_example=True)
    return Layer.objects.get(pk=layer.pk)


def _layer_state(layer):
    layer = Layer.objects.get(pk=layer.pk)
    fields = (
        layer.name,
        layer.description,
        layer.document_id,
        layer.is_public,
        layer.source_name,
        layer.source_srid,
        layer.feature_count,
    )
    features = list(LayerFeature.objects.filter(layer=layer).order_by("number").values_list("pk", "geometry"))
    return fields, [(pk, geometry.wkt) for pk, geometry in features]


def _layer_post(layer, **overrides):
    data = {
        "name": "Logistikområden 2026",
        "description": "Uppdaterad med nya terminaler.",
        "document": "",
        "is_public": "",
    }
    data.update(overrides)
    return data
