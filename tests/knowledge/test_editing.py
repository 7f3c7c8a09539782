"""Editors change and remove news items (omvärldsbevakning) and map layers on the portal's own
pages. Every write goes through a service that refuses non-editors; bad input is answered on
the form in Swedish and saves nothing; a failed replacement of a layer's features keeps the
old ones."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse

from knowledge import services
from knowledge.models import Document, Layer, LayerFeature, NewsItem
from tests.knowledge.factories import DocumentFactory, NewsItemFactory, ThemeFactory

pytestmark = pytest.mark.django_db

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


# --- news items ------------------------------------------------------------------------------------


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


def test_news_edit_page_is_the_creation_form_filled_in(client, editor, item):
    client.force_login(editor)
    body = _body(client.get(reverse("knowledge:news_edit", args=[item.pk])))
    assert "<h1>Ändra Ny vägledning om klimatanpassning</h1>" in body
    assert 'value="Ny vägledning om klimatanpassning"' in body
    assert 'value="https://www.boverket.se/vagledning"' in body and 'value="2026-10-01"' in body
    assert re.search(r'value="klimat" id="id_themes_\d" checked', body)
    assert not re.search(r'value="bostader" id="id_themes_\d" checked', body)
    assert 'value="national" selected' in body
    assert "(obligatoriskt)" in body and "aria-describedby" in body


def test_editor_changes_a_news_item(client, editor, item):
    client.force_login(editor)
    response = client.post(reverse("knowledge:news_edit", args=[item.pk]), _news_post())
    assert response.status_code == 302 and response["Location"] == reverse("knowledge:news_list")
    fields, theme_slugs = _news_state(item)
    assert fields == (
        "Reviderad vägledning om klimatanpassning",
        "https://www.boverket.se/vagledning-2",
        "Boverket och SMHI",
        datetime.date(2026, 10, 15),
        "eu",
        "Vägledningen gäller översiktsplaner.",  # not on the form, kept
    )
    assert theme_slugs == ["bostader"]
    assert "Ändringarna i nyheten är sparade." in _body(client.get(response["Location"]))


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"title": "  "}, "title", "Ange en rubrik."),
        ({"url": ""}, "url", "Ange en länk."),
        ({"url": "inte en adress"}, "url", "Ange en fullständig webbadress"),
        ({"url": "https://example.org/" + "a" * 490}, "url", "högst 500 tecken"),
        ({"source": ""}, "source", "Ange källan."),
        ({"published_on": "2026-13-45"}, "published_on", "Ange datumet som ÅÅÅÅ-MM-DD."),
        ({"published_on": ""}, "published_on", "Ange datumet."),
        ({"scope": "global"}, "scope", "Välj omfattning: nationellt, grannlän, EU eller regionalt."),
        ({"themes": ["finns-inte"]}, "themes", "Okänt tema: finns-inte."),
        ({"title": "x" * 301}, "title", "högst 300 tecken"),
    ],
)
def test_bad_news_input_is_named_on_the_form_and_nothing_is_saved(client, editor, item, overrides, field, message):
    before = _news_state(item)
    client.force_login(editor)
    response = client.post(reverse("knowledge:news_edit", args=[item.pk]), _news_post(**overrides))
    body = _body(response)
    assert 'id="error-summary"' in body and f'href="#id_{field}' in body
    assert message in response.context["form"].errors[field][0]
    assert f'id="id_{field}-error"' in body and 'aria-invalid="true"' in body
    assert _news_state(item) == before
    if field != "source":
        assert 'value="Boverket och SMHI"' in body  # what was entered is kept


def test_news_service_checks_what_the_form_cannot(editor, item):
    before = _news_state(item)
    with pytest.raises(ValidationError) as exc:
        services.news_update(
            item=item,
            data={"title": "", "url": "https://x.se/" + "a" * 500, "scope": "x", "themes": ["nej"]},
            actor=editor,
        )
    errors = exc.value.message_dict
    assert errors["title"] == ["Ange en rubrik."]
    assert errors["url"][0].startswith("Får vara högst 500 tecken")
    assert errors["scope"] and errors["themes"] == ["Okänt tema: nej."]
    assert _news_state(item) == before


def test_news_create_refuses_a_too_long_link_instead_of_failing_in_the_database(editor):
    data = {
        "title": "Lång länk",
        "url": "https://x.se/" + "a" * 500,
        "source": "SKR",
        "published_on": datetime.date(2026, 1, 1),
        "scope": "national",
    }
    with pytest.raises(ValidationError) as exc:
        services.news_create(data=data, actor=editor)
    assert "url" in exc.value.message_dict and not NewsItem.objects.exists()


def test_news_update_changes_only_the_given_fields(editor, item, themes):
    services.news_update(item=item, data={"source": "  SMHI "}, actor=editor)
    fields, theme_slugs = _news_state(item)
    assert fields[2] == "SMHI" and fields[0] == "Ny vägledning om klimatanpassning" and theme_slugs == ["klimat"]
    services.news_update(item=item, data={"themes": []}, actor=editor)
    assert _news_state(item)[1] == []


def test_editor_deletes_a_news_item_after_confirming(client, editor, item):
    client.force_login(editor)
    url = reverse("knowledge:news_delete", args=[item.pk])
    body = _body(client.get(url))
    assert "<h1>Ta bort Ny vägledning om klimatanpassning?</h1>" in body
    assert "Det går inte att ångra." in body and 'method="post"' in body
    assert NewsItem.objects.filter(pk=item.pk).exists()  # asking deletes nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("knowledge:news_list")
    assert not NewsItem.objects.filter(pk=item.pk).exists()
    assert item.themes.through.objects.filter(newsitem_id=item.pk).count() == 0
    after = _body(client.get(response["Location"]))
    assert "Nyheten ”Ny vägledning om klimatanpassning” är borttagen." in after


def test_news_list_is_paginated_and_front_page_links_to_it(client):
    for n in range(55):
        NewsItemFactory(title=f"Nyhet nummer {n:02d}", published_on=datetime.date(2026, 1, 1) + datetime.timedelta(n))
    body = _body(client.get(reverse("knowledge:news_list")))
    assert "55 nyheter" in body and "Nyhet nummer 54" in body and "Nyhet nummer 04" not in body
    assert "Sida 1 av 2" in body
    assert "Nyhet nummer 04" in _body(client.get(reverse("knowledge:news_list"), {"page": "2"}))
    assert _body(client.get(reverse("knowledge:news_list"), {"page": "x"}))  # nonsense is page 1
    assert f'href="{reverse("knowledge:news_list")}"' in _body(client.get(reverse("knowledge:index")))


def test_news_list_query_count_is_constant(client, editor, count_queries, themes):
    client.force_login(editor)
    NewsItemFactory().themes.set(themes)
    one, _ = count_queries(lambda: client.get(reverse("knowledge:news_list")))
    for _ in range(24):
        NewsItemFactory().themes.set(themes)
    assert one == count_queries(lambda: client.get(reverse("knowledge:news_list")))[0]


# --- reserved addresses --------------------------------------------------------------------------


def test_a_document_never_gets_the_address_of_a_library_page(editor, orebro):
    publisher = DocumentFactory().publisher
    data = {"title": "Omvärld", "year": 2026, "kind": Document.Kind.REPORT, "publisher": publisher.slug}
    document = services.document_create(data=data, actor=editor)
    assert document.slug == "omvarld-2"


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"  # tests/conftest.py puts Swedish back afterwards


def test_news_pages_in_english(client, editor, item, english):
    client.force_login(editor)
    body = _body(client.get(reverse("knowledge:news_edit", args=[item.pk])))
    assert "<h1>Change Ny vägledning om klimatanpassning</h1>" in body and '<html lang="en">' in body
    errors = _body(client.post(reverse("knowledge:news_edit", args=[item.pk]), _news_post(title="", url="nej")))
    assert "Enter a headline." in errors and "Enter a full web address" in errors
    assert "Delete Ny vägledning om klimatanpassning?" in _body(
        client.get(reverse("knowledge:news_delete", args=[item.pk]))
    )
    assert "All news items" in _body(client.get(reverse("knowledge:index")))


# --- map layers ---------------------------------------------------------------------------------------


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


# --- who may change what: every role, both kinds ------------------------------------------------------

SUBJECTS = {
    "news": {
        "fixture": "item",
        "state": _news_state,
        "pages": lambda obj: [reverse("knowledge:index"), reverse("knowledge:news_list")],
        "edit": "knowledge:news_edit",
        "delete": "knowledge:news_delete",
        "post": lambda obj: _news_post(),
        "update": lambda obj, actor: services.news_update(item=obj, data={"title": "Ändrad"}, actor=actor),
        "remove": lambda obj, actor: services.news_delete(item=obj, actor=actor),
    },
    "layer": {
        "fixture": "layer",
        "state": _layer_state,
        "pages": lambda obj: [reverse("knowledge:layer_list"), obj.get_absolute_url()],
        "edit": "knowledge:layer_edit",
        "delete": "knowledge:layer_delete",
        "post": lambda obj: _layer_post(obj, file=_stations()),
        "update": lambda obj, actor: services.layer_update(
            layer=obj, data={"name": "Ändrad"}, upload=_stations(), actor=actor
        ),
        "remove": lambda obj, actor: services.layer_delete(layer=obj, actor=actor),
    },
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", SUBJECTS)
def test_edit_and_delete_pages_per_role(client, kind, role, request):
    subject = SUBJECTS[kind]
    obj = request.getfixturevalue(subject["fixture"])
    _sign_in(client, request, role)
    before = subject["state"](obj)
    edit = reverse(subject["edit"], args=[obj.pk])
    delete = reverse(subject["delete"], args=[obj.pk])
    statuses = [client.get(edit).status_code, client.get(delete).status_code]
    statuses.append(client.post(edit, subject["post"](obj)).status_code)
    if role in EDITORS:
        assert statuses == [200, 200, 302]
        assert subject["state"](obj) != before
        assert client.post(delete).status_code == 302
        assert not type(obj).objects.filter(pk=obj.pk).exists()
        return
    expected = 302 if role is None else 403
    assert statuses == [expected] * 3
    assert client.post(delete).status_code == expected
    if role is None:
        assert client.get(edit)["Location"].startswith("/konto/logga-in/")
    assert subject["state"](obj) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", SUBJECTS)
def test_services_refuse_non_editors(kind, role, request):
    subject = SUBJECTS[kind]
    obj = request.getfixturevalue(subject["fixture"])
    actor = _actor(request, role)
    before = subject["state"](obj)
    if role in EDITORS:
        subject["update"](obj, actor)
        assert subject["state"](obj) != before
        subject["remove"](obj, actor)
        assert not type(obj).objects.filter(pk=obj.pk).exists()
        return
    with pytest.raises(PermissionDenied):
        subject["update"](obj, actor)
    with pytest.raises(PermissionDenied):
        subject["remove"](obj, actor)
    assert subject["state"](obj) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", SUBJECTS)
def test_change_and_delete_links_are_shown_to_editors_only(client, kind, role, request):
    subject = SUBJECTS[kind]
    obj = request.getfixturevalue(subject["fixture"])
    _sign_in(client, request, role)
    edit = reverse(subject["edit"], args=[obj.pk])
    delete = reverse(subject["delete"], args=[obj.pk])
    for url in subject["pages"](obj):
        body = _body(client.get(url))
        assert str(obj) in body
        assert (f'href="{edit}"' in body) == (role in EDITORS), url
        assert (f'href="{delete}"' in body) == (role in EDITORS), url
        if role in EDITORS and url != getattr(obj, "get_absolute_url", lambda: None)():
            assert f'Ändra<span class="visually-hidden"> {obj}</span>' in body


@pytest.mark.parametrize("kind", SUBJECTS)
def test_missing_object_is_not_found(client, editor, kind):
    client.force_login(editor)
    for name in (SUBJECTS[kind]["edit"], SUBJECTS[kind]["delete"]):
        assert client.get(reverse(name, args=[999999])).status_code == 404
        assert client.post(reverse(name, args=[999999]), {"name": "x", "title": "x"}).status_code == 404


# --- the news list's filters ---------------------------------------------------------------------


def test_news_list_filters_by_theme_and_scope(client, themes):
    energy, other = themes[0], themes[1]
    NewsItemFactory(title="Nationell energinyhet", scope="national").themes.set([energy])
    NewsItemFactory(title="EU-energinyhet", scope="eu").themes.set([energy])
    NewsItemFactory(title="Annan nyhet", scope="eu").themes.set([other])
    url = reverse("knowledge:news_list")
    by_theme = _body(client.get(url, {"theme": energy.slug}))
    assert "Nationell energinyhet" in by_theme and "EU-energinyhet" in by_theme and "Annan nyhet" not in by_theme
    assert "2 nyheter" in by_theme and f'<option value="{energy.slug}" selected>' in by_theme
    both = _body(client.get(url, {"theme": energy.slug, "scope": "eu"}))
    assert "EU-energinyhet" in both and "Nationell energinyhet" not in both and "1 nyhet" in both


@pytest.mark.parametrize(
    "params, message",
    [({"scope": "mars"}, "Okänd omfattning"), ({"theme": "finns-inte"}, "Det finns inget sådant tema")],
)
def test_news_list_names_a_bad_filter_and_shows_all(client, params, message):
    NewsItemFactory(title="En nyhet")
    response = client.get(reverse("knowledge:news_list"), params)
    body = _body(response)
    assert response.status_code == 200 and message in body and "En nyhet" in body
    assert f'href="#filter-{next(iter(params))}"' in body


def test_news_list_pages_keep_the_filter(client, themes):
    for n in range(55):
        NewsItemFactory(title=f"Energinyhet {n:02d}", scope="national").themes.set([themes[0]])
    NewsItemFactory(title="Utan tema", scope="national")
    body = _body(client.get(reverse("knowledge:news_list"), {"theme": themes[0].slug}))
    assert "55 nyheter" in body and f"theme={themes[0].slug}&amp;page=2" in body


def test_news_list_filter_query_count_is_constant(client, count_queries, themes):
    NewsItemFactory(scope="eu").themes.set(themes)
    params = {"theme": themes[0].slug, "scope": "eu"}
    one, _ = count_queries(lambda: client.get(reverse("knowledge:news_list"), params))
    for _ in range(24):
        NewsItemFactory(scope="eu").themes.set(themes)
    assert one == count_queries(lambda: client.get(reverse("knowledge:news_list"), params))[0]


def test_news_list_filters_in_english(client):
    client.cookies["django_language"] = "en"
    body = _body(client.get(reverse("knowledge:news_list")))
    assert 'aria-label="Filter news"' in body
