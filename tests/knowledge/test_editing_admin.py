"""The admin does not go around the library's rules (defect 4 of issue 10): documents, map
layers, news items and requests are written through the portal's pages (and so the services,
with their validation and reserved addresses); the admin shows them read-only, each with a
link to the page that changes it."""

import pytest
from django.urls import reverse

from knowledge.models import Document, DocumentRequest, Layer, NewsItem
from tests.knowledge.factories import DocumentFactory


def _document_post(publisher, **overrides):
    post = {
        "title": "Omvärld",
        "slug": "omvarld",
        "summary": "",
        "year": "1800",
        "kind": "report",
        "publisher": publisher.pk,
        "url": "",
        "status": "current",
        "is_public": "on",
        "updated_at_0": "2026-01-01",
        "updated_at_1": "12:00:00",
    }
    post.update(overrides)
    return post


def test_the_admin_cannot_add_a_document_around_the_services(client, administrator, region):
    client.force_login(administrator)
    response = client.post(reverse("admin:knowledge_document_add"), _document_post(region))
    assert response.status_code == 403
    # before: saved with the news list's address (so hidden behind it) and a year the service refuses
    assert not Document.objects.exists()


def test_the_admin_cannot_change_a_document_around_the_services(client, administrator, region):
    document = DocumentFactory(title="Regional bostadsmarknadsanalys", publisher=region, year=2025)
    client.force_login(administrator)
    url = reverse("admin:knowledge_document_change", args=[document.pk])
    client.post(url, _document_post(region, title="Sök", slug="sok", year="1800"))
    document.refresh_from_db()
    assert (document.title, document.year) == ("Regional bostadsmarknadsanalys", 2025)
    assert document.slug != "sok"


def test_the_document_admin_shows_the_document_and_links_to_its_edit_page(client, administrator, region):
    document = DocumentFactory(title="Regional bostadsmarknadsanalys", publisher=region)
    client.force_login(administrator)
    response = client.get(reverse("admin:knowledge_document_change", args=[document.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Regional bostadsmarknadsanalys" in body
    assert reverse("knowledge:document_edit", args=[document.slug]) in body
    assert 'name="_save"' not in body  # nothing to save here
    changelist = client.get(reverse("admin:knowledge_document_changelist")).content.decode()
    assert "Regional bostadsmarknadsanalys" in changelist and reverse("admin:knowledge_document_add") not in changelist


@pytest.mark.parametrize("model", [Layer, NewsItem, DocumentRequest])
def test_layers_news_and_requests_are_read_only_in_the_admin(client, administrator, model):
    client.force_login(administrator)
    name = model._meta.model_name
    assert client.post(reverse(f"admin:knowledge_{name}_add"), {}).status_code == 403
    assert client.get(reverse(f"admin:knowledge_{name}_changelist")).status_code == 200


@pytest.mark.parametrize("model", [Document, Layer, NewsItem, DocumentRequest])
def test_the_admin_lists_cost_the_same_for_1_and_25_rows(client, administrator, region, count_queries, model):
    from tests.knowledge.factories import LayerFactory, NewsItemFactory, RequestFactory

    make = {
        Document: lambda: DocumentFactory(publisher=region),
        Layer: LayerFactory,
        NewsItem: NewsItemFactory,
        DocumentRequest: RequestFactory,
    }[model]
    client.force_login(administrator)
    url = reverse(f"admin:knowledge_{model._meta.model_name}_changelist")
    make()
    one = count_queries(lambda: client.get(url))[0]
    for _ in range(24):
        make()
    assert count_queries(lambda: client.get(url))[0] == one
