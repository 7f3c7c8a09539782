"""The API answers inside its own committed schema (docs/openapi.yaml): every GET operation, on
the demo data (which has the nulls, empty strings and pages real data has), signed out and as an
administrator, checked against the declared response. Write operations are checked wherever the
suite calls them, by planportal.testing.openapi.SchemaConformanceMiddleware (test settings)."""

import io

import pytest
from django.core.management import call_command

from planportal.testing import openapi

ITEMS_PER_LIST = 6  # enough to meet the rows with nulls next to rows without


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def _items(data):
    if isinstance(data, dict):
        for key in ("results", "features"):
            if isinstance(data.get(key), list):
                return data[key]
        return []
    return data if isinstance(data, list) else []


def _values(item, name):
    if not isinstance(item, dict):
        return None
    if name in item:
        return item[name]
    if "properties" in item and name in (item["properties"] or {}):  # GeoJSON features
        return item["properties"][name]
    if name == "id":
        return item.get("pk") or item.get("slug")
    return None


def _get_operations():
    return [
        (path, item["get"]) for path, item in openapi.spec()["paths"].items() if "get" in item and path.startswith("/")
    ]


def _urls_for(client, template, cache):
    """Concrete URLs for a templated path, from the items of the list it hangs under."""
    if "{" not in template:
        return [template]
    head, rest = template.split("{", 1)
    name, tail = rest.split("}", 1)
    if head not in cache:
        response = client.get(head)
        cache[head] = _items(response.json()) if response.status_code == 200 else []
    urls = []
    for item in cache[head][:ITEMS_PER_LIST]:
        value = _values(item, name)
        if value is not None:
            urls.extend(_urls_for(client, f"{head}{value}{tail}", cache))
    return urls


@pytest.mark.parametrize("as_admin", [False, True], ids=["public", "administrator"])
def test_every_get_operation_answers_inside_the_committed_schema(client, administrator, demo, as_admin):
    if as_admin:
        client.force_login(administrator)
    problems, checked, cache = [], 0, {}
    for template, _operation in _get_operations():
        for url in _urls_for(client, template, cache):
            response = client.get(url)
            openapi.violations.clear()  # reported here, with the URL, rather than by the fixture
            if response.status_code >= 400:
                continue
            checked += 1
            found = openapi.check_response(
                "get", url, response.status_code, response.get("Content-Type", ""), response.content
            )
            problems.extend(f"{url}: {p}" for p in found)
    assert checked >= len(_get_operations()) // 2, "the walk reached too few operations to mean anything"
    assert not problems, f"{len(problems)} answers break docs/openapi.yaml:\n" + "\n".join(problems)


def test_the_checker_catches_what_it_promises():
    """It is not a checker that cannot fail: an undeclared null, an empty URI and a list where a page
    is declared are each caught."""
    spec = openapi.spec()
    page = next(p for p, item in spec["paths"].items() if p == "/api/v1/documents/")
    found = openapi.check_response("get", page, 200, "application/json", b"[]")
    assert found, "a plain list where a page is declared must break the schema"
    found = openapi.check_response("get", page, 418, "application/json", b"{}")
    assert "not declared" in found[0]
