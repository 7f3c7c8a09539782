# ruff: noqa: F811 (the fixtures imported from editing_support are parameters of the tests)
"""Editors change and remove news items (omvärldsbevakning) on the portal's own pages; bad input
is answered on the form in Swedish and saves nothing; the news list's filters."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from knowledge import services
from knowledge.models import Document, NewsItem
from tests.knowledge.editing_support import (  # noqa: F401 (fixtures are found by name)
    _body,
    _news_post,
    _news_state,
    english,
    item,
    themes,
)
from tests.knowledge.factories import DocumentFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


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
