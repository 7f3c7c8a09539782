"""The library's pages render in Swedish for each role, with one h1, and lists keep a fixed
number of queries whatever their length."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.test import Client

from knowledge.models import Document, DocumentVersion
from planportal.geo import SWEREF99TM
from tests.knowledge.factories import DocumentFactory, NewsItemFactory, RequestFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _body(response):
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert body.count("<h1") == 1
    return body


@pytest.mark.parametrize("url", ["/dokument/", "/dokument/sok/", "/dokument/sok/?q=bostad", "/dokument/kartlager/"])
def test_public_pages_render(client, url):
    DocumentFactory(title="Bostadsmarknadsanalys", summary="Om bostäder i Örebro län.")
    body = _body(client.get(url))
    assert '<html lang="sv">' in body


def test_front_page_shows_new_most_used_due_and_news(client, editor):
    seen = DocumentFactory(title="Länstransportplan", view_count=12)
    due = DocumentFactory(title="Resvaneundersökning", overdue=True)
    NewsItemFactory(title="Ny vägledning om klimatanpassning")
    client.force_login(editor)
    body = _body(client.get("/dokument/"))
    assert "Mest använda" in body and seen.title in body and "12 visningar" in body
    assert due.title in body and "Behöver ses över" in body
    assert "Ny vägledning om klimatanpassning" in body and "Exempeldata" in body


def test_document_page_shows_files_versions_coverage_and_marks_example(client, editor):
    square = MultiPolygon(Polygon.from_bbox((510000, 6560000, 520000, 6570000)), srid=SWEREF99TM)
    doc = DocumentFactory(title="Strukturbild för godstransporter", coverage=square)
    response = client.get(doc.get_absolute_url())
    body = _body(response)
    assert "Exempeldata" in body and "Versioner" in body and 'id="document-map"' in body
    assert "dokumentets täckningsområde" in body
    Document.objects.filter(pk=doc.pk).update(view_count=0)
    # a browser's first view in its session counts (tests/knowledge/test_view_counting.py)
    Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0").get(
        doc.get_absolute_url()
    )
    assert Document.objects.get(pk=doc.pk).view_count == 1


def test_older_version_stays_reachable_and_is_marked_superseded(client, editor):
    from knowledge import services

    doc = DocumentFactory(title="Trafikförsörjningsprogram")
    services.document_add_version(document=doc, note="Ny utbudsnivå", label="2026", actor=editor)
    old = _body(client.get(f"/dokument/{doc.slug}/versioner/1/"))
    assert "Ersatt version." in old
    current = _body(client.get(doc.get_absolute_url()))
    assert "gällande version (2" in current.lower() and "Ny utbudsnivå" in current


def test_internal_document_is_hidden_from_the_public(client, planner):
    doc = DocumentFactory(title="Internt PM om vindkraft", internal=True)
    assert client.get(doc.get_absolute_url()).status_code == 404
    assert "Internt PM" not in client.get("/dokument/sok/?q=vindkraft").content.decode()
    client.force_login(planner)
    assert "Internt PM" in _body(client.get(doc.get_absolute_url()))


def test_editor_pages_are_for_editors_only(client, planner, editor):
    for url in ["/dokument/nytt/", "/dokument/kartlager/ladda-upp/", "/dokument/omvarld/ny/"]:
        assert client.get(url).status_code == 302  # to sign in
        client.force_login(planner)
        assert client.get(url).status_code == 403
        client.force_login(editor)
        _body(client.get(url))
        client.logout()


def test_municipality_page_has_a_documents_section(client, orebro):
    doc = DocumentFactory(title="Översiktsplan för Örebro", municipalities=[orebro])
    DocumentFactory(title="Internt underlag om Örebro", municipalities=[orebro], internal=True)
    body = _body(client.get(orebro.get_absolute_url()))
    assert "<h2" in body and doc.title in body
    assert "Internt underlag" not in body


def _search_queries(client, count_queries, url):
    n, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200
    return n


def test_search_page_query_count_is_constant(client, count_queries, orebro, kumla):
    theme = ThemeFactory(name="Bostäder", slug="bostader")
    DocumentFactory(title="Bostadsförsörjning 0", themes=[theme], municipalities=[orebro])
    one = _search_queries(client, count_queries, "/dokument/sok/?q=bostad")
    for i in range(1, 25):
        DocumentFactory(title=f"Bostadsförsörjning {i}", themes=[theme, ThemeFactory()], municipalities=[orebro, kumla])
    many = _search_queries(client, count_queries, "/dokument/sok/?q=bostad")
    assert one == many
    body = client.get("/dokument/sok/?q=bostad").content.decode()
    assert "25 dokument" in body


def test_front_page_query_count_is_constant(client, count_queries):
    DocumentFactory(view_count=1)
    NewsItemFactory()
    one = _search_queries(client, count_queries, "/dokument/")
    for _ in range(24):
        DocumentFactory(view_count=2, overdue=True)
        NewsItemFactory()
    assert one == _search_queries(client, count_queries, "/dokument/")


def test_request_list_query_count_is_constant(client, count_queries, planner, orebro, kumla):
    RequestFactory().municipalities.set([orebro])
    client.force_login(planner)
    one = _search_queries(client, count_queries, "/dokument/onskemal/")
    for _ in range(24):
        RequestFactory().municipalities.set([orebro, kumla])
    many = _search_queries(client, count_queries, "/dokument/onskemal/")
    assert one == many


def test_review_list_query_count_is_constant(client, count_queries, editor):
    client.force_login(editor)
    DocumentFactory(overdue=True, owner=editor)
    one = _search_queries(client, count_queries, "/dokument/granskning/")
    for _ in range(24):
        DocumentFactory(overdue=True, owner=editor)
    assert one == _search_queries(client, count_queries, "/dokument/granskning/")


def test_versions_table_lists_every_version(client, editor):
    doc = DocumentFactory()
    for n in (2, 3):
        DocumentVersion.objects.create(document=doc, number=n)
    body = _body(client.get(doc.get_absolute_url()))
    assert "3 versioner" in body


def test_demo_data_is_idempotent_and_marked(client):
    import io

    from knowledge import demo
    from networks import demo as networks_demo

    out = io.StringIO()
    networks_demo.load(out)
    demo.load(out)
    counts = (Document.objects.count(), DocumentVersion.objects.count())
    demo.load(out)
    assert (Document.objects.count(), DocumentVersion.objects.count()) == counts
    assert counts[0] == len(demo.DOCUMENTS) and not Document.objects.filter(is_example=False).exists()
    ltp = Document.objects.get(slug="lanstransportplan")
    assert "Trafiksäkerhet" in ltp.file_text  # the generated PDF was read
    body = client.get("/dokument/sok/?q=länstransportplan").content.decode()
    assert "Länstransportplan för Örebro län" in body and "Exempeldata" in body


def test_pages_in_english(client):
    DocumentFactory(title="Länstransportplan", view_count=3)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = _body(client.get("/dokument/"))
    assert '<html lang="en">' in body and "Knowledge and planning documents" in body and "Most used" in body
    assert "Search documents" in _body(client.get("/dokument/sok/?q=plan"))
