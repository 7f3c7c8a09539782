# ruff: noqa: F811 (the fixtures imported from editing_support are parameters of the tests)
"""Editors change and remove map layers on the portal's own pages; bad input is answered on the
form and saves nothing; a failed replacement of a layer's features keeps the old ones."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse

from knowledge import services
from knowledge.models import Document, Layer, LayerFeature
from tests.knowledge.editing_support import (  # noqa: F401 (fixtures are found by name)
    _body,
    _geojson,
    _layer_post,
    _layer_state,
    _point,
    _stations,
    english,
    layer,
)
from tests.knowledge.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_layer_edit_page_is_filled_in_and_offers_a_new_file(client, editor, layer):
    client.force_login(editor)
    body = _body(client.get(reverse("knowledge:layer_edit", args=[layer.pk])))
    assert "<h1>Ändra Logistikområden</h1>" in body
    assert 'value="Logistikområden"' in body and "Större logistikområden.</textarea>" in body
    assert f'<option value="{layer.document.slug}" selected>Godsstrategi för Örebro län</option>' in body
    assert re.search(r'<input type="checkbox" name="is_public"[^>]*checked', body)
    assert "Ersätt objekten med en ny fil</label>" in body and "Lagret har 2 objekt från logistik.geojson." in body
    assert 'enctype="multipart/form-data"' in body


def test_editor_changes_layer_metadata_and_keeps_the_features(client, editor, layer):
    _, features_before = _layer_state(layer)
    client.force_login(editor)
    response = client.post(reverse("knowledge:layer_edit", args=[layer.pk]), _layer_post(layer))
    assert response.status_code == 302 and response["Location"] == layer.get_absolute_url()
    fields, features = _layer_state(layer)
    assert fields == (
        "Logistikområden 2026",
        "Uppdaterad med nya terminaler.",
        None,
        False,
        "logistik.geojson",
        4326,
        2,
    )
    assert features == features_before
    assert Layer.objects.get(pk=layer.pk).is_example  # not on the form, kept
    assert "Kartlagret är sparat." in _body(client.get(response["Location"]))


def test_editor_replaces_the_features_with_a_new_file(client, editor, layer):
    other = services.layer_upload(upload=_stations(), name="Annat lager", actor=editor)
    other_before = _layer_state(other)
    old_pks = set(layer.features.values_list("pk", flat=True))
    client.force_login(editor)
    post = _layer_post(layer, document=layer.document.slug, is_public="on", file=_stations())
    response = client.post(reverse("knowledge:layer_edit", args=[layer.pk]), post)
    assert response.status_code == 302
    fields, features = _layer_state(layer)
    assert fields[2:] == (layer.document_id, True, "stationer.geojson", 3006, 3)
    assert not old_pks & {pk for pk, _ in features}
    stored = {f.properties["namn"]: f.geometry for f in LayerFeature.objects.filter(layer=layer)}
    assert set(stored) == {"Örebro C", "Hallsberg", "Kumla"}
    assert stored["Kumla"].srid == 3006 and stored["Kumla"].coords == (521500.0, 6563700.0)
    assert _layer_state(other) == other_before  # another layer's features are untouched
    page = _body(client.get(response["Location"]))
    assert "Objekten är ersatta med de 3 i stationer.geojson." in page and "Kumla" in page
    api = client.get(f"/api/v1/layers/{layer.pk}/features/").json()
    assert len(api["features"]) == 3


BOWTIE = {"type": "Polygon", "coordinates": [[[15.0, 59.0], [15.1, 59.1], [15.1, 59.0], [15.0, 59.1], [15.0, 59.0]]]}


@pytest.mark.parametrize(
    "upload, words",
    [
        (
            lambda: _geojson("fel.geojson", (_point(15.2, 59.27), {}), (None, {}), (BOWTIE, {})),
            ["fel.geojson: 2 objekt är felaktiga, inget sparades.", "Objekt 2: saknar geometri", "Objekt 3: ogiltig"],
        ),
        (lambda: _geojson("sydney.geojson", (_point(151.2, -33.9), {})), ["Objekt 1: ligger utanför Sverige"]),
        (lambda: _geojson("rt90.geojson", (_point(1500000, 6600000), {}), crs=3021), ["EPSG:3021 stöds inte"]),
        (lambda: _geojson("tom.geojson"), ["tom.geojson: filen innehåller inga objekt."]),
        (lambda: SimpleUploadedFile("lager.geojson", b"{ inte json"), ["kunde inte läsas som GeoJSON"]),
        (lambda: SimpleUploadedFile("lager.geojson", b"PK\x03\x04"), ["innehållet är inte GeoJSON"]),
        (lambda: SimpleUploadedFile("lager.kml", b"<kml/>"), ["filtypen .kml tas inte emot"]),
        (lambda: SimpleUploadedFile("lager.zip", b"PK\x03\x04trasig"), ["zip-filen är trasig"]),
        (lambda: SimpleUploadedFile("lager.geojson", b""), ["Filen är tom."]),
    ],
)
def test_a_failed_replacement_changes_nothing(client, editor, layer, upload, words):
    before = _layer_state(layer)
    client.force_login(editor)
    response = client.post(reverse("knowledge:layer_edit", args=[layer.pk]), _layer_post(layer, file=upload()))
    body = _body(response)
    assert 'id="error-summary"' in body and 'href="#id_file"' in body and 'id="id_file-error"' in body
    for word in words:
        assert word in body
    assert 'value="Logistikområden 2026"' in body  # what was entered is kept
    assert _layer_state(layer) == before  # neither the features nor the name changed


def test_replacement_is_undone_when_storing_the_new_features_fails(editor, layer, monkeypatch):
    before = _layer_state(layer)
    from knowledge.services import layers as layer_services

    real_store = layer_services._store_features

    def store_then_fail(layer_obj, features):
        real_store(layer_obj, features)
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(layer_services, "_store_features", store_then_fail)
    with pytest.raises(DatabaseError):
        services.layer_update(layer=layer, data={"name": "Halvfärdigt"}, upload=_stations(), actor=editor)
    assert _layer_state(layer) == before


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"name": "  "}, "name", "Ange ett namn på kartlagret."),
        ({"name": "x" * 201}, "name", "Namnet får vara högst 200 tecken (nu 201)."),
        ({"document": "finns-inte"}, "document", "Dokumentet finns inte. Välj ett dokument i listan."),
    ],
)
def test_bad_layer_fields_are_named_and_nothing_is_saved(client, editor, layer, overrides, field, message):
    before = _layer_state(layer)
    client.force_login(editor)
    post = _layer_post(layer, file=_stations(), **overrides)
    body = _body(client.post(reverse("knowledge:layer_edit", args=[layer.pk]), post))
    assert 'id="error-summary"' in body and f'href="#id_{field}"' in body
    assert message in response_errors(body, field)
    assert _layer_state(layer) == before


def response_errors(body, field):
    errors = re.search(rf'<div id="id_{field}-error">(.*?)</div>', body, re.S)
    return " ".join(re.findall(r'<p class="field-error">(.*?)</p>', errors.group(1), re.S)) if errors else ""


def test_layer_service_names_every_error_at_once(editor, layer):
    before = _layer_state(layer)
    with pytest.raises(ValidationError) as exc:
        services.layer_update(
            layer=layer,
            data={"name": "", "document": "finns-inte"},
            upload=SimpleUploadedFile("lager.kml", b"<kml/>"),
            actor=editor,
        )
    errors = exc.value.message_dict
    assert errors["name"] == ["Ange ett namn på kartlagret."]
    assert errors["document"] == ["Det finns inget dokument med kortadressen ”finns-inte”."]
    assert "filtypen .kml tas inte emot" in errors["file"][0]
    assert _layer_state(layer) == before


def test_layer_update_changes_only_the_given_fields(editor, layer):
    fields, features = _layer_state(layer)
    services.layer_update(layer=layer, data={"description": " Ny beskrivning "}, actor=editor)
    new_fields, new_features = _layer_state(layer)
    assert new_fields == (fields[0], "Ny beskrivning", *fields[2:]) and new_features == features


def test_editor_deletes_a_layer_after_confirming(client, editor, layer):
    document = layer.document
    client.force_login(editor)
    url = reverse("knowledge:layer_delete", args=[layer.pk])
    body = _body(client.get(url))
    assert "<h1>Ta bort Logistikområden?</h1>" in body
    assert (
        "Kartlagret och dess 2 objekt tas bort" in body and "Dokumentet Godsstrategi för Örebro län finns kvar." in body
    )
    assert Layer.objects.filter(pk=layer.pk).exists()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("knowledge:layer_list")
    assert not Layer.objects.filter(pk=layer.pk).exists()
    assert not LayerFeature.objects.filter(layer_id=layer.pk).exists()
    assert Document.objects.filter(pk=document.pk).exists()
    assert "Kartlagret ”Logistikområden” är borttaget." in _body(client.get(response["Location"]))
    assert client.get(f"/api/v1/layers/{layer.pk}/features/").status_code == 404


def test_upload_page_links_the_layer_to_a_document(client, editor):
    document = DocumentFactory(title="Regional cykelplan")
    client.force_login(editor)
    post = {"name": "Cykelstråk", "document": document.slug, "is_public": "on", "file": _stations()}
    response = client.post(reverse("knowledge:layer_upload"), post)
    assert response.status_code == 302
    layer = Layer.objects.get(name="Cykelstråk")
    assert layer.document == document and layer.feature_count == 3
    assert "Cykelstråk" in _body(client.get(document.get_absolute_url()))


def test_layer_list_for_editors_keeps_a_fixed_number_of_queries(client, editor, count_queries):
    client.force_login(editor)
    services.layer_upload(upload=_stations(), document=DocumentFactory(), actor=editor)
    one, _ = count_queries(lambda: client.get(reverse("knowledge:layer_list")))
    for _ in range(24):
        services.layer_upload(upload=_stations(), document=DocumentFactory(), actor=editor)
    assert one == count_queries(lambda: client.get(reverse("knowledge:layer_list")))[0]


def test_layer_pages_in_english(client, editor, layer, english):
    client.force_login(editor)
    body = _body(client.get(reverse("knowledge:layer_edit", args=[layer.pk])))
    assert "<h1>Change Logistikområden</h1>" in body and "Replace the features with a new file" in body
    errors = _body(client.post(reverse("knowledge:layer_edit", args=[layer.pk]), _layer_post(layer, name="")))
    assert "Enter a name for the map layer." in errors
    delete = _body(client.get(reverse("knowledge:layer_delete", args=[layer.pk])))
    assert "The map layer and its 2 features are deleted" in delete
