"""The library's API answers within its own schema (drf-spectacular's, as committed in
docs/openapi.yaml): each answer is validated against the operation's documented response,
with OpenAPI's `nullable` and a strict `uri` format, for documents with and without the
optional values (no external address, not superseded, a request without a document)."""

from urllib.parse import urlsplit

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.knowledge.factories import DocumentFactory, RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def openapi():
    return SchemaGenerator().get_schema(request=None, public=True)


def _json_schema(node):
    """OpenAPI 3.0 → JSON Schema: `nullable: true` admits null."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _json_schema(v) for k, v in node.items()}
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("uri")
def _uri(value):
    parts = urlsplit(value) if isinstance(value, str) else None
    return bool(parts and parts.scheme and parts.netloc)


def assert_conforms(openapi, path, method, response):
    operation = openapi["paths"][path][method]
    content = operation["responses"][str(response.status_code)]["content"]["application/json"]
    schema = {**_json_schema(content["schema"]), "components": _json_schema(openapi["components"])}
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft7Validator(schema, format_checker=FORMATS).iter_errors(response.json())
    ]
    assert not errors, errors


@pytest.fixture
def documents():
    newer = DocumentFactory(title="Ny plan", slug="ny-plan", url="https://example.org/plan.pdf")
    older = DocumentFactory(title="Gammal plan", slug="gammal-plan", status="superseded", superseded_by=newer)
    plain = DocumentFactory(title="Utan adress", slug="utan-adress", url="")
    return newer, older, plain


def test_documents_list_and_detail_conform(client, openapi, documents):
    listed = client.get("/api/v1/documents/")
    assert_conforms(openapi, "/api/v1/documents/", "get", listed)
    searched = client.get("/api/v1/documents/", {"q": "plan"})
    assert_conforms(openapi, "/api/v1/documents/", "get", searched)
    rows = {r["slug"]: r for r in listed.json()["results"]}
    assert rows["utan-adress"]["external_url"] is None
    assert rows["ny-plan"]["external_url"] == "https://example.org/plan.pdf"
    for slug in ("ny-plan", "gammal-plan", "utan-adress"):
        detail = client.get(f"/api/v1/documents/{slug}/")
        assert_conforms(openapi, "/api/v1/documents/{slug}/", "get", detail)
    assert client.get("/api/v1/documents/utan-adress/").json()["superseded_by"] is None
    assert client.get("/api/v1/documents/gammal-plan/").json()["superseded_by"] == "ny-plan"
    assert client.get("/api/v1/documents/utan-adress/").json()["external_url"] is None


def test_requests_conform(client, openapi, planner, documents):
    RequestFactory(topic="Utan dokument")
    RequestFactory(topic="Med dokument", document=documents[0], status="published")
    client.force_login(planner)
    listed = client.get("/api/v1/requests/")
    assert_conforms(openapi, "/api/v1/requests/", "get", listed)
    by_topic = {r["topic"]: r for r in listed.json()["results"]}
    assert by_topic["Utan dokument"]["document"] is None
    assert by_topic["Med dokument"]["document"] == "ny-plan"
    one = client.get(f"/api/v1/requests/{by_topic['Utan dokument']['id']}/")
    assert_conforms(openapi, "/api/v1/requests/{id}/", "get", one)
