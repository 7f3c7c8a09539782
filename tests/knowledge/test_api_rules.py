"""One validation path per input: the API's serializers convert types, the services own the
rules (the same validate_*_fields the page forms call), so the API answers with the service's
message, in the client's language, and the schema still documents the rule."""

import pytest

from tests.knowledge.factories import DocumentFactory, RequestFactory

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_document_answers_with_the_services_messages(client, editor):
    publisher = DocumentFactory().publisher.slug
    client.force_login(editor)
    data = {"title": "x" * 301, "year": 2026, "kind": "roman", "publisher": publisher}
    long = _post(client, "/api/v1/documents/", data)
    assert long.status_code == 400
    assert long.json()["title"] == ["Titeln får vara högst 300 tecken (nu 301)."]
    assert long.json()["kind"] == ["Välj en dokumenttyp i listan."]
    missing = _post(client, "/api/v1/documents/", {"year": 2026, "kind": "report", "publisher": publisher})
    assert missing.status_code == 400 and missing.json()["title"] == ["Ange en titel."]
    client.cookies["django_language"] = "en"
    blank = _post(client, "/api/v1/documents/", {"title": " ", "year": 2026, "kind": "report", "publisher": publisher})
    assert blank.status_code == 400 and blank.json()["title"] == ["Enter a title."]


def test_a_request_answers_with_the_services_messages(client, planner, editor):
    client.force_login(planner)
    long = _post(client, "/api/v1/requests/", {"topic": "x" * 201, "reason": ""})
    assert long.status_code == 400
    assert long.json()["topic"] == ["Ämnet får vara högst 200 tecken (nu 201)."]
    assert long.json()["reason"] == ["Beskriv varför underlaget behövs."]
    request = RequestFactory()
    client.force_login(editor)
    status = _post(client, f"/api/v1/requests/{request.pk}/status/", {"status": "borta"})
    assert status.status_code == 400 and status.json()["status"] == ["Välj en status i listan."]
    reviewed = _post(client, f"/api/v1/documents/{DocumentFactory().slug}/reviewed/", {})
    assert reviewed.status_code == 400
    assert reviewed.json()["review_by"] == ["Ange nästa granskningsdatum, ett datum efter i dag."]


def test_the_schema_still_documents_the_rules():
    from drf_spectacular.generators import SchemaGenerator

    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    assert schemas["DocumentInputRequest"]["properties"]["title"]["maxLength"] == 300
    assert "title" in schemas["DocumentInputRequest"]["required"]
    assert schemas["RequestInputRequest"]["properties"]["topic"]["maxLength"] == 200
