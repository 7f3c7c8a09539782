"""Editors change and remove news items (omvärldsbevakning) and map layers on the portal's own
pages. Every write goes through a service that refuses non-editors; bad input is answered on
the form in Swedish and saves nothing; a failed replacement of a layer's features keeps the
old ones."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import URLPattern, reverse
from django.utils import translation

from knowledge import services
from knowledge.models import Document, NewsItem
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


@pytest.mark.parametrize("role", ROLES)
def test_news_edit_and_delete_per_role(client, item, role, request):
    _sign_in(client, request, role)
    before = _news_state(item)
    edit = reverse("knowledge:news_edit", args=[item.pk])
    delete = reverse("knowledge:news_delete", args=[item.pk])
    statuses = [
        client.get(edit).status_code,
        client.get(delete).status_code,
        client.post(edit, _news_post()).status_code,
    ]
    if role in EDITORS:
        assert statuses == [200, 200, 302]
        assert _news_state(item) != before
        assert client.post(delete).status_code == 302 and not NewsItem.objects.exists()
        return
    expected = 302 if role is None else 403
    assert statuses == [expected] * 3
    assert client.post(delete).status_code == expected
    if role is None:
        assert client.get(edit)["Location"].startswith("/konto/logga-in/")
    assert _news_state(item) == before


@pytest.mark.parametrize("role", ROLES)
def test_news_services_refuse_non_editors(item, role, request):
    actor = _actor(request, role)
    before = _news_state(item)
    if role in EDITORS:
        services.news_update(item=item, data={"title": "Ändrad"}, actor=actor)
        services.news_delete(item=item, actor=actor)
        assert not NewsItem.objects.exists()
        return
    with pytest.raises(PermissionDenied):
        services.news_update(item=item, data={"title": "Ändrad"}, actor=actor)
    with pytest.raises(PermissionDenied):
        services.news_delete(item=item, actor=actor)
    assert _news_state(item) == before


@pytest.mark.parametrize("role", ROLES)
def test_change_and_delete_links_are_shown_to_editors_only(client, item, role, request):
    _sign_in(client, request, role)
    edit = reverse("knowledge:news_edit", args=[item.pk])
    delete = reverse("knowledge:news_delete", args=[item.pk])
    for url in (reverse("knowledge:index"), reverse("knowledge:news_list")):
        body = _body(client.get(url))
        assert "Ny vägledning om klimatanpassning" in body
        assert (f'href="{edit}"' in body) == (role in EDITORS), url
        assert (f'href="{delete}"' in body) == (role in EDITORS), url
    if role in EDITORS:
        assert 'Ändra<span class="visually-hidden"> Ny vägledning om klimatanpassning</span>' in body


def test_missing_news_item_is_not_found(client, editor):
    client.force_login(editor)
    for name in ("knowledge:news_edit", "knowledge:news_delete"):
        assert client.get(reverse(name, args=[999999])).status_code == 404
        assert client.post(reverse(name, args=[999999]), _news_post()).status_code == 404


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


def test_reserved_slugs_cover_every_page_of_the_library():
    from knowledge.urls import urlpatterns

    fixed = {
        str(p.pattern).split("/")[0]
        for p in urlpatterns
        if isinstance(p, URLPattern) and str(p.pattern) and not str(p.pattern).startswith("<")
    }
    assert fixed <= services.RESERVED_SLUGS, fixed - services.RESERVED_SLUGS


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    # The locale middleware leaves its language active in the thread; later tests expect Swedish.
    with translation.override("sv"):
        yield


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
