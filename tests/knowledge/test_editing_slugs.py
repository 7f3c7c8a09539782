"""A document's address may not be one of the library's own pages (defect 8 of issue 10).

knowledge/urls.py lists the library's pages (sok/, omvarld/, filer/ …) before a document's
address (<slug>/), so a document whose slug equals a page's name is hidden behind that page.
New documents never get such a slug; a document saved before its slug became a page's name
gets a free one when the site is migrated (every deploy), so it can be reached again."""

from django.core.management.sql import emit_post_migrate_signal
from django.urls import URLPattern

from knowledge import services
from knowledge.models import Document
from tests.knowledge.factories import DocumentFactory


def _pages_of_the_library():
    from knowledge.urls import urlpatterns

    return {
        str(p.pattern).split("/")[0]
        for p in urlpatterns
        if isinstance(p, URLPattern) and str(p.pattern) and not str(p.pattern).startswith("<")
    }


def test_the_reserved_slugs_are_the_pages_of_the_library():
    pages = _pages_of_the_library()
    assert {"sok", "nytt", "omvarld", "kartlager"} <= pages
    assert services.reserved_slugs() == frozenset(pages)


def test_a_document_whose_address_became_a_page_can_be_reached_again(client, region):
    # Saved before "omvarld" (the news list) was a page; its page was the news list since.
    hidden = DocumentFactory(title="Omvärld och trender 2024", slug="omvarld", publisher=region)
    DocumentFactory(title="Omvärld, del 2", slug="omvarld-2", publisher=region)
    assert client.get("/dokument/omvarld/").templates[0].name == "knowledge/news_list.html"

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # the end of every migrate

    hidden.refresh_from_db()
    assert hidden.slug == "omvarld-3"
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 200 and response.templates[0].name == "knowledge/document_detail.html"
    assert "Omvärld och trender 2024" in response.content.decode()
    assert client.get("/dokument/omvarld/").templates[0].name == "knowledge/news_list.html"
    assert not Document.objects.filter(slug__in=services.reserved_slugs()).exists()
