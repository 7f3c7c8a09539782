# ruff: noqa: F811 (the fixtures imported from editing_support are parameters of the tests)
"""Who may change what: every role, for news items and map layers alike (pages, links and the
services, which refuse non-editors)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from knowledge import services
from tests.knowledge.editing_support import (  # noqa: F401 (fixtures are found by name)
    EDITORS,
    ROLES,
    _actor,
    _body,
    _layer_post,
    _layer_state,
    _news_post,
    _news_state,
    _sign_in,
    _stations,
    item,
    layer,
    themes,
)

pytestmark = pytest.mark.django_db


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
